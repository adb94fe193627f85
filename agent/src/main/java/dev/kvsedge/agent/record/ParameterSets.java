package dev.kvsedge.agent.record;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.AvcDecoderConfig;
import dev.kvsedge.media.h264.NalUnits;
import dev.kvsedge.media.h264.Sps;
import dev.kvsedge.media.mkv.MkvWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream's H.264 parameter sets (SPS and PPS), which the Matroska track's CodecPrivate (an avcC record) must
 * hold: from the demuxer's extradata when it has them (an avcC from a file, Annex B from the RTSP SDP's
 * sprop-parameter-sets), else from the first key frame that carries them in-band. Key frames that carry different
 * ones (the camera changed resolution or profile) replace them, and the recording starts a new segment with them.
 */
final class ParameterSets {
    /** Milliseconds: the Matroska and Kinesis Video timecode unit. */
    static final long TIMECODE_SCALE_NANOS = 1_000_000;
    private static final String MUXING_APP = "kvs-edge-agent";
    static final int VIDEO_TRACK = 1;
    static final int AUDIO_TRACK = 2;
    /** Samples in an AAC frame (AAC-LC): its duration at the track's rate. */
    private static final long AAC_FRAME_SAMPLES = 1024;

    private final int lengthSize;
    private List<byte[]> sps = List.of();
    private List<byte[]> pps = List.of();

    private ParameterSets(int lengthSize) {
        this.lengthSize = lengthSize;
    }

    /** From the demuxer's extradata (possibly empty). */
    static ParameterSets of(byte[] extradata, MediaSource source) throws SourceException {
        if (extradata.length > 0 && extradata[0] == 1) {
            AvcDecoderConfig config;
            try {
                config = AvcDecoderConfig.parse(extradata);
            } catch (IllegalArgumentException e) {
                throw new SourceException(Status.USER_ERROR,
                        source.display() + " has an unreadable H.264 avcC: " + e.getMessage());
            }
            ParameterSets sets = new ParameterSets(config.nalLengthSize());
            sets.sps = config.sps();
            sets.pps = config.pps();
            return sets;
        }
        ParameterSets sets = new ParameterSets(0);
        List<byte[]> s = new ArrayList<>();
        List<byte[]> p = new ArrayList<>();
        for (byte[] unit : NalUnits.splitAnnexB(extradata)) {
            if (NalUnits.type(unit) == NalUnits.SPS) {
                s.add(unit);
            } else if (NalUnits.type(unit) == NalUnits.PPS) {
                p.add(unit);
            }
        }
        if (!s.isEmpty() && !p.isEmpty()) {
            sets.sps = List.copyOf(s);
            sets.pps = List.copyOf(p);
        }
        return sets;
    }

    /** The NAL length size of the source's packets, or 0 when they are Annex B. */
    int lengthSize() {
        return lengthSize;
    }

    boolean ready() {
        return !sps.isEmpty() && !pps.isEmpty();
    }

    /**
     * Takes in-band parameter sets from a key frame.
     *
     * @return true when they differ from the ones held (or none were held)
     */
    boolean update(AccessUnit unit) {
        boolean differs = false;
        int spsSeen = 0;
        int ppsSeen = 0;
        for (int i = 0; i < unit.nalCount(); i++) {
            int type = unit.nalType(i);
            if (type == NalUnits.SPS) {
                differs |= spsSeen >= sps.size() || !unit.nalEquals(i, sps.get(spsSeen));
                spsSeen++;
            } else if (type == NalUnits.PPS) {
                differs |= ppsSeen >= pps.size() || !unit.nalEquals(i, pps.get(ppsSeen));
                ppsSeen++;
            }
        }
        if (spsSeen == 0 || ppsSeen == 0 || !differs) {
            return false;
        }
        List<byte[]> s = new ArrayList<>();
        List<byte[]> p = new ArrayList<>();
        for (int i = 0; i < unit.nalCount(); i++) {
            if (unit.nalType(i) == NalUnits.SPS) {
                s.add(unit.nal(i));
            } else if (unit.nalType(i) == NalUnits.PPS) {
                p.add(unit.nal(i));
            }
        }
        sps = List.copyOf(s);
        pps = List.copyOf(p);
        return true;
    }

    /**
     * The start of a segment's Matroska document: one H.264 track (number 1) with these parameter sets, the
     * picture size from the SPS, and the frame duration when the source told it (else none: readers then use the
     * blocks' spacing); and the source's AAC audio as track 2, when it has some.
     */
    byte[] header(long frameNanos, MediaSource source, FfmpegInput.AudioTrack audio) throws SourceException {
        try {
            AvcDecoderConfig config = AvcDecoderConfig.of(sps, pps);
            Sps parsed = config.firstSps();
            Track video = new Track(VIDEO_TRACK, Track.VIDEO, Track.H264, config.toBytes(), frameNanos, parsed.width(),
                    parsed.height(), 0, 0);
            List<Track> tracks = audio == null
                    ? List.of(video)
                    : List.of(video, new Track(AUDIO_TRACK, Track.AUDIO, Track.AAC,
                            audio.specificConfig(), AAC_FRAME_SAMPLES * 1_000_000_000L / audio.sampleRate(), 0, 0,
                            audio.sampleRate(),
                            audio.channels()));
            return MkvWriter.header(TIMECODE_SCALE_NANOS, MkvWriter.tracks(tracks), MUXING_APP);
        } catch (IllegalArgumentException e) {
            throw new SourceException(Status.USER_ERROR,
                    source.display() + " sends an unreadable H.264 SPS: " + e.getMessage());
        }
    }
}
