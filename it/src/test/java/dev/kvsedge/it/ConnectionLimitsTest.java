package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.http.ConnectionLimits;
import dev.kvsedge.server.ingest.IngestLimits;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetMediaForFragmentListResponse;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.GetMediaResponse;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * Connections that keep the server waiting are cut after their time (here shortened to a second or two, for the test),
 * whatever they hold back: request headers, a request body, an upload's media, or reading the response; connections
 * that wait for the server (a long-poll, a live tail) are left alone.
 */
class ConnectionLimitsTest {
    static final ConnectionLimits SHORT = new ConnectionLimits(0, Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(2), Duration.ofSeconds(2));
    static final IngestLimits INGEST = new IngestLimits(IngestLimits.AWS.maxFragmentBytes(),
            IngestLimits.AWS.maxFragmentDuration(),
            IngestLimits.AWS.maxTracks(), Duration.ofMillis(500), Duration.ofSeconds(2));
    /** Long enough for any of the cuts above, on a busy machine. */
    static final Duration CUT_WITHIN = Duration.ofSeconds(8);

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                ServerConfig.defaults().withConnections(SHORT).withMedia(MediaConfig.DEFAULTS.withIngest(INGEST)));
        TestMkv.video();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void idleSocketsAndSlowHeaderSendersAreClosed() throws Exception {
        List<Socket> idle = new ArrayList<>();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            idle.add(connect());
            Socket s = connect();
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.add(s);
        }
        CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
            for (int n = 0; n < 100; n++) { // a header byte per connection every 100 ms: never a whole request
                slow.forEach(s -> RawHttp.write(s, "X"));
                RawPutMedia.sleep(100);
            }
        });
        for (Socket s : idle) {
            assertThat(RawHttp.closedByServer(s, CUT_WITHIN)).as("an idle socket").isTrue();
        }
        for (Socket s : slow) {
            assertThat(RawHttp.closedByServer(s, CUT_WITHIN)).as("a slowloris sender").isTrue();
        }
        trickle.cancel(true);
        assertThat(RawHttp.get(server.endpoint(), "/").status()).as("the server still serves").isEqualTo(200);
    }

    @Test
    void aConnectionLeftIdleBetweenRequestsIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = connect()) {
            RawHttp.write(s, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            long answered = System.nanoTime();
            assertThat(RawHttp.readResponse(s.getInputStream()).status()).isEqualTo(200);
            assertThat(RawHttp.closedByServer(s, CUT_WITHIN)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).as("not before the idle timeout")
                    .isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void aRequestBodyThatTricklesIsAnsweredRequestTimeout() throws Exception {
        try (Socket s = connect()) {
            RawHttp.write(s,
                    "POST /listStreams HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                for (int n = 0; n < 100 && RawHttp.write(s, " "); n++) {
                    RawPutMedia.sleep(100);
                }
            });
            RawHttp.Response response = RawHttp.readResponse(s.getInputStream());
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.head()).containsIgnoringCase("x-amzn-ErrorType: RequestTimeoutException");
            assertThat(RawHttp.closedByServer(s, CUT_WITHIN)).isTrue();
            trickle.cancel(true);
        }
    }

    @Test
    void aPutMediaTricklingBytesIsEndedAfterTheIdleTimeoutWithAnErrorAcknowledgement() {
        server.client().createStream(r -> r.streamName("trickle").dataRetentionInHours(24));
        try (RawPutMedia upload = RawPutMedia.open(server.endpoint(), RawPutMedia.absolute("trickle"))) {
            upload.send(TestMkv.header());
            byte[] cluster = TestMkv.cluster(1_800_000_000_000L, 0);
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < cluster.length && upload.trySend(new byte[] {cluster[i]}); i++) {
                    RawPutMedia.sleep(50); // 20 bytes a second
                }
            });
            assertThat(upload.awaitEnd(CUT_WITHIN)).as("the upload is ended").isTrue();
            assertThat(upload.acks().getLast().path("EventType").asText()).isEqualTo("ERROR");
            assertThat(upload.acks().getLast().path("ErrorId").asInt()).isEqualTo(4000);
            assertThat(upload.awaitClosed(CUT_WITHIN)).as("and its connection closed").isTrue();
            trickle.cancel(true);
        }
    }

    @Test
    void longPollsAndLiveTailsThatWaitLongerThanTheIdleTimeoutAreNotCut() throws Exception {
        TestAgent agent = TestAgent.mint(server, "arn:aws:iot:us-east-1:123456789012:thing/patient-hub");
        long polled = System.nanoTime();
        agent.waitForChanges(0, 5);
        assertThat(Duration.ofNanos(System.nanoTime() - polled)).as("a whole 5 s long-poll")
                .isGreaterThan(Duration.ofSeconds(4));

        server.client().createStream(r -> r.streamName("quiet").dataRetentionInHours(24));
        try (KinesisVideoMediaClient media = server.media()) {
            ResponseInputStream<GetMediaResponse> tail = media.getMedia(r -> r.streamName("quiet")
                    .startSelector(s -> s.startSelectorType(StartSelectorType.NOW)));
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try {
                    return tail.read();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            RawPutMedia.sleep(5000); // longer than the idle timeout and the send stall: the tail waits for media
            RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute("quiet"),
                    TestMkv.concat(TestMkv.header(), TestMkv.cluster(1_800_000_000_000L, 0)), 1);
            assertThat(firstByte.get(15, TimeUnit.SECONDS)).as("the fragment arrives on the tail").isEqualTo(0x1A);
            tail.abort();
        }
    }

    @Test
    void aResponseWhoseClientReadsNothingIsCutAfterTheSendStall() throws Exception {
        server.client().createStream(r -> r.streamName("unread").dataRetentionInHours(24));
        // 24 MiB of media: more than the socket buffers on both sides hold, so the server must wait for the reader.
        List<byte[]> parts = new ArrayList<>(List.of(TestMkv.header()));
        for (int i = 0; i < 24; i++) {
            parts.add(fatCluster(1_800_000_000_000L + i * 1000L));
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute("unread"),
                TestMkv.concat(parts.toArray(byte[][]::new)), 24);
        try (KinesisVideoArchivedMediaClient archived = server.archivedMedia()) {
            List<String> numbers = archived.listFragments(r -> r.streamName("unread")).fragments().stream()
                    .map(f -> f.fragmentNumber()).toList();
            ResponseInputStream<GetMediaForFragmentListResponse> body = archived.getMediaForFragmentList(
                    r -> r.streamName("unread").fragments(numbers));
            RawPutMedia.sleep(SHORT.sendStall().plusSeconds(4).toMillis()); // reading nothing
            long read = 0;
            boolean broken = false;
            byte[] buffer = new byte[1 << 16];
            try {
                for (int n; (n = body.read(buffer)) >= 0;) {
                    read += n;
                }
            } catch (IOException e) {
                broken = true;
            }
            assertThat(broken || read < 24L * 10 * FRAME_BYTES).as("the body was cut short, " + read + " bytes read")
                    .isTrue();
        }
    }

    static final int FRAME_BYTES = 100_000;

    /** About 1 MiB: ten frames of 100 KB, stored as they come (ingest does not decode them). */
    static byte[] fatCluster(long timecode) {
        List<byte[]> blocks = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            blocks.add(MkvWriter.simpleBlock(1, f * 100, f == 0, new byte[FRAME_BYTES]));
        }
        return MkvWriter.cluster(timecode, blocks);
    }

    static Socket connect() throws IOException {
        return RawHttp.connect(server.endpoint());
    }
}
