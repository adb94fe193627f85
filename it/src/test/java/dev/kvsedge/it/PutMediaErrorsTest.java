package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.fragments.FragmentKeys;
import dev.kvsedge.server.ingest.IngestLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;

/**
 * PutMedia's error acknowledgements: a bad fragment gets an ERROR with Kinesis Video's ErrorId and is dropped while
 * the upload goes on; a broken stream gets an ERROR and the upload ends; either way what was persisted before stays,
 * nothing half-written is left on disk, and another stream's upload running at the same time is not touched.
 */
class PutMediaErrorsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String START = "2026-11-20T08:00:00Z";
    /** Fragments are small here (a GOP is about 25 KB), so the size limit is lowered to reach it cheaply. */
    static final long MAX_FRAGMENT_BYTES = 256 << 10;

    static TestServer server;
    static KinesisVideoArchivedMediaClient media;

    @BeforeAll
    static void start() {
        IngestLimits limits = new IngestLimits(MAX_FRAGMENT_BYTES, IngestLimits.AWS.maxFragmentDuration(),
                IngestLimits.AWS.maxTracks(),
                IngestLimits.AWS.idleAck(), IngestLimits.AWS.idleTimeout());
        server = TestServer.start(ServerConfig.defaults().withMedia(MediaConfig.DEFAULTS.withIngest(limits)));
        media = server.archivedMedia();
        TestMkv.video();
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    static RawPutMedia open(String stream) {
        server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(24));
        RawPutMedia upload = RawPutMedia.open(server.endpoint(), RawPutMedia.relative(stream, START));
        assertThat(upload.status()).isEqualTo(200);
        return upload;
    }

    static List<Fragment> fragments(String stream) {
        List<Fragment> all = new ArrayList<>(media.listFragments(r -> r.streamName(stream)).fragments());
        all.sort(Comparator.comparing(Fragment::producerTimestamp));
        return all;
    }

    static List<Long> offsetsMillis(String stream) {
        return fragments(stream).stream()
                .map(f -> f.producerTimestamp().toEpochMilli() - Instant.parse(START).toEpochMilli())
                .toList();
    }

    static List<Long> timecodes(List<JsonNode> acks) {
        return acks.stream().map(a -> a.path("FragmentTimecode").asLong()).toList();
    }

    /**
     * The files under the media directory for the stream: committed fragments and any part files left behind. Only
     * the stream's own folder is walked: other streams' uploads may be renaming part files meanwhile.
     */
    static List<Path> files(String stream) {
        return filesOf(arn(stream));
    }

    /** The same for the stream of this ARN, also once it is deleted. */
    static List<Path> filesOf(String arn) {
        Path folder = folderOf(arn);
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String arn(String stream) {
        return server.client().describeStream(r -> r.streamName(stream)).streamInfo().streamARN();
    }

    /** A stream's media folder, as the server names it (from its ARN, not its name). */
    static Path folderOf(String arn) {
        return server.dataDir.resolve("media").resolve(FragmentKeys.of(arn).key(java.time.Instant.EPOCH)).getParent();
    }

    static void assertEndsWithError(RawPutMedia upload, int errorId) {
        JsonNode error = upload.awaitAck(a -> a.path("EventType").asText().equals("ERROR"), WAIT);
        assertThat(error.path("ErrorId").asInt()).as(error.toString()).isEqualTo(errorId);
        assertThat(upload.awaitEnd(WAIT)).as("the upload is ended after " + error).isTrue();
    }

    // ---- stream errors: ERROR, then the upload ends

    @Test
    void garbageAfterAValidHeaderIsInvalidMkvAndEndsTheUpload() {
        corruptAfterHeader("corrupt");
    }

    void corruptAfterHeader(String stream) {
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0));
            upload.awaitAck("PERSISTED", 0, WAIT);
            upload.send(new byte[64]); // zero bytes: no EBML element starts with 0x00
            assertEndsWithError(upload, 4006);
            upload.trySend(TestMkv.cluster(1000, 1));
            RawPutMedia.sleep(200);
            assertThat(timecodes(upload.acks("BUFFERING"))).as("nothing after the error is read").containsExactly(0L);
        }
        assertThat(offsetsMillis(stream)).containsExactly(0L);
    }

    @Test
    void anUploadCutInTheMiddleOfAClusterLosesOnlyThatFragment() {
        truncated("truncated");
    }

    void truncated(String stream) {
        byte[] third = TestMkv.cluster(2000, 2);
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0)).send(TestMkv.cluster(1000, 1));
            upload.send(Arrays.copyOf(third, third.length / 2)).finish();
            JsonNode error = upload.awaitAck(a -> a.path("EventType").asText().equals("ERROR"), WAIT);
            assertThat(error.path("ErrorId").asInt()).isEqualTo(4006);
            assertThat(error.path("FragmentTimecode").asLong()).isEqualTo(2000);
            assertThat(timecodes(upload.acks("PERSISTED"))).containsExactly(0L, 1000L);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
        }
        assertThat(offsetsMillis(stream)).containsExactly(0L, 1000L);
        assertThat(files(stream)).as("two fragments, no part file").hasSize(2)
                .allMatch(p -> p.toString().endsWith(".mkv"));
    }

    @Test
    void aProducerThatDropsTheConnectionMidClusterLeavesItsEarlierFragmentsAndNoPartFile() {
        dropped("dropped");
    }

    void dropped(String stream) {
        byte[] second = TestMkv.cluster(1000, 1);
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0));
            upload.awaitAck("PERSISTED", 0, WAIT);
            upload.send(Arrays.copyOf(second, second.length / 2));
            upload.awaitAck("BUFFERING", 1000, WAIT);
            upload.cut();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (files(stream).size() > 1 && System.nanoTime() < deadline) {
            RawPutMedia.sleep(20);
        }
        assertThat(files(stream)).as("the partial fragment's file is removed").hasSize(1);
        assertThat(offsetsMillis(stream)).containsExactly(0L);
    }

    @Test
    void moreThanThreeTracksEndTheUpload() {
        tooManyTracks("four-tracks");
    }

    void tooManyTracks(String stream) {
        Track video = TestMkv.track();
        Track[] tracks = new Track[4];
        for (int i = 0; i < 4; i++) {
            tracks[i] = new Track(i + 1, Track.VIDEO, Track.H264, video.codecPrivate(), video.defaultDurationNanos(),
                    video.width(), video.height(), 0, 0);
        }
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header(tracks)).send(TestMkv.cluster(0, 0));
            assertEndsWithError(upload, 4012);
            assertThat(upload.acks("PERSISTED")).isEmpty();
        }
        assertThat(fragments(stream)).isEmpty();
    }

    @Test
    void threeTracksAreAllowed() {
        Track video = TestMkv.track();
        Track[] tracks = new Track[3];
        for (int i = 0; i < 3; i++) {
            tracks[i] = new Track(i + 1, Track.VIDEO, Track.H264, video.codecPrivate(), video.defaultDurationNanos(),
                    video.width(), video.height(), 0, 0);
        }
        try (RawPutMedia upload = open("three-tracks")) {
            upload.send(TestMkv.header(tracks)).send(TestMkv.cluster(0, 0)).finish();
            upload.awaitAck("PERSISTED", 0, WAIT);
        }
    }

    // ---- fragment errors: ERROR for that fragment, and the upload goes on

    @Test
    void aFragmentLongerThanTenSecondsIsDroppedAndTheNextIsPersisted() {
        tooLong("too-long");
    }

    void tooLong(String stream) {
        // Ten frames 1.2 s apart: the fragment spans 10.9 s (the last frame lasts its 100 ms default duration).
        byte[] longCluster = TestMkv.cluster(1000, TestMkv.gop(1), 12.0);
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0)).send(longCluster).send(TestMkv.cluster(13000, 2))
                    .finish();
            upload.awaitAck("PERSISTED", 13000, WAIT);
            JsonNode error = upload.awaitAck("ERROR", 1000, WAIT);
            assertThat(error.path("ErrorId").asInt()).isEqualTo(4002);
            assertThat(timecodes(upload.acks("PERSISTED"))).containsExactly(0L, 13000L);
            assertThat(upload.acks().stream().filter(a -> a.path("FragmentTimecode").asLong() == 1000)
                    .map(a -> a.path("EventType").asText())).containsExactly("BUFFERING", "ERROR");
            assertThat(upload.awaitEnd(WAIT)).isTrue();
        }
        assertThat(offsetsMillis(stream)).containsExactly(0L, 13000L);
        assertThat(files(stream)).hasSize(2);
    }

    @Test
    void aFragmentOverTheSizeLimitIsDroppedAndTheNextIsPersisted() {
        tooBig("too-big");
    }

    void tooBig(String stream) {
        List<byte[]> blocks = new ArrayList<>(TestMkv.blocks(TestMkv.gop(1), 1.0, 0));
        for (int i = 0; i < 6; i++) {
            blocks.add(MkvWriter.simpleBlock(1, 950, false, new byte[50 << 10])); // 300 KB more than the GOP
        }
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0)).send(MkvWriter.cluster(1000, blocks))
                    .send(TestMkv.cluster(2000, 2)).finish();
            upload.awaitAck("PERSISTED", 2000, WAIT);
            assertThat(upload.awaitAck("ERROR", 1000, WAIT).path("ErrorId").asInt()).isEqualTo(4001);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
        }
        assertThat(offsetsMillis(stream)).containsExactly(0L, 2000L);
        assertThat(files(stream)).hasSize(2);
    }

    @Test
    void timecodesThatDoNotIncreaseAreRefusedFragmentByFragment() {
        backwards("backwards");
    }

    void backwards(String stream) {
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0)).send(TestMkv.cluster(1000, 1))
                    .send(TestMkv.cluster(500, 2)) // back in time
                    .send(TestMkv.cluster(1000, 3)) // the same time again
                    .send(TestMkv.cluster(2000, 0)).finish();
            upload.awaitAcks("PERSISTED", 3, WAIT);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
            assertThat(timecodes(upload.acks("PERSISTED"))).containsExactly(0L, 1000L, 2000L);
            assertThat(upload.acks("ERROR")).extracting(a -> a.path("ErrorId").asInt()).containsExactly(4004, 4004);
            assertThat(timecodes(upload.acks("ERROR"))).containsExactly(500L, 1000L);
        }
        assertThat(offsetsMillis(stream)).containsExactly(0L, 1000L, 2000L);
    }

    @Test
    void aProducerTimestampBeyondWhatCanBeStoredIsAFragmentError() {
        server.client().createStream(r -> r.streamName("far-future").dataRetentionInHours(24));
        // Year 33658: a valid start timestamp, but fragment times past it overflow nanosecond time.
        try (RawPutMedia upload = RawPutMedia.open(server.endpoint(),
                RawPutMedia.relative("far-future", "999999999999.5"))) {
            upload.send(TestMkv.stream(0, 1000)).finish();
            assertThat(upload.awaitAcks("ERROR", 2, WAIT)).extracting(a -> a.path("ErrorId").asInt())
                    .containsOnly(4007);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
            assertThat(upload.acks("PERSISTED")).isEmpty();
        }
        assertThat(fragments("far-future")).isEmpty();
    }

    @Test
    void aBlockOfATrackTheHeaderDoesNotDeclareIsRefused() {
        undeclaredTrack("undeclared-track");
    }

    void undeclaredTrack(String stream) {
        List<byte[]> blocks = new ArrayList<>(TestMkv.blocks(TestMkv.gop(1), 1.0, 0));
        List<Frame> gop = TestMkv.gop(1);
        blocks.add(3, MkvWriter.simpleBlock(7, 250, false, gop.get(3).data()));
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0)).send(MkvWriter.cluster(1000, blocks));
            upload.trySend(TestMkv.cluster(2000, 2));
            upload.finish();
            JsonNode error = upload.awaitAck("ERROR", 1000, WAIT);
            // 4010, track number mismatch: that fragment is dropped, the upload goes on
            assertThat(error.path("ErrorId").asInt()).isEqualTo(4010);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
            assertThat(timecodes(upload.acks("PERSISTED"))).doesNotContain(1000L).contains(2000L);
        }
        assertThat(offsetsMillis(stream)).contains(0L, 2000L).doesNotContain(1000L);
    }

    @Test
    void aFragmentTheStoreCannotWriteIsAnArchivalErrorAndTheUploadGoesOn() throws IOException {
        server.client().createStream(r -> r.streamName("unwritable").dataRetentionInHours(24));
        // A file where the stream's media directory belongs: every fragment file fails to be created.
        Path blocked = folderOf(arn("unwritable"));
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "in the way");
        try (RawPutMedia upload = RawPutMedia.open(server.endpoint(), RawPutMedia.relative("unwritable", START))) {
            upload.send(TestMkv.stream(0, 1000)).finish();
            List<JsonNode> errors = upload.awaitAcks("ERROR", 2, WAIT);
            assertThat(errors).as("each fragment gets its ERROR").extracting(a -> a.path("ErrorId").asInt())
                    .containsOnly(5001);
            assertThat(timecodes(errors)).containsExactly(0L, 1000L);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
            assertThat(upload.acks("PERSISTED")).isEmpty();
        }
        // Once the store can write again, so can the producer.
        Files.delete(blocked);
        RawPutMedia.upload(server.endpoint(), RawPutMedia.relative("unwritable", START), TestMkv.stream(0, 1000), 2);
        assertThat(offsetsMillis("unwritable")).containsExactly(0L, 1000L);
    }

    // ---- connections and the stream's life

    @Test
    void aSecondConnectionForTheSameStreamReplacesTheFirst() {
        replaced("replaced");
    }

    void replaced(String stream) {
        try (RawPutMedia first = open(stream)) {
            first.send(TestMkv.header()).send(TestMkv.cluster(0, 0));
            first.awaitAck("PERSISTED", 0, WAIT);
            try (RawPutMedia second = RawPutMedia.open(server.endpoint(), RawPutMedia.relative(stream, START))) {
                assertThat(second.status()).isEqualTo(200);
                assertThat(first.awaitEnd(WAIT)).as("the first upload is ended by the second").isTrue();
                second.send(TestMkv.header()).send(TestMkv.cluster(1000, 1));
                second.awaitAck("PERSISTED", 1000, WAIT);
                // What the replaced producer still sends is not taken.
                first.trySend(TestMkv.cluster(5000, 3));
                second.send(TestMkv.cluster(2000, 2)).finish();
                second.awaitAck("PERSISTED", 2000, WAIT);
                assertThat(second.acks("ERROR")).isEmpty();
            }
            assertThat(first.acks("ERROR")).isEmpty();
            assertThat(timecodes(first.acks("PERSISTED"))).containsExactly(0L);
        }
        assertThat(offsetsMillis(stream)).containsExactly(0L, 1000L, 2000L);
    }

    @Test
    void deletingTheStreamDuringAnUploadEndsItWithStreamNotActive() {
        deleted("deleted-midway");
    }

    void deleted(String stream) {
        String arn;
        try (RawPutMedia upload = open(stream)) {
            upload.send(TestMkv.header()).send(TestMkv.cluster(0, 0));
            upload.awaitAck("PERSISTED", 0, WAIT);
            arn = arn(stream);
            server.client().deleteStream(r -> r.streamARN(arn));
            upload.trySend(TestMkv.cluster(1000, 1));
            JsonNode error = upload.awaitAck(a -> a.path("EventType").asText().equals("ERROR"), WAIT);
            assertThat(error.path("ErrorId").asInt()).isEqualTo(4008);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
            assertThat(timecodes(upload.acks("PERSISTED"))).containsExactly(0L);
        }
        assertThatThrownBy(() -> fragments(stream)).isInstanceOf(ResourceNotFoundException.class);
        // The refused fragment leaves no file, and the persisted one goes with the sweep the deletion asks for (within
        // a second): it was a race to see exactly one file left.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!filesOf(arn).isEmpty() && System.nanoTime() < deadline) {
            RawPutMedia.sleep(50);
        }
        assertThat(filesOf(arn)).as("no media of the deleted stream is left").isEmpty();
    }

    @Test
    void anotherStreamsUploadRunsUntouchedThroughAllOfThese() throws Exception {
        String healthy = "healthy";
        server.client().createStream(r -> r.streamName(healthy).dataRetentionInHours(24));
        int count = 20;
        List<byte[]> clusters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clusters.add(TestMkv.cluster(i * 1000L, i));
        }
        RawPutMedia upload = RawPutMedia.open(server.endpoint(), RawPutMedia.relative(healthy, START));
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            upload.send(TestMkv.header());
            for (byte[] cluster : clusters) {
                upload.send(cluster);
                RawPutMedia.sleep(100);
            }
            upload.finish();
        }, r -> Thread.ofVirtual().start(r));
        List<Runnable> scenarios = List.of(() -> corruptAfterHeader("c-corrupt"), () -> truncated("c-truncated"),
                () -> dropped("c-dropped"), () -> tooManyTracks("c-tracks"), () -> tooLong("c-long"),
                () -> tooBig("c-big"),
                () -> backwards("c-backwards"), () -> undeclaredTrack("c-undeclared"), () -> replaced("c-replaced"),
                () -> deleted("c-deleted"));
        List<CompletableFuture<Void>> running = scenarios.stream()
                .map(s -> CompletableFuture.runAsync(s, r -> Thread.ofVirtual().start(r))).toList();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
        producer.get();
        upload.awaitAcks("PERSISTED", count, WAIT);
        assertThat(upload.awaitEnd(WAIT)).isTrue();
        upload.close();
        assertThat(upload.acks("ERROR")).isEmpty();
        List<String> numbers = upload.acks("PERSISTED").stream().map(a -> a.path("FragmentNumber").asText()).toList();
        assertThat(fragments(healthy)).extracting(Fragment::fragmentNumber).containsExactlyElementsOf(numbers);
        byte[] stored = media.getMediaForFragmentListAsBytes(r -> r.streamName(healthy).fragments(numbers))
                .asByteArray();
        assertThat(MkvTestClusters.payloads(stored)).containsExactlyElementsOf(
                MkvTestClusters.payloads(TestMkv.concat(clusters.toArray(byte[][]::new))));
        Probe.Result probe = Probe.bytes(stored, ".mkv");
        assertThat(probe.video().decodedFrames()).isEqualTo(count * TestMkv.FRAMES_PER_FRAGMENT);
        assertThat(probe.video().decodeErrors()).isZero();
    }
}
