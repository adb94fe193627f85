package dev.kvsedge.media.mkv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads EBML element headers and values from an {@link InputStream}, counting the bytes it consumes so that every
 * error can name its offset. It never reads ahead: the stream's position is always exactly after the last thing
 * returned, which is what lets a caller copy elements byte-exact while parsing them.
 */
public final class EbmlReader {
    /** The size of an element whose size VINT is all ones: it ends where its parent ends or a non-child appears. */
    public static final long UNKNOWN_SIZE = -1;
    /**
     * Payloads up to this size are allocated before they arrive; larger ones grow as their bytes come, so that a
     * lying size in a short stream costs no memory.
     */
    private static final int TRUSTED_SIZE = 1 << 20;

    /**
     * One element header.
     *
     * @param id the ID with its marker bits, e.g. {@code 0x1A45DFA3}
     * @param size the payload size, or {@link #UNKNOWN_SIZE}
     * @param offset where the element starts (its ID's first byte)
     * @param header the ID and size bytes exactly as read (size VINTs need not be minimal, so they are kept)
     */
    public record Element(int id, long size, long offset, byte[] header) {
        public boolean unknownSize() {
            return size == UNKNOWN_SIZE;
        }

        public long dataOffset() {
            return offset + header.length;
        }

        /** The offset just after the payload, or -1 when the size is unknown. */
        public long end() {
            return unknownSize() ? -1 : dataOffset() + size;
        }

        @Override
        public String toString() {
            return "element 0x" + Integer.toHexString(id).toUpperCase(Locale.ROOT) + " at byte " + offset;
        }
    }

    private final InputStream in;
    private long position;

    public EbmlReader(InputStream in) {
        this(in, 0);
    }

    /** For reading a slice of a larger stream: offsets in errors then refer to the whole stream. */
    public EbmlReader(InputStream in, long startOffset) {
        this.in = in;
        this.position = startOffset;
    }

    /** Offset of the next byte to be read. */
    public long position() {
        return position;
    }

    /**
     * Reads an element's ID (1 to 4 bytes) and size (1 to 8 bytes).
     *
     * @return the header, or null when the stream ends cleanly before its first byte
     */
    public @Nullable Element readHeader() throws IOException {
        long offset = position;
        int first = in.read();
        if (first < 0) {
            return null;
        }
        position++;
        byte[] buf = new byte[12];
        buf[0] = (byte) first;
        int idLength = vintLength(first);
        if (idLength > 4) {
            throw new MkvFormatException(offset, "invalid element ID byte 0x" + Integer.toHexString(first));
        }
        readInto(buf, 1, idLength - 1, "element ID");
        int id = 0;
        for (int i = 0; i < idLength; i++) {
            id = id << 8 | buf[i] & 0xFF;
        }
        long idValueMask = (1L << 7 * idLength) - 1;
        if ((id & idValueMask) == idValueMask) {
            throw new MkvFormatException(offset, "reserved element ID 0x" + Integer.toHexString(id));
        }
        int sizeFirst = in.read();
        if (sizeFirst < 0) {
            throw MkvFormatException.truncated(position, "stream ends inside an element header");
        }
        position++;
        buf[idLength] = (byte) sizeFirst;
        int sizeLength = vintLength(sizeFirst);
        if (sizeLength > 8) {
            throw new MkvFormatException(position - 1, "invalid element size byte 0x00");
        }
        readInto(buf, idLength + 1, sizeLength - 1, "element size");
        long size = sizeFirst & (0xFF >> sizeLength);
        for (int i = 1; i < sizeLength; i++) {
            size = size << 8 | buf[idLength + i] & 0xFF;
        }
        if (size == (1L << 7 * sizeLength) - 1) {
            size = UNKNOWN_SIZE;
        }
        return new Element(id, size, offset, Arrays.copyOf(buf, idLength + sizeLength));
    }

    /**
     * Reads the header of a child of a master element that ends at {@code parentEnd}: it must be there (the parent
     * said so), have a known size, and fit in the parent.
     */
    public Element readChild(long parentEnd) throws IOException {
        Element e = readHeader();
        if (e == null) {
            throw MkvFormatException.truncated(position, "stream ends inside an element");
        }
        if (e.unknownSize()) {
            throw new MkvFormatException(e.offset(), e + " has an unknown size where only a known one is allowed");
        }
        checkFits(e, parentEnd);
        return e;
    }

    /** Fails unless the element ends by {@code parentEnd} (a parent of unknown size, -1, bounds nothing). */
    public static void checkFits(Element e, long parentEnd) {
        if (parentEnd >= 0 && e.unknownSize()) {
            throw new MkvFormatException(e.offset(), e + " has an unknown size inside a parent of known size");
        }
        if (parentEnd >= 0 && e.end() > parentEnd) {
            throw new MkvFormatException(e.offset(),
                    e + " of size " + e.size() + " overruns its parent, which ends at byte " + parentEnd);
        }
    }

    /** Reads an element's payload; {@code limit} keeps a corrupt size from costing memory. */
    public byte[] readPayload(Element e, long limit) throws IOException {
        checkSize(e, limit);
        return readBytes((int) e.size());
    }

    /** Reads the rest of an element and returns it whole: header and payload, byte-exact. */
    public byte[] readElement(Element e, long limit) throws IOException {
        checkSize(e, limit);
        int headerLength = e.header().length;
        if (e.size() > TRUSTED_SIZE) {
            byte[] payload = readBytes((int) e.size());
            byte[] all = Arrays.copyOf(e.header(), headerLength + payload.length);
            System.arraycopy(payload, 0, all, headerLength, payload.length);
            return all;
        }
        // The common case (a video frame): one array, filled in place.
        byte[] all = Arrays.copyOf(e.header(), headerLength + (int) e.size());
        readInto(all, headerLength, (int) e.size(), "an element");
        return all;
    }

    /** An unsigned integer element (0 to 8 bytes) that must fit in a signed long. */
    public long readUnsigned(Element e) throws IOException {
        if (e.size() > 8) {
            throw new MkvFormatException(e.offset(), e + " is an integer of " + e.size() + " bytes");
        }
        long value = bits(readBytes((int) e.size()));
        if (value < 0) {
            throw new MkvFormatException(e.offset(), e + " holds an integer too large to use");
        }
        return value;
    }

    /** A float element: 0, 4 or 8 bytes. */
    public double readFloat(Element e) throws IOException {
        return switch ((int) Math.min(e.size(), 9)) {
            case 0 -> 0;
            case 4 -> Float.intBitsToFloat((int) bits(readBytes(4)));
            case 8 -> Double.longBitsToDouble(bits(readBytes(8)));
            default -> throw new MkvFormatException(e.offset(), e + " is a float of " + e.size() + " bytes");
        };
    }

    /** A string element (ASCII or UTF-8); EBML allows trailing zero bytes as padding. */
    public String readString(Element e, long limit) throws IOException {
        byte[] bytes = readPayload(e, limit);
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Skips {@code n} bytes without holding them: Cues or Tags may be large and nobody needs them. */
    public void skip(long n) throws IOException {
        byte[] scratch = null;
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (scratch == null) {
                    scratch = new byte[(int) Math.min(n, 8192)];
                }
                skipped = in.read(scratch, 0, (int) Math.min(n, scratch.length));
                if (skipped < 0) {
                    throw MkvFormatException.truncated(position, "stream ends inside an element");
                }
            }
            position += skipped;
            n -= skipped;
        }
    }

    /** Bytes a VINT starting with {@code first} occupies: 1 plus its leading zero bits (9 for 0x00: invalid). */
    static int vintLength(int first) {
        return Integer.numberOfLeadingZeros(first & 0xFF) - 23;
    }

    private void checkSize(Element e, long limit) {
        if (e.unknownSize() || e.size() > limit) {
            throw new MkvFormatException(e.offset(), e + " has size " + (e.unknownSize() ? "unknown" : e.size())
                    + ", over the limit of " + limit + " bytes");
        }
    }

    private byte[] readBytes(int n) throws IOException {
        // readNBytes grows its buffer as data arrives, so a lying size in a short stream costs no memory.
        byte[] bytes = in.readNBytes(n);
        position += bytes.length;
        if (bytes.length < n) {
            throw MkvFormatException.truncated(position, "stream ends inside an element");
        }
        return bytes;
    }

    private void readInto(byte[] buf, int offset, int n, String what) throws IOException {
        int read = in.readNBytes(buf, offset, n);
        position += read;
        if (read < n) {
            throw MkvFormatException.truncated(position, "stream ends inside " + what);
        }
    }

    private static long bits(byte[] bytes) {
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | b & 0xFF;
        }
        return value;
    }
}
