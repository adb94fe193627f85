package dev.kvsedge.media.mkv;

import dev.kvsedge.media.Track;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pulls {@link MkvEvent}s out of an endless Matroska byte stream (a PutMedia upload) with constant memory: it holds
 * at most one block or one metadata element at a time, never a whole cluster.
 *
 * <p>Accepted: EBML header + Segment, repeated (producers may concatenate documents; each new Segment yields a new
 * {@link MkvEvent.Header}); Segments and Clusters of known or unknown size. Segment-level elements other than Info,
 * Tracks and Cluster (SeekHead, Cues, Tags, Chapters, Attachments, Void, CRC-32, unknown ones) are skipped without
 * being held. Anything else is a {@link MkvFormatException}; a stream cut inside an element is one whose
 * {@link MkvFormatException#truncated()} is true.
 */
public final class MkvStreamReader {
    public static final int DEFAULT_MAX_BLOCK_SIZE = 64 << 20;
    /** Bound on EBML header, Info, Tracks and the children before a cluster's Timecode: all small in practice. */
    public static final int MAX_METADATA_SIZE = 16 << 20;
    public static final long DEFAULT_TIMECODE_SCALE = 1_000_000;

    private enum Level {
        STREAM, DOCUMENT, SEGMENT, CLUSTER
    }

    private final EbmlReader in;
    private final int maxBlockSize;

    private Level level = Level.STREAM;
    /** A header already read that belongs to the next step: the element that ended a cluster of unknown size. */
    private EbmlReader.@Nullable Element pending;

    private long segmentEnd;
    private boolean infoSeen;
    private long timecodeScale;
    private @Nullable List<Track> tracks;
    private byte @Nullable [] tracksElement;
    private boolean headerSent;

    private long clusterEnd;
    private boolean timecodeSeen;
    private final ByteArrayOutputStream beforeTimecode = new ByteArrayOutputStream();

    public MkvStreamReader(InputStream in) {
        this(in, DEFAULT_MAX_BLOCK_SIZE);
    }

    public MkvStreamReader(InputStream in, int maxBlockSize) {
        this.in = new EbmlReader(in);
        this.maxBlockSize = maxBlockSize;
    }

    /** Offset just after the last event returned (an element read ahead to end a cluster is not counted). */
    public long position() {
        return in.position() - (pending == null ? 0 : pending.header().length);
    }

    /**
     * The next event, or null when the stream ends cleanly: between documents, or inside a Segment or Cluster of
     * unknown size (which is how a live upload ends).
     */
    public @Nullable MkvEvent next() throws IOException {
        while (true) {
            if (level == Level.CLUSTER) {
                MkvEvent event = nextInCluster();
                if (event != null) {
                    return event;
                }
                continue;
            }
            if (level == Level.SEGMENT && pending == null && in.position() == segmentEnd) {
                level = Level.STREAM;
            }
            EbmlReader.Element e = take();
            if (e == null) {
                return endOfStream();
            }
            switch (level) {
                case STREAM -> {
                    if (e.id() != MkvIds.EBML) {
                        throw new MkvFormatException(e.offset(), "expected an EBML header, found " + e);
                    }
                    readEbmlHeader(e);
                }
                case DOCUMENT -> {
                    if (e.id() != MkvIds.SEGMENT) {
                        throw new MkvFormatException(e.offset(), "expected a Segment, found " + e);
                    }
                    startSegment(e);
                }
                default -> {
                    MkvEvent event = segmentChild(e);
                    if (event != null) {
                        return event;
                    }
                }
            }
        }
    }

    private @Nullable MkvEvent endOfStream() {
        if (level == Level.DOCUMENT) {
            throw MkvFormatException.truncated(in.position(), "stream ends after an EBML header, before its Segment");
        }
        if (level == Level.SEGMENT && segmentEnd >= 0) {
            throw MkvFormatException.truncated(in.position(), "stream ends inside a Segment of known size");
        }
        if (level == Level.SEGMENT && !headerSent && tracks != null) {
            return header();
        }
        return null;
    }

    private @Nullable MkvEvent segmentChild(EbmlReader.Element e) throws IOException {
        // A new document (EBML header, or leniently a bare Segment) may follow a Segment of unknown size: that is
        // how producers concatenate uploads. Inside a known-size Segment it cannot appear.
        if (e.id() == MkvIds.EBML || e.id() == MkvIds.SEGMENT) {
            if (segmentEnd >= 0) {
                throw new MkvFormatException(e.offset(), e + " inside a Segment of known size");
            }
            if (!headerSent && tracks != null) {
                pending = e;
                return header();
            }
            if (e.id() == MkvIds.EBML) {
                readEbmlHeader(e);
            } else {
                startSegment(e);
            }
            return null;
        }
        if (e.id() != MkvIds.CLUSTER) {
            EbmlReader.checkFits(e, segmentEnd);
        }
        switch (e.id()) {
            case MkvIds.INFO -> {
                if (infoSeen) {
                    throw new MkvFormatException(e.offset(), "second Info in a Segment");
                }
                infoSeen = true;
                timecodeScale = readInfo(e);
                return tracks != null && !headerSent ? header() : null;
            }
            case MkvIds.TRACKS -> {
                if (tracks != null) {
                    throw new MkvFormatException(e.offset(), "second Tracks in a Segment");
                }
                tracksElement = in.readElement(e, MAX_METADATA_SIZE);
                tracks = TracksParser.parse(tracksElement, e.offset());
                return infoSeen ? header() : null;
            }
            case MkvIds.CLUSTER -> {
                if (tracks == null) {
                    throw new MkvFormatException(e.offset(), "Cluster before Tracks");
                }
                if (!headerSent) {
                    pending = e;
                    return header();
                }
                startCluster(e);
                return null;
            }
            default -> {
                if (e.unknownSize()) {
                    throw new MkvFormatException(e.offset(), e + " has an unknown size");
                }
                in.skip(e.size());
                return null;
            }
        }
    }

    private @Nullable MkvEvent nextInCluster() throws IOException {
        // A Cluster of unknown size inside a Segment of known size ends with the Segment.
        long end = clusterEnd >= 0 ? clusterEnd : segmentEnd;
        if (pending == null && in.position() == end) {
            return endCluster();
        }
        EbmlReader.Element e = take();
        if (e == null) {
            if (end >= 0) {
                throw MkvFormatException.truncated(in.position(), "stream ends inside a Cluster");
            }
            return endCluster();
        }
        if (MkvIds.endsCluster(e.id())) {
            if (clusterEnd >= 0) {
                throw new MkvFormatException(e.offset(), e + " inside a Cluster of known size");
            }
            pending = e;
            return endCluster();
        }
        if (e.unknownSize()) {
            throw new MkvFormatException(e.offset(), e + " has an unknown size");
        }
        EbmlReader.checkFits(e, end);
        switch (e.id()) {
            case MkvIds.TIMECODE -> {
                if (timecodeSeen) {
                    throw new MkvFormatException(e.offset(), "second Timecode in a Cluster");
                }
                byte[] element = in.readElement(e, 8);
                long timecode = child(element, e).readUnsigned(e);
                timecodeSeen = true;
                beforeTimecode.writeBytes(element);
                byte[] elements = beforeTimecode.toByteArray();
                beforeTimecode.reset();
                return new MkvEvent.ClusterStart(timecode, elements);
            }
            case MkvIds.SIMPLE_BLOCK, MkvIds.BLOCK_GROUP -> {
                if (!timecodeSeen) {
                    throw new MkvFormatException(e.offset(), "block before the Cluster's Timecode");
                }
                byte[] element = in.readElement(e, maxBlockSize);
                // A block of a track Tracks does not declare is well-formed Matroska: the caller decides (PutMedia
                // drops that fragment with 4010 and goes on).
                Blocks.Parsed block = Blocks.parse(element, e.offset());
                return new MkvEvent.Block(block.track(), block.relativeTimecode(), block.keyFrame(),
                        block.durationTicks(), element);
            }
            default -> {
                if (timecodeSeen) {
                    return new MkvEvent.ClusterOther(in.readElement(e, maxBlockSize));
                }
                if (beforeTimecode.size() + e.size() > MAX_METADATA_SIZE) {
                    throw new MkvFormatException(e.offset(),
                            "over " + MAX_METADATA_SIZE + " bytes before the Cluster's Timecode");
                }
                beforeTimecode.writeBytes(in.readElement(e, MAX_METADATA_SIZE));
                return null;
            }
        }
    }

    private EbmlReader.@Nullable Element take() throws IOException {
        EbmlReader.Element e = pending;
        pending = null;
        return e != null ? e : in.readHeader();
    }

    private MkvEvent header() {
        headerSent = true;
        return new MkvEvent.Header(timecodeScale, Objects.requireNonNull(tracks, "a header before Tracks"),
                Objects.requireNonNull(tracksElement, "a header before Tracks"));
    }

    private void readEbmlHeader(EbmlReader.Element e) throws IOException {
        byte[] element = in.readElement(e, MAX_METADATA_SIZE);
        EbmlReader r = child(element, e);
        String docType = "matroska";
        while (r.position() < e.end()) {
            EbmlReader.Element child = r.readChild(e.end());
            switch (child.id()) {
                case MkvIds.DOC_TYPE -> docType = r.readString(child, MAX_METADATA_SIZE);
                case MkvIds.EBML_READ_VERSION -> {
                    if (r.readUnsigned(child) > 1) {
                        throw new MkvFormatException(child.offset(), "EBMLReadVersion above 1");
                    }
                }
                default -> r.skip(child.size());
            }
        }
        if (!docType.equals("matroska") && !docType.equals("webm")) {
            throw new MkvFormatException(e.offset(), "DocType \"" + docType + "\" is not Matroska");
        }
        level = Level.DOCUMENT;
    }

    private void startSegment(EbmlReader.Element e) {
        level = Level.SEGMENT;
        segmentEnd = e.end();
        infoSeen = false;
        timecodeScale = DEFAULT_TIMECODE_SCALE;
        tracks = null;
        tracksElement = null;
        headerSent = false;
    }

    private void startCluster(EbmlReader.Element e) {
        if (!e.unknownSize()) {
            EbmlReader.checkFits(e, segmentEnd);
        }
        level = Level.CLUSTER;
        clusterEnd = e.end();
        timecodeSeen = false;
        beforeTimecode.reset();
    }

    private MkvEvent endCluster() {
        if (!timecodeSeen) {
            throw new MkvFormatException(position(), "Cluster without a Timecode");
        }
        level = Level.SEGMENT;
        return new MkvEvent.ClusterEnd();
    }

    private long readInfo(EbmlReader.Element e) throws IOException {
        byte[] element = in.readElement(e, MAX_METADATA_SIZE);
        EbmlReader r = child(element, e);
        long scale = DEFAULT_TIMECODE_SCALE;
        while (r.position() < e.end()) {
            EbmlReader.Element child = r.readChild(e.end());
            if (child.id() == MkvIds.TIMECODE_SCALE) {
                scale = r.readUnsigned(child);
                if (scale == 0) {
                    throw new MkvFormatException(child.offset(), "TimecodeScale of 0");
                }
            } else {
                r.skip(child.size());
            }
        }
        return scale;
    }

    /** A reader over the payload of an element held in memory, reporting offsets in the stream. */
    static EbmlReader child(byte[] element, EbmlReader.Element e) {
        int headerLength = e.header().length;
        return new EbmlReader(new ByteArrayInputStream(element, headerLength, element.length - headerLength),
                e.dataOffset());
    }
}
