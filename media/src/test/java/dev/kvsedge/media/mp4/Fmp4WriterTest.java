package dev.kvsedge.media.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.testing.EncodedVideo;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Fmp4WriterTest {
    /** Kinesis Video timestamps are producer times since the epoch: 2023-11-14T22:13:20Z here. */
    static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;
    static final String MP4_FORMAT = "mov,mp4,m4a,3gp,3g2,mj2";

    static final VideoSpec SPEC = new VideoSpec(320, 240, 25, 25, 75);
    static EncodedVideo video;

    @BeforeAll
    static void encode() {
        video = TestVideo.encode(SPEC).shifted(EPOCH_NANOS);
    }

    @Test
    void initSegmentDescribesTheH264Track() {
        byte[] init = Fmp4Writer.initSegment(video.tracks());

        assertThat(Boxes.top(init)).extracting(Boxes.Box::type).containsExactly("ftyp", "moov");
        assertThat(Boxes.all(init)).extracting(Boxes.Box::type).contains(
                "mvhd", "trak", "tkhd", "mdia", "mdhd", "hdlr", "minf", "vmhd", "dinf", "stbl", "stsd", "avc1", "avcC",
                "stts", "stsc", "stsz", "stco", "mvex", "trex");
        ByteBuffer avc1 = Boxes.first(init, "avc1").body();
        assertThat(avc1.getShort(24)).isEqualTo((short) 320);
        assertThat(avc1.getShort(26)).isEqualTo((short) 240);
        byte[] avcC = new byte[Boxes.first(init, "avcC").body().remaining()];
        Boxes.first(init, "avcC").body().get(avcC);
        assertThat(avcC).isEqualTo(video.track().codecPrivate());
        assertThat(Boxes.first(init, "mdhd").fullBody().getInt(8)).isEqualTo(90_000);
        assertThat(Boxes.first(init, "trex").fullBody().getInt(0)).isEqualTo(TestVideo.TRACK_NUMBER);
    }

    @Test
    void takesThePictureSizeFromTheSpsWhenTheTrackHasNone() {
        Track t = video.track();
        Track sizeless = new Track(t.number(), t.type(), t.codecId(), t.codecPrivate(), t.defaultDurationNanos(), 0, 0,
                0, 0);
        ByteBuffer avc1 = Boxes.first(Fmp4Writer.initSegment(List.of(sizeless)), "avc1").body();
        assertThat(avc1.getShort(24)).isEqualTo((short) 320);
        assertThat(avc1.getShort(26)).isEqualTo((short) 240);
    }

    @Test
    void aClipPlaysEveryFrameFromZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Fmp4Writer.writeClip(video.tracks(), video.fragments(), out);

        Probe.Result result = Probe.bytes(out.toByteArray(), ".mp4");
        assertThat(result.formatName()).isEqualTo(MP4_FORMAT);
        assertThat(result.readErrors()).isZero();
        Probe.Stream stream = result.video();
        assertThat(stream.codecName()).isEqualTo("h264");
        assertThat(stream.width()).isEqualTo(320);
        assertThat(stream.height()).isEqualTo(240);
        assertThat(stream.decodedFrames()).isEqualTo(75);
        assertThat(stream.decodeErrors()).isZero();
        assertThat(stream.firstPts()).isEqualTo(0.0);
        assertThat(stream.ptsSpan()).isEqualTo(74 / 25.0, offset(1 / 25.0));
        assertThat(result.durationSeconds()).as("FFmpeg adds up the fragments").isEqualTo(3.0, offset(1 / 25.0));
        assertThat(Boxes.top(out.toByteArray())).extracting(Boxes.Box::type)
                .containsExactly("ftyp", "moov", "moof", "mdat", "moof", "mdat", "moof", "mdat");
    }

    @Test
    void initAndMediaSegmentsConcatenatedPlayContinuouslyOnTheAbsoluteTimeLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Fmp4Writer.initSegment(video.tracks()));
        int sequence = 1;
        for (List<Frame> fragment : video.fragments()) {
            out.writeBytes(Fmp4Writer.mediaSegment(sequence++, video.tracks(), fragment));
        }

        Probe.Stream stream = Probe.bytes(out.toByteArray(), ".mp4").video();
        assertThat(stream.decodedFrames()).isEqualTo(75);
        assertThat(stream.decodeErrors()).isZero();
        assertThat(stream.firstPts()).isEqualTo(EPOCH_NANOS / 1e9, offset(1e-3));
        assertThat(stream.ptsSpan()).isEqualTo(74 / 25.0, offset(1e-3));
    }

    @Test
    void anySingleSegmentPlaysAfterTheInitSegment() {
        List<List<Frame>> fragments = video.fragments();
        for (int i = 0; i < fragments.size(); i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(Fmp4Writer.initSegment(video.tracks()));
            out.writeBytes(Fmp4Writer.mediaSegment(i + 1, video.tracks(), fragments.get(i)));
            Probe.Stream stream = Probe.bytes(out.toByteArray(), ".mp4").video();
            assertThat(stream.decodedFrames()).as("segment %d", i).isEqualTo(fragments.get(i).size());
            assertThat(stream.decodeErrors()).as("segment %d", i).isZero();
        }
    }

    @Test
    void tfdtOfEachSegmentIsWhereThePreviousOneEnds() {
        assertSegmentsLineUp(video, 0);
    }

    @Test
    void segmentsLineUpWithinATickAtThirtyFramesPerSecond() {
        // 1/30 s is not a whole number of nanoseconds: times are rounded, but never drift.
        assertSegmentsLineUp(TestVideo.encode(new VideoSpec(160, 120, 30, 15, 90)).shifted(EPOCH_NANOS), 1);
    }

    private static void assertSegmentsLineUp(EncodedVideo encoded, long toleranceTicks) {
        long expected = -1;
        int sequence = 7;
        for (List<Frame> fragment : encoded.fragments()) {
            byte[] segment = Fmp4Writer.mediaSegment(sequence, encoded.tracks(), fragment);
            assertThat(Boxes.first(segment, "mfhd").fullBody().getInt(0)).isEqualTo(sequence++);
            long tfdt = Boxes.tfdt(Boxes.first(segment, "tfdt"));
            long firstPts = fragment.get(0).ptsNanos();
            assertThat(tfdt).isEqualTo(
                    firstPts / 1_000_000_000L * 90_000 + firstPts % 1_000_000_000L * 90_000 / 1_000_000_000L);
            if (expected >= 0) {
                assertThat(tfdt).isCloseTo(expected, offset(toleranceTicks));
            }
            long end = tfdt;
            for (Boxes.Sample sample : Boxes.trun(Boxes.first(segment, "trun"))) {
                end += sample.duration();
            }
            expected = end;
        }
    }

    @Test
    void trunDescribesEverySampleAndPointsIntoMdat() {
        List<Frame> fragment = video.fragments().get(1);
        byte[] segment = Fmp4Writer.mediaSegment(2, video.tracks(), fragment);

        assertThat(Boxes.top(segment)).extracting(Boxes.Box::type).containsExactly("moof", "mdat");
        Boxes.Box trun = Boxes.first(segment, "trun");
        assertThat(trun.version()).isEqualTo(1);
        List<Boxes.Sample> samples = Boxes.trun(trun);
        assertThat(samples).hasSize(fragment.size());
        int dataOffset = Boxes.trunDataOffset(trun);
        assertThat(dataOffset).isEqualTo(Boxes.top(segment).get(1).offset() + 8);
        int pos = dataOffset;
        for (int i = 0; i < samples.size(); i++) {
            Boxes.Sample sample = samples.get(i);
            assertThat(sample.duration()).isEqualTo(3600);
            assertThat(sample.size()).isEqualTo(fragment.get(i).data().length);
            assertThat(sample.flags()).isEqualTo(i == 0 ? 0x02000000 : 0x01010000);
            assertThat(sample.compositionOffset()).isZero();
            byte[] stored = new byte[sample.size()];
            System.arraycopy(segment, pos, stored, 0, stored.length);
            assertThat(stored).isEqualTo(fragment.get(i).data());
            pos += sample.size();
        }
        assertThat(pos).isEqualTo(segment.length);
    }

    @Test
    void bFramesGetDecodeTimesAndCompositionOffsets() {
        // Decode order I0 P3 B1 B2 P6 B4 B5 at 40 ms a frame: DTS = sorted PTS moved one frame earlier.
        long[] ptsFrames = {0, 3, 1, 2, 6, 4, 5};
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < ptsFrames.length; i++) {
            frames.add(
                    new Frame(1, EPOCH_NANOS + ptsFrames[i] * 40_000_000L, 0, i == 0, new byte[] {0, 0, 0, 1, 0x65}));
        }
        byte[] segment = Fmp4Writer.mediaSegment(1, video.tracks(), frames);

        long epochTicks = EPOCH_NANOS / 1_000_000_000L * 90_000;
        // tfdt is the earliest presentation time (the I frame's), so segments laid end to end leave no gap
        assertThat(Boxes.tfdt(Boxes.first(segment, "tfdt"))).isEqualTo(epochTicks);
        List<Boxes.Sample> samples = Boxes.trun(Boxes.first(segment, "trun"));
        assertThat(samples).extracting(Boxes.Sample::duration).containsOnly(3600L);
        // DTS in frames, moved so that the I frame decodes when it shows: I0 at 0, P3 at 1, B1 at 2, B2 at 3, P6 at 4,
        // B4 at 5, B5 at 6; offsets are PTS - DTS, negative for the B frames
        assertThat(samples).extracting(Boxes.Sample::compositionOffset)
                .containsExactly(0, 2 * 3600, -3600, -3600, 2 * 3600, -3600, -3600);
    }

    @Test
    void bFramesAtTimeZeroKeepTfdtAtZeroWithNegativeOffsets() {
        long[] ptsFrames = {0, 2, 1};
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < ptsFrames.length; i++) {
            frames.add(new Frame(1, ptsFrames[i] * 40_000_000L, 0, i == 0, new byte[] {0, 0, 0, 1, 0x65}));
        }
        byte[] segment = Fmp4Writer.mediaSegment(1, video.tracks(), frames);
        assertThat(Boxes.tfdt(Boxes.first(segment, "tfdt"))).isZero();
        // DTS would be -1, 0, 1 frames; lifted to 0, 1, 2 the I frame shows at 0 and B1 one frame before its DTS
        assertThat(Boxes.trun(Boxes.first(segment, "trun"))).extracting(Boxes.Sample::compositionOffset)
                .containsExactly(0, 3600, -3600);
    }

    @Test
    void aClipWithAacPlaysBothTracksFromZero() throws Exception {
        EncodedVideo av = TestVideo.encode(SPEC.withAudio()).shifted(EPOCH_NANOS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Fmp4Writer.writeClip(av.tracks(), av.fragments(), out);

        Probe.Result result = Probe.bytes(out.toByteArray(), ".mp4");
        assertThat(result.formatName()).isEqualTo(MP4_FORMAT);
        assertThat(result.video().decodedFrames()).isEqualTo(75);
        assertThat(result.video().decodeErrors()).isZero();
        Probe.Stream audio = result.audio();
        assertThat(audio.codecName()).isEqualTo("aac");
        assertThat(audio.sampleRate()).isEqualTo(48_000);
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.decodedFrames()).isEqualTo(av.audioFrames().size());
        assertThat(audio.decodeErrors()).isZero();
        assertThat(audio.firstPts()).isEqualTo(0.0, offset(1e-3));
        assertThat(audio.ptsSpan()).isEqualTo((av.audioFrames().size() - 1) * 1024 / 48_000.0, offset(1e-3));

        byte[] init = Fmp4Writer.initSegment(av.tracks());
        assertThat(Boxes.all(init)).extracting(Boxes.Box::type).contains("mp4a", "esds", "smhd");
        assertThat(Boxes.ofType(init, "mdhd")).extracting(b -> b.fullBody().getInt(8)).containsExactly(90_000, 48_000);
        assertThat(Boxes.ofType(init, "trex")).extracting(b -> b.fullBody().getInt(0))
                .containsExactly(TestVideo.TRACK_NUMBER, TestVideo.AUDIO_TRACK_NUMBER);
    }

    @Test
    void audioSegmentsPlayConcatenatedAndLineUp() {
        EncodedVideo av = TestVideo.encode(SPEC.withAudio()).shifted(EPOCH_NANOS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Fmp4Writer.initSegment(av.tracks()));
        long expectedAudio = -1;
        int sequence = 1;
        for (List<Frame> fragment : av.fragments()) {
            byte[] segment = Fmp4Writer.mediaSegment(sequence++, av.tracks(), fragment);
            out.writeBytes(segment);
            List<Boxes.Box> trafs = Boxes.ofType(segment, "tfhd");
            assertThat(trafs).extracting(b -> b.fullBody().getInt(0)).containsExactly(1, 2);
            Boxes.Box audioTfdt = Boxes.ofType(segment, "tfdt").get(1);
            List<Boxes.Sample> audioSamples = Boxes.trun(Boxes.ofType(segment, "trun").get(1));
            assertThat(audioSamples).extracting(Boxes.Sample::duration).containsOnly(1024L);
            long tfdt = Boxes.tfdt(audioTfdt);
            if (expectedAudio >= 0) {
                assertThat(tfdt).isCloseTo(expectedAudio, offset(1L));
            }
            expectedAudio = tfdt + 1024L * audioSamples.size();
            // the audio data follows the video data in mdat
            int videoOffset = Boxes.trunDataOffset(Boxes.ofType(segment, "trun").get(0));
            int audioOffset = Boxes.trunDataOffset(Boxes.ofType(segment, "trun").get(1));
            long videoBytes = Boxes.trun(Boxes.ofType(segment, "trun").get(0)).stream().mapToLong(Boxes.Sample::size)
                    .sum();
            assertThat(audioOffset).isEqualTo(videoOffset + videoBytes);
        }
        Probe.Result result = Probe.bytes(out.toByteArray(), ".mp4");
        assertThat(result.video().decodedFrames()).isEqualTo(75);
        assertThat(result.audio().decodedFrames()).isEqualTo(av.audioFrames().size());
        assertThat(result.audio().decodeErrors()).isZero();
    }

    @Test
    void aacDurationsIgnoreMillisecondJitterButFollowRealGaps() {
        Track audio = new Track(2, Track.AUDIO, Track.AAC, new byte[] {0x11, (byte) 0x90}, 0, 0, 0, 48_000, 2);
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(1, EPOCH_NANOS, 0, true, new byte[] {0, 0, 0, 1, 0x65}));
        long[] ms = {0, 21, 43, 64, 85, 200, 221}; // 21.33 ms frames rounded to milliseconds, then a gap
        for (long m : ms) {
            frames.add(new Frame(2, EPOCH_NANOS + m * 1_000_000L, 0, true, new byte[] {1, 2, 3}));
        }
        byte[] segment = Fmp4Writer.mediaSegment(1, List.of(video.track(), audio), frames);
        List<Boxes.Sample> samples = Boxes.trun(Boxes.ofType(segment, "trun").get(1));
        long gap = 200 * 48 - 4 * 1024; // the fifth frame lasts until the sixth's PTS
        assertThat(samples).extracting(Boxes.Sample::duration).containsExactly(1024L, 1024L, 1024L, 1024L, gap, 1024L,
                1024L);
    }

    @Test
    void refusesInputItCannotRemux() {
        Track h264 = video.track();
        Track vp8 = new Track(1, Track.VIDEO, "V_VP8", new byte[0], 0, 320, 240, 0, 0);
        Track noAvcC = new Track(1, Track.VIDEO, Track.H264, new byte[0], 0, 320, 240, 0, 0);
        Track opus = new Track(2, Track.AUDIO, "A_OPUS", new byte[19], 0, 0, 0, 48000, 2);

        assertThatThrownBy(() -> Fmp4Writer.mediaSegment(1, List.of(h264), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no frames");
        assertThatThrownBy(
                () -> Fmp4Writer.mediaSegment(1, List.of(h264), List.of(new Frame(5, 0, 0, true, new byte[1]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no frames");
        assertThatThrownBy(() -> Fmp4Writer.initSegment(List.of(vp8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("V_VP8");
        assertThatThrownBy(() -> Fmp4Writer.initSegment(List.of(h264, opus)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A_OPUS");
        assertThatThrownBy(() -> Fmp4Writer.initSegment(List.of(noAvcC)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codec private");
        assertThatThrownBy(() -> Fmp4Writer.initSegment(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                () -> Fmp4Writer.writeClip(List.of(h264), List.of(List.of(), List.of()), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no frames");
    }

    @Test
    void aClipWritesNothingWhenItRefuses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Track vp8 = new Track(1, Track.VIDEO, "V_VP8", new byte[0], 0, 320, 240, 0, 0);
        assertThatThrownBy(() -> Fmp4Writer.writeClip(List.of(vp8), video.fragments(), out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.size()).isZero();
    }
}
