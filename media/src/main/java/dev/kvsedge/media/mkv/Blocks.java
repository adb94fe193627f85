package dev.kvsedge.media.mkv;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes SimpleBlock and BlockGroup elements: their header, their lacing, and the frames they hold. */
public final class Blocks {
    private static final int NO_LACING = 0;
    private static final int XIPH_LACING = 1;
    private static final int FIXED_LACING = 2;

    private Blocks() {}

    /**
     * What a block says, with where each of its frames lies in the element (so that validating a block on ingest
     * copies nothing).
     */
    record Parsed(int track, int relativeTimecode, boolean keyFrame, long durationTicks, int[] offsets, int[] sizes) {}

    /**
     * The frames of one block.
     *
     * @param track the block's track: its number is checked, its DefaultDuration spaces laced frames
     * @param element a whole SimpleBlock or BlockGroup element, ID and size included
     * @param clusterTimecode the enclosing cluster's Timecode
     * @return the frames, {@code pts = (clusterTimecode + relativeTimecode) * timecodeScale} for the first; laced
     *     frames follow at DefaultDuration (or BlockDuration divided evenly) intervals
     */
    public static List<Frame> frames(Track track, byte[] element, long clusterTimecode, long timecodeScaleNanos) {
        Parsed p = parse(element, 0);
        if (p.track() != track.number()) {
            throw new MkvFormatException(0, "block of track " + p.track() + " decoded as track " + track.number());
        }
        int count = p.sizes().length;
        try {
            long pts = Math.multiplyExact(Math.addExact(clusterTimecode, p.relativeTimecode()), timecodeScaleNanos);
            long blockDuration = p.durationTicks() >= 0
                    ? Math.multiplyExact(p.durationTicks(), timecodeScaleNanos)
                    : -1;
            long frameDuration;
            if (count == 1) {
                frameDuration = blockDuration >= 0 ? blockDuration : track.defaultDurationNanos();
            } else if (track.defaultDurationNanos() > 0) {
                frameDuration = track.defaultDurationNanos();
            } else {
                frameDuration = Math.max(blockDuration, 0) / count;
            }
            List<Frame> frames = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] data = Arrays.copyOfRange(element, p.offsets()[i], p.offsets()[i] + p.sizes()[i]);
                long framePts = Math.addExact(pts, Math.multiplyExact(i, frameDuration));
                frames.add(new Frame(p.track(), framePts, frameDuration, p.keyFrame(), data));
            }
            return frames;
        } catch (ArithmeticException e) {
            throw new MkvFormatException(0, "block timestamp overflows");
        }
    }

    /**
     * Reads a SimpleBlock or BlockGroup element and checks its lacing.
     *
     * @param streamOffset where the element starts in the stream, for error messages
     */
    static Parsed parse(byte[] element, long streamOffset) {
        try {
            EbmlReader r = new EbmlReader(new ByteArrayInputStream(element), streamOffset);
            EbmlReader.Element e = r.readChild(streamOffset + element.length);
            if (e.end() != streamOffset + element.length) {
                throw new MkvFormatException(streamOffset, e + " does not fill the block bytes");
            }
            if (e.id() == MkvIds.SIMPLE_BLOCK) {
                return parseBlock(element, e.header().length, element.length, streamOffset, true, true, -1);
            }
            if (e.id() != MkvIds.BLOCK_GROUP) {
                throw new MkvFormatException(streamOffset, e + " is neither a SimpleBlock nor a BlockGroup");
            }
            int blockStart = -1;
            int blockEnd = -1;
            long duration = -1;
            boolean referenced = false;
            while (r.position() < e.end()) {
                EbmlReader.Element child = r.readChild(e.end());
                switch (child.id()) {
                    case MkvIds.BLOCK -> {
                        if (blockStart >= 0) {
                            throw new MkvFormatException(child.offset(), "BlockGroup with two Blocks");
                        }
                        blockStart = (int) (child.dataOffset() - streamOffset);
                        blockEnd = (int) (child.end() - streamOffset);
                        r.skip(child.size());
                    }
                    case MkvIds.BLOCK_DURATION -> duration = r.readUnsigned(child);
                    case MkvIds.REFERENCE_BLOCK -> {
                        referenced = true;
                        r.skip(child.size());
                    }
                    default -> r.skip(child.size());
                }
            }
            if (blockStart < 0) {
                throw new MkvFormatException(streamOffset, "BlockGroup without a Block");
            }
            return parseBlock(element, blockStart, blockEnd, streamOffset, false, !referenced, duration);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
        }
    }

    /** The Block structure shared by SimpleBlock and Block: track, timecode, flags, lacing, frames. */
    private static Parsed parseBlock(byte[] b, int start, int end, long streamOffset, boolean simpleBlock,
            boolean unreferenced, long duration) {
        Cursor c = new Cursor(b, start, end, streamOffset);
        long track = c.vint();
        if (track < 1 || track > Integer.MAX_VALUE) {
            throw c.error("invalid track number " + track);
        }
        int relativeTimecode = (short) (c.u8() << 8 | c.u8());
        int flags = c.u8();
        // SimpleBlock has a key flag; a Block in a BlockGroup is a key frame when nothing references it.
        boolean keyFrame = simpleBlock ? (flags & 0x80) != 0 : unreferenced;
        int lacing = flags >> 1 & 3;
        if (lacing == NO_LACING) {
            return new Parsed((int) track, relativeTimecode, keyFrame, duration, new int[] {c.pos},
                    new int[] {end - c.pos});
        }
        int count = c.u8() + 1;
        long[] sizes = new long[count];
        if (lacing == FIXED_LACING) {
            if ((end - c.pos) % count != 0) {
                throw c.error((end - c.pos) + " bytes do not split into " + count + " equal frames");
            }
            Arrays.fill(sizes, (end - c.pos) / count);
        } else {
            for (int i = 0; i < count - 1; i++) {
                if (lacing == XIPH_LACING) {
                    int v;
                    do {
                        v = c.u8();
                        sizes[i] += v;
                    } while (v == 255);
                } else if (i == 0) { // EBML lacing (3): the first size, then signed differences
                    sizes[0] = c.vint();
                } else {
                    sizes[i] = sizes[i - 1] + c.signedVint();
                }
            }
        }
        // Check every size against what is left before adding it, so that lying sizes cannot overflow.
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        int at = c.pos;
        for (int i = 0; i < count; i++) {
            long size = lacing != FIXED_LACING && i == count - 1 ? end - at : sizes[i];
            if (size < 0 || size > end - at) {
                throw c.error("laced frame " + i + " of " + size + " bytes exceeds the block");
            }
            offsets[i] = at;
            lengths[i] = (int) size;
            at += (int) size;
        }
        return new Parsed((int) track, relativeTimecode, keyFrame, duration, offsets, lengths);
    }

    /** Reads bytes and VINTs inside one block's bytes, failing cleanly at its end. */
    private static final class Cursor {
        private final byte[] b;
        private final int end;
        private final long streamOffset;
        private int pos;
        private int lastLength;

        Cursor(byte[] b, int pos, int end, long streamOffset) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            this.streamOffset = streamOffset;
        }

        int u8() {
            if (pos >= end) {
                throw error("block header runs past the block");
            }
            return b[pos++] & 0xFF;
        }

        long vint() {
            int first = u8();
            lastLength = EbmlReader.vintLength(first);
            if (lastLength > 8) {
                throw error("invalid VINT");
            }
            long value = first & 0xFF >> lastLength;
            for (int i = 1; i < lastLength; i++) {
                value = value << 8 | u8();
            }
            return value;
        }

        /** EBML lacing's signed VINT: the unsigned value minus half its range. */
        long signedVint() {
            long value = vint();
            return value - ((1L << 7 * lastLength - 1) - 1);
        }

        MkvFormatException error(String message) {
            return new MkvFormatException(streamOffset + pos, message);
        }
    }
}
