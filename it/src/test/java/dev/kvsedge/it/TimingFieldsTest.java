package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvIds;
import dev.kvsedge.media.mkv.MkvWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * The timing fields of an upload (TimecodeScale, Cluster Timecode, block relative timecodes, BlockDuration,
 * DefaultDuration) at their extremes: ingest does exact arithmetic, so a time that does not fit is refused with the
 * right ERROR and the fragment's own timecode, never PERSISTED with a wrapped length; what is PERSISTED plays, or is
 * refused with a 4xx, never a 5xx. Blocks before their cluster's time count in the fragment's length.
 */
class TimingFieldsTest {
    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    static final long MS = 1_000_000;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestServer server;
    static KinesisVideoArchivedMediaClient media;
    static int streams;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        media = server.archivedMedia();
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    /** One block: its offset in ticks, its BlockDuration in ticks (-1: none, a SimpleBlock), its frame. */
    record Block(int relative, long durationTicks, Frame frame) {
        byte[] element() {
            if (durationTicks < 0) {
                return MkvWriter.simpleBlock(1, relative, frame.keyFrame(), frame.data());
            }
            byte[] block = TestMkv.concat(new byte[] {(byte) 0x81, (byte) (relative >> 8), (byte) relative, 0},
                    frame.data());
            List<byte[]> children = new ArrayList<>(List.of(MkvWriter.element(MkvIds.BLOCK, block),
                    MkvWriter.uint(MkvIds.BLOCK_DURATION, durationTicks)));
            if (!frame.keyFrame()) {
                children.add(MkvWriter.uint(MkvIds.REFERENCE_BLOCK, 1));
            }
            return MkvWriter.element(MkvIds.BLOCK_GROUP, children.toArray(byte[][]::new));
        }
    }

    /** What one single-cluster upload got: its acknowledgements. */
    record Upload(String stream, long timecode, List<JsonNode> acks) {
        List<JsonNode> of(String type) {
            return acks.stream().filter(a -> a.path("EventType").asText().equals(type)).toList();
        }
    }

    static Upload upload(long timecodeScale, long defaultDuration, long clusterTimecode, List<Block> blocks) {
        String stream = "timing-" + streams++;
        server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(24));
        Track t = TestMkv.track();
        Track track = new Track(1, t.type(), t.codecId(), t.codecPrivate(), defaultDuration, t.width(), t.height(), 0,
                0);
        byte[] body = TestMkv.concat(MkvWriter.header(timecodeScale, MkvWriter.tracks(List.of(track)), "timing-test"),
                MkvWriter.cluster(clusterTimecode, blocks.stream().map(Block::element).toList()));
        try (RawPutMedia upload = RawPutMedia.open(server.endpoint(), RawPutMedia.absolute(stream))) {
            assertThat(upload.status()).isEqualTo(200);
            upload.send(body).finish();
            upload.awaitAck(a -> a.path("EventType").asText().matches("PERSISTED|ERROR"), Duration.ofSeconds(10));
            assertThat(upload.awaitEnd(Duration.ofSeconds(10))).isTrue();
            return new Upload(stream, clusterTimecode, upload.acks());
        }
    }

    /** The GOP's frames as blocks 100 ms apart (in ticks of 1 ms), each with the given BlockDuration. */
    static List<Block> gop(int gop, long durationTicks) {
        List<Block> blocks = new ArrayList<>();
        List<Frame> frames = TestMkv.gop(gop);
        for (int i = 0; i < frames.size(); i++) {
            blocks.add(new Block(i * 100, durationTicks, frames.get(i)));
        }
        return blocks;
    }

    static void assertRefused(Upload upload, int errorId) {
        assertThat(upload.of("PERSISTED")).as(upload.acks().toString()).isEmpty();
        assertThat(upload.of("ERROR")).as(upload.acks().toString()).singleElement().satisfies(error -> {
            assertThat(error.path("ErrorId").asInt()).isEqualTo(errorId);
            assertThat(error.path("FragmentTimecode").asLong()).as("the fragment's own timecode")
                    .isEqualTo(upload.timecode());
        });
        assertThat(media.listFragments(r -> r.streamName(upload.stream())).fragments()).isEmpty();
    }

    @Test
    void aBlockDurationOf2To62IsAFragmentLongerThanTenSeconds() {
        long timecode = T0.toEpochMilli();
        List<Block> blocks = gop(0, -1);
        blocks.set(3, new Block(300, 1L << 62, blocks.get(3).frame()));
        assertRefused(upload(MS, 0, timecode, blocks), 4002);
    }

    @Test
    void aTimecodeScaleOf2To62GivesNoProducerTimestampAndIsRefusedWithTheClustersTimecode() {
        assertRefused(upload(1L << 62, 0, 3, gop(1, -1)), 4007);
        // At timecode 0 the cluster starts at the epoch, but its second block lies 2^62 ns * 100 later.
        assertRefused(upload(1L << 62, 0, 0, gop(1, -1)), 4002);
    }

    @Test
    void blocksBeforeTheClustersTimeCountInItsLength() {
        List<Frame> frames = TestMkv.gop(2);
        List<Block> backwards = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            backwards.add(new Block(-i * 100, -1, frames.get(i)));
        }
        Upload upload = upload(MS, 100 * MS, T0.toEpochMilli(), backwards);
        assertThat(upload.of("PERSISTED")).as(upload.acks().toString()).hasSize(1);
        Fragment stored = media.listFragments(r -> r.streamName(upload.stream())).fragments().getFirst();
        assertThat(stored.fragmentLengthInMilliseconds()).as("ten frames of 100 ms").isEqualTo(1000);
    }

    /**
     * A seeded random walk over the timing fields' extremes: every upload ends with PERSISTED or a fragment ERROR about
     * its own timecode (never 5000), a PERSISTED fragment is at most 10 s long, and playback answers 200 or a 4xx.
     */
    @Test
    void randomTimingFieldsAreEitherRefusedWithTheirTimecodeOrStoredPlayable() throws Exception {
        Random random = new Random(20261124L);
        long[] scales = {1, 1000, MS, 1_000_000_000L, 1L << 31, 1L << 40, 1L << 62, Long.MAX_VALUE};
        long[] durations = {-1, -1, 0, 40, 1L << 31, 1L << 62, Long.MAX_VALUE};
        long[] defaults = {0, 40 * MS, 1L << 62, Long.MAX_VALUE};
        int persisted = 0;
        for (int run = 0; run < 60; run++) {
            long scale = scales[random.nextInt(scales.length)];
            Supplier<Long> plausible = () -> Math.max(0, T0.toEpochMilli() * MS / scale);
            long[] timecodes = {0, 1, plausible.get(), 1L << 62, Long.MAX_VALUE};
            long timecode = timecodes[random.nextInt(timecodes.length)];
            long blockDuration = durations[random.nextInt(durations.length)];
            List<Block> blocks = new ArrayList<>();
            List<Frame> frames = TestMkv.gop(run);
            int step = random.nextBoolean() ? random.nextInt(-3000, 3001) : 100;
            for (int i = 0; i < frames.size(); i++) {
                int relative = random.nextInt(10) == 0
                        ? random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1)
                        : Math.clamp((long) i * step, Short.MIN_VALUE, Short.MAX_VALUE);
                blocks.add(new Block(relative, blockDuration, frames.get(i)));
            }
            Upload upload = upload(scale, defaults[random.nextInt(defaults.length)], timecode, blocks);
            String what = "run " + run + " (scale " + scale + ", timecode " + timecode + ", BlockDuration "
                    + blockDuration
                    + ", step " + step + "): " + upload.acks();
            for (JsonNode ack : upload.acks()) {
                if (!ack.path("EventType").asText().equals("IDLE")) {
                    assertThat(ack.path("FragmentTimecode").asLong()).as(what).isEqualTo(timecode);
                }
                assertThat(ack.path("ErrorId").asInt(0)).as(what).isNotEqualTo(5000);
            }
            if (upload.of("PERSISTED").isEmpty()) {
                assertThat(upload.of("ERROR")).as(what).hasSize(1);
                continue;
            }
            persisted++;
            Fragment stored = media.listFragments(r -> r.streamName(upload.stream())).fragments().getFirst();
            assertThat(stored.fragmentLengthInMilliseconds()).as(what).isBetween(0L, 10_000L);
            assertPlaysOrIsRefused(upload.stream(), stored, what);
        }
        assertThat(persisted).as("uploads that were fine").isPositive();
    }

    /** GetClip and an HLS session over the fragment: 200, or a 4xx, never a 5xx. */
    static void assertPlaysOrIsRefused(String stream, Fragment stored, String what) throws Exception {
        Instant from = stored.producerTimestamp();
        Instant to = from.plusSeconds(11);
        try {
            media.getClipAsBytes(r -> r.streamName(stream).clipFragmentSelector(s -> s
                    .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                    .timestampRange(t -> t.startTimestamp(from).endTimestamp(to))));
        } catch (AwsServiceException e) {
            assertThat(e.statusCode()).as("GetClip, " + what + ": " + e.getMessage()).isBetween(400, 499);
        } catch (SdkClientException e) {
            throw new AssertionError("GetClip's answer broke off, " + what, e);
        }
        String master;
        try {
            master = media.getHLSStreamingSessionURL(r -> r.streamName(stream).playbackMode(HLSPlaybackMode.ON_DEMAND)
                    .hlsFragmentSelector(s -> s.fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(t -> t.startTimestamp(from).endTimestamp(to))))
                    .hlsStreamingSessionURL();
        } catch (AwsServiceException e) {
            assertThat(e.statusCode()).as("GetHLSStreamingSessionURL, " + what + ": " + e.getMessage()).isBetween(400,
                    499);
            return;
        }
        URI masterUri = URI.create(master);
        List<URI> pending = new ArrayList<>(List.of(masterUri));
        while (!pending.isEmpty()) {
            URI url = pending.removeFirst();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url.getPath() + ", " + what + ": " + response.body()).isLessThan(500);
            if (response.statusCode() == 200 && url.getPath().endsWith(".m3u8")) {
                pending.addAll(HlsFetch.uris(url, response.body()));
            }
        }
    }
}
