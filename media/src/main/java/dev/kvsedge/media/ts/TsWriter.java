package dev.kvsedge.media.ts;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.DecodeTimes;
import dev.kvsedge.media.mp4.RemuxTracks;
import java.util.List;

/**
 * MPEG-TS segments for HLS from Matroska frames, without re-encoding. Each segment stands alone: it starts with
 * PAT and PMT, every continuity counter starts at 0, and its first video frame (a fragment starts on a key frame)
 * carries the SPS and PPS, so a player can begin at any segment.
 *
 * <p>H.264 goes on PID 0x100 as Annex B with an AUD per access unit; AAC on PID 0x101 as ADTS, one frame per PES.
 * Times are the frames' absolute times at 90 kHz, taken modulo 2^33 as the format requires (players unwrap it),
 * so consecutive segments continue one time line. The PCR rides on the first packet of each video frame, at the
 * frame's DTS minus {@link #PCR_DELAY_TICKS}: the clock must reach a frame's decode time only after the frame has
 * arrived, and one video frame per PCR keeps PCRs well within 100 ms of each other at usual frame rates.
 */
public final class TsWriter {
    public static final int PMT_PID = 0x1000;
    public static final int VIDEO_PID = 0x100;
    public static final int AUDIO_PID = 0x101;
    /** 100 ms at 90 kHz: the PCR runs this far behind the decode times. */
    static final long PCR_DELAY_TICKS = 9_000;
    private static final int TIMESCALE = 90_000;

    private TsWriter() {}

    /**
     * One segment holding the given frames.
     *
     * @param frames in decode order; frames of tracks not listed are left out
     * @throws IllegalArgumentException when the tracks are not one H.264 track and at most one ADTS-compatible AAC
     *     track, when there is no video frame, or when a video frame's NAL lengths are corrupt
     */
    public static byte[] segment(List<Track> tracks, List<Frame> frames) {
        RemuxTracks t = RemuxTracks.of(tracks);
        if (t.hasAudio()) {
            Adts.check(t.requireAac());
        }
        List<Frame> video = t.requireVideoFrames(frames);
        long[] ptsNanos = new long[video.size()];
        for (int i = 0; i < ptsNanos.length; i++) {
            ptsNanos[i] = video.get(i).ptsNanos();
        }
        long[] dtsNanos = DecodeTimes.derive(ptsNanos);

        TsPackets out = new TsPackets();
        out.writeSection(0, Psi.pat(PMT_PID));
        if (t.hasAudio()) {
            out.writeSection(PMT_PID, Psi.pmt(VIDEO_PID, new int[] {Psi.STREAM_TYPE_H264, Psi.STREAM_TYPE_AAC_ADTS},
                    new int[] {VIDEO_PID, AUDIO_PID}));
        } else {
            out.writeSection(PMT_PID, Psi.pmt(VIDEO_PID, new int[] {Psi.STREAM_TYPE_H264}, new int[] {VIDEO_PID}));
        }
        int videoIndex = 0;
        for (Frame frame : frames) {
            if (frame.track() == t.video().number()) {
                long pts = DecodeTimes.toTicks(ptsNanos[videoIndex], TIMESCALE);
                long dts = DecodeTimes.toTicks(dtsNanos[videoIndex], TIMESCALE);
                videoIndex++;
                byte[] accessUnit = AccessUnits.annexB(frame.data(), frame.keyFrame(), t.avc());
                out.writePes(VIDEO_PID, Pes.packet(Pes.VIDEO_STREAM_ID, pts, dts, accessUnit),
                        dts - PCR_DELAY_TICKS, frame.keyFrame());
            } else if (t.hasAudio() && frame.track() == t.requireAudio().number()) {
                long pts = DecodeTimes.toTicks(frame.ptsNanos(), TIMESCALE);
                out.writePes(AUDIO_PID,
                        Pes.packet(Pes.AUDIO_STREAM_ID, pts, pts, Adts.frame(t.requireAac(), frame.data())),
                        -1, false);
            }
        }
        return out.toByteArray();
    }
}
