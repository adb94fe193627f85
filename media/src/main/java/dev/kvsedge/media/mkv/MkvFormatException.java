package dev.kvsedge.media.mkv;

/**
 * The bytes are not valid Matroska. Unchecked so that playback code, which parses clusters it validated on
 * ingest, does not have to declare it; I/O failures of the underlying stream stay {@link java.io.IOException}s,
 * so an ingest loop tells "the producer sent garbage" from "the connection broke".
 */
public final class MkvFormatException extends RuntimeException {
    private final long offset;
    private final boolean truncated;

    public MkvFormatException(long offset, String message) {
        this(offset, message, false);
    }

    private MkvFormatException(long offset, String message, boolean truncated) {
        super("invalid MKV at byte " + offset + ": " + message);
        this.offset = offset;
        this.truncated = truncated;
    }

    /** The stream ended in the middle of an element (as opposed to cleanly between two top-level elements). */
    public static MkvFormatException truncated(long offset, String message) {
        return new MkvFormatException(offset, message, true);
    }

    /** Byte offset in the stream where the problem was seen. */
    public long offset() {
        return offset;
    }

    /** True when the input ended inside an element: a cut upload rather than malformed bytes. */
    public boolean truncated() {
        return truncated;
    }
}
