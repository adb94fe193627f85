package dev.kvsedge.media.mkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.testing.EncodedVideo;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads Matroska written by FFmpeg's own muxer (SeekHead, CRC-32s, Cues, Tags, known sizes). */
class FfmpegMkvTest {
    private static final VideoSpec SPEC = VideoSpec.small(); // 75 frames at 25 fps, a key frame each second

    @TempDir
    static Path dir;
    private static byte[] mkv;

    @BeforeAll
    static void write() throws IOException {
        assumeTrue(TestVideo.available(), "no H.264 encoder in this FFmpeg build");
        mkv = Files.readAllBytes(TestVideo.writeMkv(dir.resolve("video.mkv"), SPEC));
    }

    /** Every frame of the file, decoded cluster by cluster as ingest and playback would. */
    private record Read(MkvEvent.Header header, List<List<Frame>> clusters, List<byte[]> rewrapped) {}

    private static Read read(InputStream in) throws IOException {
        MkvStreamReader reader = new MkvStreamReader(in);
        MkvEvent.Header header = null;
        List<List<Frame>> clusters = new ArrayList<>();
        List<byte[]> rewrapped = new ArrayList<>();
        List<byte[]> children = new ArrayList<>();
        long timecode = 0;
        for (MkvEvent e = reader.next(); e != null; e = reader.next()) {
            switch (e) {
                case MkvEvent.Header h -> header = h;
                case MkvEvent.ClusterStart s -> {
                    timecode = s.timecode();
                    clusters.add(new ArrayList<>());
                    children.clear();
                    children.add(s.elements());
                }
                case MkvEvent.Block b -> {
                    Track track = header.tracks().get(0);
                    clusters.getLast().addAll(Blocks.frames(track, b.element(), timecode, header.timecodeScaleNanos()));
                    children.add(b.element());
                }
                case MkvEvent.ClusterOther o -> children.add(o.element());
                case MkvEvent.ClusterEnd end -> rewrapped.add(MkvWriter.cluster(children.toArray(byte[][]::new)));
            }
        }
        return new Read(header, clusters, rewrapped);
    }

    @Test
    void headerDescribesTheH264Track() throws IOException {
        MkvEvent.Header header = read(new ByteArrayInputStream(mkv)).header();
        assertThat(header.timecodeScaleNanos()).isEqualTo(1_000_000);
        assertThat(header.tracks()).singleElement().satisfies(t -> {
            assertThat(t.isH264()).isTrue();
            assertThat(t.hasCodecPrivate()).isTrue();
            assertThat(t.codecPrivate()[0]).isEqualTo((byte) 1); // avcC configurationVersion
            assertThat(t.width()).isEqualTo(SPEC.width());
            assertThat(t.height()).isEqualTo(SPEC.height());
        });
        assertThat(TracksParser.parse(header.tracksElement(), 0)).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(header.tracks());
    }

    @Test
    void everyClusterStartsWithAKeyFrameAndAllFramesArriveInTime() throws IOException {
        Read read = read(new ByteArrayInputStream(mkv));
        assertThat(read.clusters()).hasSize(SPEC.frameCount() / SPEC.gopFrames());
        assertThat(read.clusters()).allSatisfy(frames -> assertThat(frames.get(0).keyFrame()).isTrue());
        List<Frame> frames = read.clusters().stream().flatMap(List::stream).toList();
        assertThat(frames).hasSize(SPEC.frameCount());
        for (int i = 0; i < frames.size(); i++) {
            // Constrained Baseline has no B-frames: decode order is presentation order, 40 ms apart.
            assertThat(frames.get(i).ptsNanos()).as("frame %d", i).isEqualTo(i * 40_000_000L);
            assertThat(frames.get(i).keyFrame()).as("frame %d", i).isEqualTo(i % SPEC.gopFrames() == 0);
        }
    }

    @Test
    void framesAreTheEncodersPackets() throws IOException {
        EncodedVideo encoded = TestVideo.encode(SPEC);
        List<Frame> frames = read(new ByteArrayInputStream(mkv)).clusters().stream().flatMap(List::stream).toList();
        assertThat(frames).hasSameSizeAs(encoded.frames());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).data()).as("frame %d", i).isEqualTo(encoded.frames().get(i).data());
        }
    }

    @Test
    void rewrappedClustersAreTheFilesClustersAndDecodeTheSame() throws IOException {
        Read read = read(new ByteArrayInputStream(mkv));
        for (int c = 0; c < read.rewrapped().size(); c++) {
            ClusterParser.Cluster parsed = ClusterParser.parse(read.rewrapped().get(c), read.header().tracks(),
                    read.header().timecodeScaleNanos());
            assertThat(parsed.frames()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(read.clusters().get(c));
        }
    }

    @Test
    void theCrc32FfmpegWritesBeforeEachTimecodeTravelsWithClusterStart() throws IOException {
        MkvStreamReader reader = new MkvStreamReader(new ByteArrayInputStream(mkv));
        MkvEvent e = reader.next();
        while (!(e instanceof MkvEvent.ClusterStart)) {
            e = reader.next();
        }
        MkvEvent.ClusterStart start = (MkvEvent.ClusterStart) e;
        byte[] timecode = MkvWriter.uint(MkvIds.TIMECODE, start.timecode());
        assertThat(start.elements()).startsWith((byte) MkvIds.CRC32, (byte) 0x84).endsWith(timecode)
                .hasSize(6 + timecode.length);
    }

    @Test
    void aStreamArrivingInDribblesReadsTheSame() throws IOException {
        // at most 7 bytes per read, as a slow connection might deliver them
        InputStream dribble = new FilterInputStream(new ByteArrayInputStream(mkv)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }

            @Override
            public long skip(long n) throws IOException {
                return super.skip(Math.min(n, 3));
            }
        };
        Read slow = read(dribble);
        Read fast = read(new ByteArrayInputStream(mkv));
        assertThat(slow.rewrapped()).hasSameSizeAs(fast.rewrapped());
        for (int c = 0; c < fast.rewrapped().size(); c++) {
            assertThat(slow.rewrapped().get(c)).isEqualTo(fast.rewrapped().get(c));
        }
    }
}
