package dev.kvsedge.media.mkv;

import static dev.kvsedge.media.mkv.MkvTestData.AUDIO;
import static dev.kvsedge.media.mkv.MkvTestData.SCALE;
import static dev.kvsedge.media.mkv.MkvTestData.UNKNOWN_SIZE_1;
import static dev.kvsedge.media.mkv.MkvTestData.UNKNOWN_SIZE_8;
import static dev.kvsedge.media.mkv.MkvTestData.VIDEO;
import static dev.kvsedge.media.mkv.MkvTestData.blocks;
import static dev.kvsedge.media.mkv.MkvTestData.concat;
import static dev.kvsedge.media.mkv.MkvTestData.readAll;
import static dev.kvsedge.media.mkv.MkvTestData.shape;
import static dev.kvsedge.media.mkv.MkvTestData.timecode;
import static dev.kvsedge.media.mkv.MkvTestData.unknownSizeCluster;
import static dev.kvsedge.media.mkv.MkvWriter.element;
import static dev.kvsedge.media.mkv.MkvWriter.id;
import static dev.kvsedge.media.mkv.MkvWriter.size;
import static dev.kvsedge.media.mkv.MkvWriter.uint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MkvStreamReaderTest {

    @Test
    void writerOutputReadsBackEventByEvent() throws IOException {
        byte[] tracks = MkvWriter.tracks(List.of(VIDEO, AUDIO));
        byte[] mkv = concat(MkvWriter.header(SCALE, tracks, "test"),
                MkvWriter.cluster(timecode(0), blocks(0, 3)), MkvWriter.cluster(timecode(1), blocks(1, 2)));
        MkvStreamReader reader = new MkvStreamReader(new ByteArrayInputStream(mkv));

        MkvEvent.Header header = (MkvEvent.Header) reader.next();
        assertThat(header.timecodeScaleNanos()).isEqualTo(SCALE);
        assertThat(header.tracksElement()).isEqualTo(tracks);
        assertThat(header.tracks()).usingRecursiveFieldByFieldElementComparator().containsExactly(VIDEO, AUDIO);

        MkvEvent.ClusterStart start = (MkvEvent.ClusterStart) reader.next();
        assertThat(start.timecode()).isEqualTo(timecode(0));
        assertThat(start.elements()).isEqualTo(uint(MkvIds.TIMECODE, timecode(0)));
        for (int i = 0; i < 3; i++) {
            MkvEvent.Block block = (MkvEvent.Block) reader.next();
            assertThat(block.track()).isEqualTo(1);
            assertThat(block.relativeTimecode()).isEqualTo(i * 40);
            assertThat(block.keyFrame()).isEqualTo(i == 0);
            assertThat(block.durationTicks()).isEqualTo(-1);
            assertThat(block.element()).isEqualTo(blocks(0, 3).get(i));
        }
        assertThat(reader.next()).isInstanceOf(MkvEvent.ClusterEnd.class);
        assertThat(reader.position()).isEqualTo(mkv.length - MkvWriter.cluster(timecode(1), blocks(1, 2)).length);
        assertThat(shape(readAll(reader))).isEqualTo("S B B E");
        assertThat(reader.next()).isNull();
        assertThat(reader.position()).isEqualTo(mkv.length);
    }

    @Test
    void tracksKeepEveryFieldRemuxingNeeds() {
        Track audio = new Track(7, Track.AUDIO, "A_OPUS", new byte[0], 20_000_000, 0, 0, 44100.5, 6);
        MkvEvent.Header header = (MkvEvent.Header) readAll(
                MkvWriter.header(40_000, MkvWriter.tracks(List.of(VIDEO, audio)), "t")).get(0);
        assertThat(header.timecodeScaleNanos()).isEqualTo(40_000);
        assertThat(header.tracks()).usingRecursiveFieldByFieldElementComparator().containsExactly(VIDEO, audio);
    }

    @Test
    void clustersOfUnknownSizeEndAtTheNextClusterTagsOrEndOfStream() {
        byte[] tags = MkvWriter
                .tags(Map.of("AWS_KINESISVIDEO_FRAGMENT_NUMBER", "91343852333181432392682062607743920146264115236"));
        byte[] mkv = concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "test"),
                unknownSizeCluster(UNKNOWN_SIZE_8, 10, blocks(0, 2)),
                unknownSizeCluster(UNKNOWN_SIZE_1, 20, blocks(1, 1)),
                tags,
                unknownSizeCluster(UNKNOWN_SIZE_8, 30, blocks(2, 3)));
        List<MkvEvent> events = readAll(mkv);
        assertThat(shape(events)).isEqualTo("H S B B E S B E S B B B E");
        assertThat(events).filteredOn(MkvEvent.ClusterStart.class::isInstance)
                .extracting(e -> ((MkvEvent.ClusterStart) e).timecode()).containsExactly(10L, 20L, 30L);
    }

    @Test
    void positionAfterAnUnknownSizeClusterIsWhereTheNextElementStarts() throws IOException {
        byte[] first = concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "test"),
                unknownSizeCluster(UNKNOWN_SIZE_1, 10, blocks(0, 2)));
        MkvStreamReader reader = new MkvStreamReader(new ByteArrayInputStream(
                concat(first, unknownSizeCluster(UNKNOWN_SIZE_1, 20, blocks(1, 1)))));
        assertThat(shape(List.of(reader.next(), reader.next(), reader.next(), reader.next(), reader.next())))
                .isEqualTo("H S B B E");
        assertThat(reader.position()).isEqualTo(first.length);
    }

    @Test
    void segmentLevelExtrasAreSkippedAndClusterChildrenKept() {
        byte[] crc = element(MkvIds.CRC32, new byte[4]);
        byte[] position = uint(MkvIds.POSITION, 1234);
        byte[] voidChild = MkvTestData.voidElement(10);
        byte[] cluster = MkvWriter.cluster(crc, position, uint(MkvIds.TIMECODE, 77), blocks(0, 1).get(0), voidChild);
        byte[] mkv = concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "test"),
                element(MkvIds.SEEK_HEAD, new byte[20]), MkvTestData.voidElement(300),
                element(MkvIds.CHAPTERS, new byte[3]), element(MkvIds.ATTACHMENTS, new byte[3]),
                cluster, element(MkvIds.CUES, new byte[100]), MkvWriter.tags(Map.of("a", "b")));
        List<MkvEvent> events = readAll(mkv);
        assertThat(shape(events)).isEqualTo("H S B O E");
        MkvEvent.ClusterStart start = (MkvEvent.ClusterStart) events.get(1);
        assertThat(start.timecode()).isEqualTo(77);
        assertThat(start.elements()).isEqualTo(concat(crc, position, uint(MkvIds.TIMECODE, 77)));
        assertThat(((MkvEvent.ClusterOther) events.get(3)).element()).isEqualTo(voidChild);
    }

    @Test
    void clusterEventsRewrapToTheClusterAsReceived() {
        byte[] cluster = MkvWriter.cluster(element(MkvIds.CRC32, new byte[] {1, 2, 3, 4}),
                uint(MkvIds.TIMECODE, 9), blocks(0, 1).get(0), MkvTestData.voidElement(3), blocks(0, 2).get(1));
        byte[] mkv = concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "test"), cluster);
        List<byte[]> children = new ArrayList<>();
        for (MkvEvent e : readAll(mkv)) {
            switch (e) {
                case MkvEvent.ClusterStart s -> children.add(s.elements());
                case MkvEvent.Block b -> children.add(b.element());
                case MkvEvent.ClusterOther o -> children.add(o.element());
                default -> {
                }
            }
        }
        assertThat(MkvWriter.cluster(children.toArray(byte[][]::new))).isEqualTo(cluster);
    }

    @Test
    void blockGroupsGiveDurationAndReferenceBasedKeyFlag() {
        byte[] block = element(MkvIds.BLOCK, new byte[] {(byte) 0x81, 0, 5, 0}, new byte[] {9, 9});
        byte[] key = element(MkvIds.BLOCK_GROUP, block, uint(MkvIds.BLOCK_DURATION, 40));
        byte[] delta = element(MkvIds.BLOCK_GROUP, block, element(MkvIds.REFERENCE_BLOCK, new byte[] {(byte) 0xD8}));
        byte[] mkv = concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "test"),
                MkvWriter.cluster(0, List.of(key, delta)));
        List<MkvEvent> events = readAll(mkv);
        assertThat(events.get(2)).usingRecursiveComparison().isEqualTo(new MkvEvent.Block(1, 5, true, 40, key));
        assertThat(events.get(3)).usingRecursiveComparison().isEqualTo(new MkvEvent.Block(1, 5, false, -1, delta));
    }

    @Test
    void concatenatedDocumentsGiveOneHeaderEach() {
        byte[] first = concat(MkvWriter.header(SCALE, MkvTestData.tracksWith(new byte[] {1, 2}), "a"),
                unknownSizeCluster(UNKNOWN_SIZE_8, 0, blocks(0, 2)));
        byte[] second = concat(MkvWriter.header(100_000, MkvTestData.tracksWith(new byte[] {3, 4, 5}), "b"),
                unknownSizeCluster(UNKNOWN_SIZE_8, 0, blocks(1, 1)));
        List<MkvEvent> events = readAll(concat(first, second));
        assertThat(shape(events)).isEqualTo("H S B B E H S B E");
        MkvEvent.Header h1 = (MkvEvent.Header) events.get(0);
        MkvEvent.Header h2 = (MkvEvent.Header) events.get(5);
        assertThat(h1.tracks().get(0).codecPrivate()).containsExactly(1, 2);
        assertThat(h2.tracks().get(0).codecPrivate()).containsExactly(3, 4, 5);
        assertThat(h2.timecodeScaleNanos()).isEqualTo(100_000);
    }

    @Test
    void knownSizeSegmentsEndTheirUnknownSizeClusterAndAnotherDocumentMayFollow() {
        byte[] info = element(MkvIds.INFO, uint(MkvIds.TIMECODE_SCALE, SCALE));
        byte[] body = concat(info, MkvWriter.tracks(List.of(VIDEO)),
                unknownSizeCluster(UNKNOWN_SIZE_1, 3, blocks(0, 2)));
        byte[] segment = concat(id(MkvIds.SEGMENT), size(body.length), body);
        byte[] ebml = element(MkvIds.EBML, MkvWriter.string(MkvIds.DOC_TYPE, "webm"));
        byte[] mkv = concat(ebml, segment, ebml, segment);
        assertThat(shape(readAll(mkv))).isEqualTo("H S B B E H S B B E");
    }

    @Test
    void tracksBeforeInfoStillGiveOneHeaderWithTheInfoScale() {
        byte[] body = concat(MkvWriter.tracks(List.of(VIDEO)), element(MkvIds.INFO, uint(MkvIds.TIMECODE_SCALE, 500)),
                MkvWriter.cluster(0, blocks(0, 1)));
        byte[] mkv = concat(element(MkvIds.EBML), id(MkvIds.SEGMENT), UNKNOWN_SIZE_8, body);
        List<MkvEvent> events = readAll(mkv);
        assertThat(shape(events)).isEqualTo("H S B E");
        assertThat(((MkvEvent.Header) events.get(0)).timecodeScaleNanos()).isEqualTo(500);
    }

    @Test
    void withoutInfoTheHeaderComesAtTheFirstClusterWithTheDefaultScale() {
        byte[] mkv = concat(element(MkvIds.EBML), id(MkvIds.SEGMENT), UNKNOWN_SIZE_1, MkvWriter.tracks(List.of(VIDEO)),
                MkvWriter.cluster(0, blocks(0, 1)));
        List<MkvEvent> events = readAll(mkv);
        assertThat(shape(events)).isEqualTo("H S B E");
        assertThat(((MkvEvent.Header) events.get(0)).timecodeScaleNanos()).isEqualTo(1_000_000);
    }

    @Test
    void aClusterMayBeFarLargerThanTheBlockLimit() {
        // 40 blocks of 256 KiB in one unknown-size cluster, read with a 300 KiB block limit
        InputStream stream = new SequenceInputStream(
                concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "t"),
                        id(MkvIds.CLUSTER), UNKNOWN_SIZE_8, uint(MkvIds.TIMECODE, 0)),
                MkvWriter.simpleBlock(1, 0, true, new byte[256 * 1024]), 40);
        List<MkvEvent> events = readAll(new MkvStreamReader(stream, 300 * 1024));
        assertThat(events).hasSize(43);
        assertThat(events.get(42)).isInstanceOf(MkvEvent.ClusterEnd.class);
    }

    @Test
    void aBlockOverTheLimitIsRefused() {
        byte[] mkv = concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "t"),
                MkvWriter.cluster(0, List.of(MkvWriter.simpleBlock(1, 0, true, new byte[2000]))));
        assertThatThrownBy(() -> readAll(new MkvStreamReader(new ByteArrayInputStream(mkv), 1000)))
                .isInstanceOf(MkvFormatException.class).hasMessageContaining("over the limit of 1000");
    }

    @Test
    void tagsElementHasOneTagWithOneSimpleTagPerEntryInOrder() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("AWS_KINESISVIDEO_FRAGMENT_NUMBER", "123");
        tags.put("AWS_KINESISVIDEO_SERVER_TIMESTAMP", "1700000000.123");
        byte[] expected = element(MkvIds.TAGS, element(MkvIds.TAG,
                element(MkvIds.SIMPLE_TAG, MkvWriter.string(MkvIds.TAG_NAME, "AWS_KINESISVIDEO_FRAGMENT_NUMBER"),
                        MkvWriter.string(MkvIds.TAG_STRING, "123")),
                element(MkvIds.SIMPLE_TAG, MkvWriter.string(MkvIds.TAG_NAME, "AWS_KINESISVIDEO_SERVER_TIMESTAMP"),
                        MkvWriter.string(MkvIds.TAG_STRING, "1700000000.123"))));
        assertThat(MkvWriter.tags(tags)).isEqualTo(expected);
    }

    @Test
    void headerIsAMatroskaDocumentWithALiveSegment() throws IOException {
        byte[] header = MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "kvs-edge");
        EbmlReader r = new EbmlReader(new ByteArrayInputStream(header));
        EbmlReader.Element ebml = r.readHeader();
        Map<Integer, Object> fields = new LinkedHashMap<>();
        while (r.position() < ebml.end()) {
            EbmlReader.Element e = r.readChild(ebml.end());
            fields.put(e.id(), e.id() == MkvIds.DOC_TYPE ? r.readString(e, 100) : r.readUnsigned(e));
        }
        assertThat(fields).containsEntry(MkvIds.DOC_TYPE, "matroska").containsEntry(MkvIds.DOC_TYPE_VERSION, 4L)
                .containsEntry(MkvIds.DOC_TYPE_READ_VERSION, 2L);
        EbmlReader.Element segment = r.readHeader();
        assertThat(segment.id()).isEqualTo(MkvIds.SEGMENT);
        assertThat(segment.unknownSize()).isTrue();
        EbmlReader.Element info = r.readHeader();
        assertThat(info.id()).isEqualTo(MkvIds.INFO);
        List<Object> infoFields = new ArrayList<>();
        while (r.position() < info.end()) {
            EbmlReader.Element e = r.readChild(info.end());
            infoFields.add(e.id() == MkvIds.TIMECODE_SCALE ? r.readUnsigned(e) : r.readString(e, 100));
        }
        assertThat(infoFields).containsExactly(SCALE, "kvs-edge", "kvs-edge");
    }

    @Test
    void storedClustersDecodeToFramesWithAbsoluteTimestamps() {
        byte[] cluster = MkvWriter.cluster(2000, blocks(0, 3));
        ClusterParser.Cluster parsed = ClusterParser.parse(cluster, List.of(VIDEO, AUDIO), SCALE);
        assertThat(parsed.timecode()).isEqualTo(2000);
        assertThat(parsed.frames()).extracting(Frame::ptsNanos).containsExactly(2_000_000_000L, 2_040_000_000L,
                2_080_000_000L);
        assertThat(parsed.frames()).extracting(Frame::keyFrame).containsExactly(true, false, false);
        assertThat(parsed.frames()).extracting(Frame::durationNanos).containsOnly(VIDEO.defaultDurationNanos());
        assertThat(parsed.frames().get(2).data()).isEqualTo(MkvTestData.frame(0, 2));
        // an unknown-size cluster, as a producer sent it, decodes the same way
        byte[] live = unknownSizeCluster(UNKNOWN_SIZE_8, 2000, blocks(0, 3));
        assertThat(ClusterParser.parse(live, List.of(VIDEO), SCALE).frames()).hasSize(3);
    }

    @Test
    void clusterHeaderHasAFixedLength() {
        assertThat(MkvWriter.clusterHeader(0)).hasSize(MkvWriter.CLUSTER_HEADER_LENGTH);
        assertThat(MkvWriter.clusterHeader(50L << 20)).hasSize(MkvWriter.CLUSTER_HEADER_LENGTH)
                .endsWith(0x01, 0, 0, 0, 0x03, 0x20, 0, 0);
    }

    /** A head, then the same part {@code times} times, without ever holding more than one part. */
    private static final class SequenceInputStream extends InputStream {
        private final byte[] head;
        private final byte[] part;
        private final int times;
        private long position;

        SequenceInputStream(byte[] head, byte[] part, int times) {
            this.head = head;
            this.part = part;
            this.times = times;
        }

        @Override
        public int read() {
            long total = head.length + (long) part.length * times;
            if (position >= total) {
                return -1;
            }
            long p = position++;
            return (p < head.length ? head[(int) p] : part[(int) ((p - head.length) % part.length)]) & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }
    }

    @Test
    void aBlockOfAnUndeclaredTrackIsDeliveredForTheCallerToJudge() throws Exception {
        byte[] mkv = concatAll(MkvWriter.header(1_000_000, MkvWriter.tracks(List.of(MkvTestData.VIDEO)), "test"),
                MkvWriter.cluster(0, List.of(MkvWriter.simpleBlock(9, 0, true, new byte[] {1, 2, 3}))));
        MkvStreamReader reader = new MkvStreamReader(new java.io.ByteArrayInputStream(mkv));
        assertThat(reader.next()).isInstanceOf(MkvEvent.Header.class);
        assertThat(reader.next()).isInstanceOf(MkvEvent.ClusterStart.class);
        assertThat(reader.next()).isInstanceOfSatisfying(MkvEvent.Block.class, b -> assertThat(b.track()).isEqualTo(9));
    }

    private static byte[] concatAll(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
