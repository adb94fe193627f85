package dev.kvsedge.media.mp4;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.DecodeTimes;
import dev.kvsedge.media.h264.Sps;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Fragmented MP4 (ISO BMFF with movie fragments, CMAF-style) from Matroska frames, without re-encoding: an init
 * segment (ftyp + moov describing the tracks, no samples) and media segments (moof + mdat, one per Kinesis Video
 * fragment). HLS with fMP4 and DASH serve these as they are; GetClip concatenates them into one file.
 *
 * <p>Video uses a 90 kHz timescale: the MPEG convention (MPEG-TS clocks, HLS, most MP4 muxers), it holds the
 * common frame rates as whole ticks (25 fps = 3600, 30000/1001 fps = 3003), and Matroska's millisecond timestamps
 * convert exactly (90 ticks per millisecond). AAC uses its sampling rate, so each frame is exactly 1024 ticks.
 *
 * <p>Times in media segments are absolute by default: tfdt is the first sample's decode time since the origin
 * (the Unix epoch for Kinesis Video producer timestamps), so segments made by separate requests line up on one
 * time line. The MP4 track_ID of a track is its Matroska track number.
 */
public final class Fmp4Writer {
    /** Ticks per second of the video track. */
    public static final int VIDEO_TIMESCALE = 90_000;

    private Fmp4Writer() {}

    /**
     * The init segment: ftyp, then moov with one trak per track (sample descriptions only, empty sample tables)
     * and mvex so that players expect movie fragments.
     *
     * @throws IllegalArgumentException when the tracks are not one H.264 track and at most one AAC track
     */
    public static byte[] initSegment(List<Track> tracks) {
        RemuxTracks t = RemuxTracks.of(tracks);
        BoxWriter w = new BoxWriter();
        writeFtyp(w, !t.hasAudio());
        w.start("moov");
        w.start("mvhd", 0, 0)
                .u32(0).u32(0) // creation and modification time: unknown
                .u32(1000).u32(0) // timescale, duration: unknown, the fragments carry the samples
                .u32(0x00010000).u16(0x0100).zeros(10) // rate 1.0, volume 1.0, reserved
                .matrix().zeros(24)
                .u32(Math.max(t.video().number(), t.hasAudio() ? t.requireAudio().number() : 0) + 1L)
                .end();
        writeVideoTrak(w, t);
        if (t.hasAudio()) {
            writeAudioTrak(w, t);
        }
        w.start("mvex");
        writeTrex(w, t.video().number());
        if (t.hasAudio()) {
            writeTrex(w, t.requireAudio().number());
        }
        w.end();
        w.end();
        return w.toByteArray();
    }

    /**
     * One media segment (moof + mdat) holding the given frames, with absolute times.
     *
     * @param sequenceNumber the mfhd sequence number, increasing from segment to segment (the fragment's number in
     *     a playlist; 1 for the first)
     * @param frames the frames in decode order; frames of tracks not listed are left out
     * @throws IllegalArgumentException when the tracks are unsupported or there is no video frame
     */
    public static byte[] mediaSegment(int sequenceNumber, List<Track> tracks, List<Frame> frames) {
        return mediaSegment(sequenceNumber, tracks, frames, 0);
    }

    /**
     * One media segment with times counted from {@code timeOriginNanos} instead of 0: a frame whose PTS is the
     * origin is at time 0.
     */
    public static byte[] mediaSegment(int sequenceNumber, List<Track> tracks, List<Frame> frames,
            long timeOriginNanos) {
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException("negative sequence number " + sequenceNumber);
        }
        RemuxTracks t = RemuxTracks.of(tracks);
        List<SampleRun> runs = new ArrayList<>(2);
        runs.add(SampleRun.video(t.video(), t.requireVideoFrames(frames), timeOriginNanos));
        List<Frame> audioFrames = t.audioFrames(frames);
        if (!audioFrames.isEmpty()) {
            runs.add(SampleRun.audio(t.requireAudio(), t.requireAac(), audioFrames, timeOriginNanos));
        }
        return MediaSegment.write(sequenceNumber, runs);
    }

    /**
     * A whole clip as one fragmented MP4 file: the init segment, then one media segment per fragment. Times start
     * at 0 at the first fragment's first decode time, so the file plays from 0:00 in any player.
     *
     * @param fragments each fragment's frames in decode order; empty fragments are skipped
     * @throws IllegalArgumentException (before anything is written) when the tracks are unsupported or the first
     *     fragment has no video frame
     */
    public static void writeClip(List<Track> tracks, Iterable<? extends List<Frame>> fragments, OutputStream out)
            throws IOException {
        RemuxTracks t = RemuxTracks.of(tracks);
        Iterator<? extends List<Frame>> it = fragments.iterator();
        List<Frame> first = null;
        while (it.hasNext() && (first == null || first.isEmpty())) {
            first = it.next();
        }
        if (first == null || first.isEmpty()) {
            throw new IllegalArgumentException("no frames to write into a clip");
        }
        long origin = clipOrigin(t, first);
        out.write(initSegment(tracks));
        int sequence = 1;
        out.write(mediaSegment(sequence++, tracks, first, origin));
        while (it.hasNext()) {
            List<Frame> fragment = it.next();
            if (!fragment.isEmpty()) {
                out.write(mediaSegment(sequence++, tracks, fragment, origin));
            }
        }
    }

    /** The earliest decode time in the clip's first fragment, over all tracks, in nanoseconds. */
    private static long clipOrigin(RemuxTracks t, List<Frame> first) {
        List<Frame> video = t.requireVideoFrames(first);
        long[] pts = new long[video.size()];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = video.get(i).ptsNanos();
        }
        long origin = DecodeTimes.derive(pts)[0];
        for (Frame audio : t.audioFrames(first)) {
            origin = Math.min(origin, audio.ptsNanos());
        }
        return origin;
    }

    private static void writeFtyp(BoxWriter w, boolean singleTrack) {
        w.start("ftyp").fourcc("iso6").u32(0).fourcc("iso6");
        if (singleTrack) {
            w.fourcc("cmfc"); // CMAF allows one track per file; say so only when that is true
        }
        w.fourcc("iso5").fourcc("dash").fourcc("avc1").fourcc("mp41").end();
    }

    private static void writeVideoTrak(BoxWriter w, RemuxTracks t) {
        Track track = t.video();
        int width = track.width();
        int height = track.height();
        if (width <= 0 || height <= 0) {
            Sps sps = t.avc().firstSps();
            width = sps.width();
            height = sps.height();
        }
        w.start("trak");
        writeTkhd(w, track.number(), 0, width, height);
        w.start("mdia");
        writeMdhd(w, VIDEO_TIMESCALE);
        writeHdlr(w, "vide", "VideoHandler");
        w.start("minf");
        w.start("vmhd", 0, 1).u16(0).zeros(6).end();
        writeDinf(w);
        w.start("stbl");
        w.start("stsd", 0, 0).u32(1);
        w.start("avc1")
                .zeros(6).u16(1) // reserved, data_reference_index
                .zeros(16) // pre_defined, reserved
                .u16(width).u16(height)
                .u32(0x00480000).u32(0x00480000) // 72 dpi
                .u32(0).u16(1) // reserved, frame_count
                .zeros(32) // compressorname: empty
                .u16(0x0018).u16(0xFFFF); // depth, pre_defined = -1
        w.start("avcC").bytes(track.codecPrivate()).end();
        w.end();
        w.end();
        writeEmptySampleTables(w);
        w.end().end().end().end(); // stbl, minf, mdia, trak
    }

    private static void writeAudioTrak(BoxWriter w, RemuxTracks t) {
        Track track = t.requireAudio();
        AudioSpecificConfig aac = t.requireAac();
        int channels = aac.channelConfiguration() > 0
                ? aac.channelConfiguration()
                : track.channels() > 0 ? track.channels() : 2;
        w.start("trak");
        writeTkhd(w, track.number(), 0x0100, 0, 0);
        w.start("mdia");
        writeMdhd(w, aac.sampleRate());
        writeHdlr(w, "soun", "SoundHandler");
        w.start("minf");
        w.start("smhd", 0, 0).u16(0).u16(0).end();
        writeDinf(w);
        w.start("stbl");
        w.start("stsd", 0, 0).u32(1);
        w.start("mp4a")
                .zeros(6).u16(1) // reserved, data_reference_index
                .zeros(8) // reserved
                .u16(channels).u16(16) // channelcount, samplesize
                .u16(0).u16(0) // pre_defined, reserved
                .u32(aac.sampleRate() <= 0xFFFF ? (long) aac.sampleRate() << 16 : 0); // 16.16; the esds has the truth
        w.start("esds", 0, 0).bytes(esDescriptor(track.number(), aac.bytes())).end();
        w.end();
        w.end();
        writeEmptySampleTables(w);
        w.end().end().end().end();
    }

    /** ES_Descriptor with DecoderConfigDescriptor (MPEG-4 audio) and the AudioSpecificConfig (14496-1 7.2.6.5). */
    private static byte[] esDescriptor(int esId, byte[] audioSpecificConfig) {
        BoxWriter decoderConfig = new BoxWriter()
                .u8(0x40) // objectTypeIndication: MPEG-4 Audio
                .u8(0x15) // streamType 5 (audio) << 2 | reserved 1
                .u24(0).u32(0).u32(0) // bufferSizeDB, maxBitrate, avgBitrate: unknown
                .bytes(descriptor(0x05, audioSpecificConfig));
        BoxWriter es = new BoxWriter()
                .u16(esId & 0xFFFF).u8(0)
                .bytes(descriptor(0x04, decoderConfig.toByteArray()))
                .bytes(descriptor(0x06, new byte[] {0x02})); // SLConfigDescriptor: predefined for MP4
        return descriptor(0x03, es.toByteArray());
    }

    private static byte[] descriptor(int tag, byte[] body) {
        BoxWriter w = new BoxWriter().u8(tag);
        int length = body.length;
        for (int shift = 21; shift > 0; shift -= 7) {
            if (length >>> shift != 0) {
                w.u8(0x80 | ((length >>> shift) & 0x7F));
            }
        }
        return w.u8(length & 0x7F).bytes(body).toByteArray();
    }

    private static void writeTkhd(BoxWriter w, int trackId, int volume, int width, int height) {
        w.start("tkhd", 0, 0x000003) // enabled, in movie
                .u32(0).u32(0).u32(trackId).u32(0).u32(0) // times, track_ID, reserved, duration
                .zeros(8).u16(0).u16(0) // reserved, layer, alternate_group
                .u16(volume).u16(0)
                .matrix()
                .u32((long) width << 16).u32((long) height << 16)
                .end();
    }

    private static void writeMdhd(BoxWriter w, int timescale) {
        w.start("mdhd", 0, 0).u32(0).u32(0).u32(timescale).u32(0)
                .u16(0x55C4) // language "und"
                .u16(0).end();
    }

    private static void writeHdlr(BoxWriter w, String handler, String name) {
        w.start("hdlr", 0, 0).u32(0).fourcc(handler).zeros(12)
                .bytes(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).u8(0).end();
    }

    private static void writeDinf(BoxWriter w) {
        w.start("dinf").start("dref", 0, 0).u32(1).start("url ", 0, 1).end().end().end();
    }

    private static void writeEmptySampleTables(BoxWriter w) {
        w.start("stts", 0, 0).u32(0).end();
        w.start("stsc", 0, 0).u32(0).end();
        w.start("stsz", 0, 0).u32(0).u32(0).end();
        w.start("stco", 0, 0).u32(0).end();
    }

    private static void writeTrex(BoxWriter w, int trackId) {
        w.start("trex", 0, 0).u32(trackId).u32(1).u32(0).u32(0).u32(0).end();
    }
}
