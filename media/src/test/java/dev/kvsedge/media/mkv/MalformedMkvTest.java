package dev.kvsedge.media.mkv;

import static dev.kvsedge.media.mkv.MkvTestData.SCALE;
import static dev.kvsedge.media.mkv.MkvTestData.UNKNOWN_SIZE_8;
import static dev.kvsedge.media.mkv.MkvTestData.VIDEO;
import static dev.kvsedge.media.mkv.MkvTestData.blocks;
import static dev.kvsedge.media.mkv.MkvTestData.concat;
import static dev.kvsedge.media.mkv.MkvTestData.readAll;
import static dev.kvsedge.media.mkv.MkvWriter.element;
import static dev.kvsedge.media.mkv.MkvWriter.id;
import static dev.kvsedge.media.mkv.MkvWriter.uint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kvsedge.media.Track;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every kind of broken input ends in a {@link MkvFormatException}, never another exception or a big allocation. */
class MalformedMkvTest {
    private static final byte[] HEADER = MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO)), "test");
    private static final byte[] VALID = MkvTestData.document(3, 4);

    @Test
    void anEmptyStreamIsJustOver() {
        assertThat(readAll(new byte[0])).isEmpty();
    }

    @Test
    void garbage() {
        assertInvalid("hello, this is not a video".getBytes(StandardCharsets.UTF_8)).hasMessageContaining("byte 0");
        assertInvalid(new byte[] {0, 0, 0, 0});
        assertInvalid(new byte[] {(byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void badVints() {
        assertInvalid(concat(HEADER, id(MkvIds.CLUSTER), new byte[] {0x00, 1, 2, 3}))
                .hasMessageContaining("invalid element size");
        assertInvalid(concat(HEADER, new byte[] {0x05, 0x00})).hasMessageContaining("invalid element ID");
    }

    @Test
    void notMatroska() {
        assertInvalid(concat(element(MkvIds.EBML, MkvWriter.string(MkvIds.DOC_TYPE, "mp4")), id(MkvIds.SEGMENT),
                UNKNOWN_SIZE_8))
                .hasMessageContaining("DocType");
        assertInvalid(
                concat(element(MkvIds.EBML, uint(MkvIds.EBML_READ_VERSION, 2)), id(MkvIds.SEGMENT), UNKNOWN_SIZE_8));
        assertInvalid(concat(element(MkvIds.EBML), MkvWriter.tracks(List.of(VIDEO))))
                .hasMessageContaining("expected a Segment");
        assertInvalid(concat(id(MkvIds.SEGMENT), UNKNOWN_SIZE_8)).hasMessageContaining("expected an EBML header");
    }

    @Test
    void truncatedAnywhereInsideAnElement() {
        // cut inside the Tracks element, inside a block, inside a known-size cluster between blocks
        byte[] cutInHeader = Arrays.copyOf(HEADER, HEADER.length - 5);
        assertTruncated(cutInHeader);
        byte[] cluster = MkvWriter.cluster(0, blocks(0, 3));
        assertTruncated(concat(HEADER, Arrays.copyOf(cluster, cluster.length - 10)));
        assertTruncated(concat(HEADER, Arrays.copyOf(cluster, cluster.length - blocks(0, 3).get(2).length)));
        assertTruncated(concat(HEADER, Arrays.copyOf(cluster, 3)));
        assertTruncated(element(MkvIds.EBML));
        // while a cut exactly after an element of an unknown-size segment or cluster is how live uploads end
        byte[] live = MkvTestData.unknownSizeCluster(UNKNOWN_SIZE_8, 0, blocks(0, 3));
        assertThat(MkvTestData.shape(readAll(concat(HEADER, live)))).isEqualTo("H S B B B E");
    }

    @Test
    void everyCutOfAValidDocumentEitherEndsCleanlyOrIsTruncated() {
        for (int cut = 0; cut < VALID.length; cut++) {
            byte[] prefix = Arrays.copyOf(VALID, cut);
            try {
                readAll(prefix);
            } catch (MkvFormatException e) {
                assertThat(e.truncated()).as("cut at %d: %s", cut, e.getMessage()).isTrue();
            }
        }
    }

    @Test
    void sizesLargerThanTheirParent() {
        // a block overrunning its known-size cluster
        byte[] block = blocks(0, 1).get(0);
        byte[] timecode = uint(MkvIds.TIMECODE, 0);
        byte[] cluster = concat(id(MkvIds.CLUSTER), MkvWriter.size(timecode.length + block.length - 1), timecode,
                block);
        assertInvalid(concat(HEADER, cluster)).hasMessageContaining("overruns its parent");
        // a TrackNumber overrunning its TrackEntry
        byte[] tracks = element(MkvIds.TRACKS, id(MkvIds.TRACK_ENTRY),
                new byte[] {(byte) 0x83, (byte) 0xD7, (byte) 0x85, 1});
        assertInvalid(concat(element(MkvIds.EBML), id(MkvIds.SEGMENT), UNKNOWN_SIZE_8, tracks));
        // a cluster overrunning its known-size Segment
        byte[] body = concat(MkvWriter.tracks(List.of(VIDEO)), id(MkvIds.CLUSTER), MkvWriter.size(1000));
        assertInvalid(concat(element(MkvIds.EBML), id(MkvIds.SEGMENT), MkvWriter.size(body.length), body));
    }

    @Test
    void absurdMetadataSizesFailFast() {
        // a CodecPrivate claiming 2^50 bytes inside a small Tracks element
        byte[] codecPrivate = concat(id(MkvIds.CODEC_PRIVATE), new byte[] {0x01, 0x04, 0, 0, 0, 0, 0, 0},
                new byte[] {1, 2, 3});
        byte[] entry = element(MkvIds.TRACK_ENTRY, uint(MkvIds.TRACK_NUMBER, 1), codecPrivate);
        assertInvalid(concat(element(MkvIds.EBML), id(MkvIds.SEGMENT), UNKNOWN_SIZE_8, element(MkvIds.TRACKS, entry)))
                .hasMessageContaining("overruns its parent");
        // a Tracks element claiming 2^50 bytes
        assertInvalid(concat(element(MkvIds.EBML), id(MkvIds.SEGMENT), UNKNOWN_SIZE_8, id(MkvIds.TRACKS),
                new byte[] {0x01, 0x04, 0, 0, 0, 0, 0, 0})).hasMessageContaining("over the limit");
        // an EBML header claiming 2^50 bytes
        assertInvalid(concat(id(MkvIds.EBML), new byte[] {0x01, 0x04, 0, 0, 0, 0, 0, 0}));
        // a block claiming 2^50 bytes
        assertInvalid(concat(HEADER, id(MkvIds.CLUSTER), UNKNOWN_SIZE_8, uint(MkvIds.TIMECODE, 0),
                id(MkvIds.SIMPLE_BLOCK), new byte[] {0x01, 0x04, 0, 0, 0, 0, 0, 0}))
                .hasMessageContaining("over the limit");
    }

    @Test
    void clusterStructure() {
        byte[] block = blocks(0, 1).get(0);
        assertInvalid(concat(HEADER, MkvWriter.cluster(block))).hasMessageContaining("before the Cluster's Timecode");
        assertInvalid(concat(HEADER, MkvWriter.cluster(MkvTestData.voidElement(2))))
                .hasMessageContaining("without a Timecode");
        assertInvalid(concat(HEADER, MkvWriter.cluster(uint(MkvIds.TIMECODE, 0), uint(MkvIds.TIMECODE, 1))))
                .hasMessageContaining("second Timecode");
        assertInvalid(concat(HEADER, MkvWriter.cluster(uint(MkvIds.TIMECODE, 0), MkvWriter.tags(Map.of()))))
                .hasMessageContaining("inside a Cluster of known size");
        assertInvalid(
                concat(HEADER, MkvWriter.cluster(uint(MkvIds.TIMECODE, 0), id(MkvIds.VOID), new byte[] {(byte) 0xFF})))
                .hasMessageContaining("unknown size");
        assertInvalid(concat(element(MkvIds.EBML), id(MkvIds.SEGMENT), UNKNOWN_SIZE_8, MkvWriter.cluster(0, List.of())))
                .hasMessageContaining("Cluster before Tracks");
        assertInvalid(concat(HEADER, MkvWriter.tracks(List.of(VIDEO)))).hasMessageContaining("second Tracks");
        assertInvalid(concat(HEADER, id(MkvIds.CUES), new byte[] {(byte) 0xFF})).hasMessageContaining("unknown size");
        // a laced block whose lace sizes are wrong is caught on ingest
        byte[] badLacing = element(MkvIds.SIMPLE_BLOCK, new byte[] {(byte) 0x81, 0, 0, (byte) 0x82, 1, (byte) 200, 1});
        assertInvalid(concat(HEADER, MkvWriter.cluster(0, List.of(badLacing)))).hasMessageContaining("laced frame");
    }

    @Test
    void storedClustersThatAreNotClustersFail() {
        assertThatThrownBy(() -> ClusterParser.parse(new byte[0], List.of(VIDEO), SCALE))
                .isInstanceOf(MkvFormatException.class);
        assertThatThrownBy(() -> ClusterParser.parse(HEADER, List.of(VIDEO), SCALE))
                .isInstanceOf(MkvFormatException.class);
        byte[] cluster = MkvWriter.cluster(0, blocks(0, 2));
        assertThatThrownBy(() -> ClusterParser.parse(Arrays.copyOf(cluster, cluster.length - 1), List.of(VIDEO), SCALE))
                .isInstanceOf(MkvFormatException.class);
        assertThatThrownBy(() -> ClusterParser.parse(cluster, List.of(MkvTestData.AUDIO), SCALE))
                .isInstanceOf(MkvFormatException.class);
    }

    /**
     * Thousands of random mutations (flipped bits, overwritten, inserted and deleted bytes, cuts) of a valid
     * document with laced audio and BlockGroups: each yields only events or a MkvFormatException, and every block
     * it accepts decodes to frames or fails the same way.
     */
    @Test
    void randomMutationsGiveEventsOrFormatErrorsOnly() {
        byte[] audio = MkvTestData
                .concat(element(MkvIds.SIMPLE_BLOCK, new byte[] {(byte) 0x82, 0, 3, (byte) 0x82, 2, 10, 20},
                        new byte[35]));
        byte[] group = element(MkvIds.BLOCK_GROUP,
                element(MkvIds.BLOCK, new byte[] {(byte) 0x81, 0, 9, 0x06, 1, (byte) 0x85}, new byte[9]),
                uint(MkvIds.BLOCK_DURATION, 30), element(MkvIds.REFERENCE_BLOCK, new byte[] {(byte) 0xF6}));
        byte[] original = concat(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO, MkvTestData.AUDIO)), "fuzz"),
                MkvWriter.cluster(0, List.of(blocks(0, 1).get(0), audio, group)),
                MkvWriter.tags(Map.of("AWS_KINESISVIDEO_FRAGMENT_NUMBER", "1")),
                MkvTestData.unknownSizeCluster(UNKNOWN_SIZE_8, 1000, List.of(group, audio, blocks(1, 2).get(1))),
                MkvWriter.header(SCALE, MkvTestData.tracksWith(new byte[] {4, 5}), "fuzz"),
                MkvTestData.unknownSizeCluster(new byte[] {(byte) 0xFF}, 0, blocks(2, 2)));
        assertThat(MkvTestData.shape(readAll(original))).isEqualTo("H S B B B E S B B B E H S B B E");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(42);
            int rejected = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] mutated = mutate(original, random);
                try {
                    consume(mutated);
                } catch (MkvFormatException expected) {
                    rejected++; // the only acceptable failure
                } catch (Throwable t) {
                    fail("mutation " + i + " threw " + t, t);
                }
            }
            // both outcomes are common, so the test exercises the error paths and the accepting ones
            assertThat(rejected).isBetween(2_000, 18_000);
        });
    }

    /** Reads everything, decoding each block with its track as a player would. */
    private static void consume(byte[] mkv) throws Exception {
        MkvStreamReader reader = new MkvStreamReader(new ByteArrayInputStream(mkv), 1 << 20);
        Map<Integer, Track> tracks = new HashMap<>();
        long scale = 0;
        long timecode = 0;
        for (MkvEvent e = reader.next(); e != null; e = reader.next()) {
            switch (e) {
                case MkvEvent.Header h -> {
                    tracks.clear();
                    h.tracks().forEach(t -> tracks.put(t.number(), t));
                    scale = h.timecodeScaleNanos();
                    assertThat(TracksParser.parse(h.tracksElement(), 0)).hasSameSizeAs(h.tracks());
                }
                case MkvEvent.ClusterStart s -> timecode = s.timecode();
                // a block of an undeclared track is well-formed; its reader (PutMedia: 4010) decides what to do
                case MkvEvent.Block b when tracks.containsKey(b.track()) ->
                    assertThat(Blocks.frames(tracks.get(b.track()), b.element(), timecode, scale)).isNotEmpty();
                default -> {
                }
            }
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = concat(Arrays.copyOf(b, at), new byte[] {(byte) random.nextInt(256)},
                        Arrays.copyOfRange(b, at, b.length));
                case 3 -> b = concat(Arrays.copyOf(b, at),
                        Arrays.copyOfRange(b, Math.min(b.length, at + 1 + random.nextInt(8)), b.length));
                default -> b = Arrays.copyOf(b, at);
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(byte[] mkv) {
        return assertThatThrownBy(() -> readAll(mkv)).isInstanceOf(MkvFormatException.class)
                .matches(e -> !((MkvFormatException) e).truncated(), "not truncated");
    }

    private static void assertTruncated(byte[] mkv) {
        assertThatThrownBy(() -> readAll(mkv)).isInstanceOf(MkvFormatException.class)
                .matches(e -> ((MkvFormatException) e).truncated(), "truncated");
    }
}
