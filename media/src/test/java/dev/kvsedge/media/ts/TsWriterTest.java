package dev.kvsedge.media.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.NalUnits;
import dev.kvsedge.media.testing.EncodedVideo;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TsWriterTest {
    static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;
    static final long WRAP = 1L << 33;
    static final VideoSpec SPEC = new VideoSpec(320, 240, 25, 25, 75);
    static EncodedVideo video;

    @BeforeAll
    static void encode() {
        video = TestVideo.encode(SPEC).shifted(EPOCH_NANOS);
    }

    @Test
    void aSegmentPlaysEveryFrame() {
        byte[] ts = TsWriter.segment(video.tracks(), video.frames());

        Probe.Result result = Probe.bytes(ts, ".ts");
        assertThat(result.formatName()).isEqualTo("mpegts");
        assertThat(result.readErrors()).isZero();
        Probe.Stream stream = result.video();
        assertThat(stream.codecName()).isEqualTo("h264");
        assertThat(stream.width()).isEqualTo(320);
        assertThat(stream.height()).isEqualTo(240);
        assertThat(stream.decodedFrames()).isEqualTo(75);
        assertThat(stream.decodeErrors()).isZero();
        assertThat(stream.ptsSpan()).isEqualTo(74 / 25.0, offset(1e-3));
        assertThat(result.durationSeconds()).isEqualTo(75 / 25.0, offset(1 / 25.0));
    }

    @Test
    void eachSegmentPlaysAloneAndTheyPlayConcatenated() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (List<Frame> fragment : video.fragments()) {
            byte[] ts = TsWriter.segment(video.tracks(), fragment);
            all.writeBytes(ts);
            Probe.Stream alone = Probe.bytes(ts, ".ts").video();
            assertThat(alone.decodedFrames()).isEqualTo(fragment.size());
            assertThat(alone.decodeErrors()).isZero();
        }
        Probe.Stream joined = Probe.bytes(all.toByteArray(), ".ts").video();
        assertThat(joined.decodedFrames()).isEqualTo(75);
        assertThat(joined.decodeErrors()).isZero();
        assertThat(joined.ptsSpan()).isEqualTo(74 / 25.0, offset(1e-3));
    }

    @Test
    void startsWithPatAndPmtAndKeepsContinuityPerPid() {
        byte[] ts = TsWriter.segment(video.tracks(), video.fragments().get(0));
        List<TsPacketsReader.Packet> packets = TsPacketsReader.read(ts);

        assertThat(packets.get(0).pid()).isZero();
        assertThat(packets.get(1).pid()).isEqualTo(TsWriter.PMT_PID);
        byte[] pat = packets.get(0).payload();
        assertSectionCrc(pat);
        assertThat(((pat[11] & 0x1F) << 8) | (pat[12] & 0xFF)).isEqualTo(TsWriter.PMT_PID);
        byte[] pmt = packets.get(1).payload();
        assertSectionCrc(pmt);
        assertThat(((pmt[9] & 0x1F) << 8) | (pmt[10] & 0xFF)).as("PCR PID").isEqualTo(TsWriter.VIDEO_PID);
        assertThat(pmt[13] & 0xFF).as("stream type").isEqualTo(0x1B);
        assertThat(((pmt[14] & 0x1F) << 8) | (pmt[15] & 0xFF)).isEqualTo(TsWriter.VIDEO_PID);

        Map<Integer, Integer> next = new HashMap<>();
        for (TsPacketsReader.Packet p : packets) {
            assertThat(p.continuity()).as("counter of packet %d", p.index()).isEqualTo(next.getOrDefault(p.pid(), 0));
            next.put(p.pid(), (p.continuity() + 1) & 15);
        }
    }

    @Test
    void everyVideoFrameIsOnePesWithPtsPcrAndAnnexBAccessUnit() {
        List<Frame> fragment = video.fragments().get(1);
        List<TsPacketsReader.Packet> packets = TsPacketsReader.read(TsWriter.segment(video.tracks(), fragment));
        List<byte[]> pes = TsPacketsReader.pes(packets, TsWriter.VIDEO_PID);
        List<TsPacketsReader.Packet> starts = packets.stream()
                .filter(p -> p.pid() == TsWriter.VIDEO_PID && p.payloadStart()).toList();
        assertThat(pes).hasSize(fragment.size());
        for (int i = 0; i < pes.size(); i++) {
            byte[] p = pes.get(i);
            Frame frame = fragment.get(i);
            long pts = Math.floorMod(frame.ptsNanos() / 1_000_000_000L * 90_000
                    + frame.ptsNanos() % 1_000_000_000L * 90_000 / 1_000_000_000L, WRAP);
            assertThat(p[3] & 0xFF).isEqualTo(0xE0);
            assertThat(p[7] & 0xC0).as("PTS only: no B-frames, DTS = PTS").isEqualTo(0x80);
            assertThat(TsPacketsReader.timestamp(p, 9)).isEqualTo(pts);
            assertThat(starts.get(i).pcr()).isEqualTo(Math.floorMod(pts - 9000, WRAP));
            assertThat(starts.get(i).randomAccess()).isEqualTo(frame.keyFrame());

            byte[] payload = java.util.Arrays.copyOfRange(p, 9 + (p[8] & 0xFF), p.length);
            List<byte[]> units = NalUnits.splitAnnexB(payload);
            assertThat(NalUnits.type(units.get(0))).as("AUD first").isEqualTo(NalUnits.AUD);
            assertThat(units.stream().filter(u -> NalUnits.type(u) == NalUnits.AUD)).hasSize(1);
            if (frame.keyFrame()) {
                assertThat(units.stream().map(NalUnits::type).toList()).containsSubsequence(NalUnits.SPS, NalUnits.PPS,
                        NalUnits.IDR_SLICE);
            }
        }
    }

    @Test
    void insertsParameterSetsFromTheAvcCWhenKeyFramesLackThem() {
        // Many cameras send SPS and PPS only in CodecPrivate; openh264 repeats them in-band, so take them out.
        List<Frame> stripped = new ArrayList<>();
        for (Frame f : video.frames()) {
            List<byte[]> units = new ArrayList<>(NalUnits.splitAvcc(f.data(), 4));
            units.removeIf(u -> NalUnits.type(u) == NalUnits.SPS || NalUnits.type(u) == NalUnits.PPS);
            stripped.add(new Frame(f.track(), f.ptsNanos(), f.durationNanos(), f.keyFrame(), NalUnits.toAvcc(units)));
        }
        List<Frame> secondGop = stripped.subList(25, 50);
        Probe.Stream stream = Probe.bytes(TsWriter.segment(video.tracks(), secondGop), ".ts").video();
        assertThat(stream.decodedFrames()).isEqualTo(25);
        assertThat(stream.decodeErrors()).isZero();
    }

    @Test
    void derivesDecodeTimesForBFrames() {
        long[] ptsFrames = {0, 3, 1, 2};
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < ptsFrames.length; i++) {
            frames.add(new Frame(1, 1_000_000_000L + ptsFrames[i] * 40_000_000L, 0, i == 0,
                    new byte[] {0, 0, 0, 1, 0x65}));
        }
        List<TsPacketsReader.Packet> packets = TsPacketsReader.read(TsWriter.segment(video.tracks(), frames));
        List<byte[]> pes = TsPacketsReader.pes(packets, TsWriter.VIDEO_PID);
        long[] expectedDts = {-1, 0, 1, 2};
        for (int i = 0; i < 4; i++) {
            byte[] p = pes.get(i);
            assertThat(TsPacketsReader.timestamp(p, 9)).isEqualTo(90_000 + ptsFrames[i] * 3600);
            if (expectedDts[i] == ptsFrames[i]) {
                assertThat(p[7] & 0xC0).as("DTS left out when equal to PTS").isEqualTo(0x80);
            } else {
                assertThat(p[7] & 0xC0).isEqualTo(0xC0);
                assertThat(TsPacketsReader.timestamp(p, 14)).isEqualTo(90_000 + expectedDts[i] * 3600);
            }
        }
    }

    @Test
    void aacTravelsAsAdtsBesideTheVideo() {
        EncodedVideo av = TestVideo.encode(SPEC.withAudio()).shifted(EPOCH_NANOS);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (List<Frame> fragment : av.fragments()) {
            all.writeBytes(TsWriter.segment(av.tracks(), fragment));
        }
        byte[] ts = all.toByteArray();
        Probe.Result result = Probe.bytes(ts, ".ts");
        assertThat(result.formatName()).isEqualTo("mpegts");
        assertThat(result.video().decodedFrames()).isEqualTo(75);
        assertThat(result.video().decodeErrors()).isZero();
        Probe.Stream audio = result.audio();
        assertThat(audio.codecName()).isEqualTo("aac");
        assertThat(audio.sampleRate()).isEqualTo(48_000);
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.decodedFrames()).isEqualTo(av.audioFrames().size());
        assertThat(audio.decodeErrors()).isZero();
        assertThat(audio.firstPts()).isEqualTo(result.video().firstPts(), offset(1e-3));

        byte[] pmt = TsPacketsReader.read(ts).get(1).payload();
        assertThat(pmt[18] & 0xFF).as("second stream type").isEqualTo(0x0F);
        assertThat(((pmt[19] & 0x1F) << 8) | (pmt[20] & 0xFF)).isEqualTo(TsWriter.AUDIO_PID);
        assertSectionCrc(pmt);
    }

    @Test
    void refusesAacThatAdtsCannotCarry() {
        Track heAacV2 = new Track(2, Track.AUDIO, Track.AAC, new byte[] {(byte) 0xEB, 0x09, (byte) 0x88, 0x00}, 0, 0, 0,
                48_000, 2);
        Track eld = new Track(2, Track.AUDIO, Track.AAC, new byte[] {(byte) 0xF8, (byte) 0xE6, 0x20, 0, 0}, 0, 0, 0,
                48_000, 2);
        assertThatThrownBy(() -> TsWriter.segment(List.of(video.track(), eld), video.frames()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ADTS");
        // HE-AAC v2 signals an AAC LC core, which ADTS carries (players find the SBR and PS in the stream).
        assertThat(TsWriter.segment(List.of(video.track(), heAacV2), video.fragments().get(0))).isNotEmpty();
    }

    @Test
    void refusesInputItCannotRemux() {
        Track vp8 = new Track(1, Track.VIDEO, "V_VP8", new byte[0], 0, 320, 240, 0, 0);
        assertThatThrownBy(() -> TsWriter.segment(video.tracks(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no frames");
        assertThatThrownBy(() -> TsWriter.segment(List.of(vp8), video.frames()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("V_VP8");
        Frame corrupt = new Frame(1, 0, 0, true, new byte[] {0, 0, 0, 9, 0x65});
        assertThatThrownBy(() -> TsWriter.segment(video.tracks(), List.of(corrupt)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs past");
    }

    @Test
    void crcIsMpeg2() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc32Mpeg2.of(check, 0, check.length)).isEqualTo(0x0376E6E7);
    }

    private static void assertSectionCrc(byte[] payload) {
        int pointer = payload[0] & 0xFF;
        int start = 1 + pointer;
        int length = ((payload[start + 1] & 0x0F) << 8) | (payload[start + 2] & 0xFF);
        // The CRC over a whole section including its own CRC is 0.
        assertThat(Crc32Mpeg2.of(payload, start, start + 3 + length)).isZero();
    }
}
