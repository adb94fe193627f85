package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.GetMediaResponse;
import software.amazon.awssdk.services.kinesisvideomedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideomedia.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelector;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * GetMedia with the SDK v2 client, its output read by AWS's own parser library: each start selector starts at the
 * right fragment, the tags carry what ListFragments says, the live tail delivers new fragments, and a reader that
 * goes away frees the server's side.
 */
class GetMediaTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(15);

    static TestServer server;
    static KinesisVideoMediaClient getMedia;
    static KinesisVideoArchivedMediaClient archived;
    /** The five fragments of stream "cam", in order. */
    static List<Fragment> cam;

    @BeforeAll
    static void upload() {
        server = TestServer.start();
        getMedia = server.media();
        archived = server.archivedMedia();
        create("cam");
        for (int i = 0; i < 5; i++) {
            uploadFragment("cam", i);
            RawPutMedia.sleep(10); // distinct server timestamps
        }
        cam = list("cam");
        assertThat(cam).hasSize(5);
    }

    @AfterAll
    static void stop() {
        getMedia.close();
        archived.close();
        server.close();
    }

    static void create(String stream) {
        server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(24));
    }

    /** Uploads fragment {@code i}: GOP i at T0 + i seconds, ABSOLUTE timecodes. */
    static void uploadFragment(String stream, int i) {
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream),
                TestMkv.concat(TestMkv.header(), TestMkv.cluster(T0.toEpochMilli() + i * 1000L, i)), 1);
    }

    static List<Fragment> list(String stream) {
        List<Fragment> all = new ArrayList<>(archived.listFragments(r -> r.streamName(stream)).fragments());
        all.sort(Comparator.comparing(f -> new java.math.BigInteger(f.fragmentNumber())));
        return all;
    }

    /** Opens GetMedia and reads {@code count} fragments with the parser library, then closes the stream. */
    static List<KvsParser.Parsed> read(String stream, Consumer<StartSelector.Builder> selector, int count)
            throws Exception {
        ResponseInputStream<GetMediaResponse> in = getMedia.getMedia(r -> r.streamName(stream).startSelector(selector));
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return KvsParser.read(in, count);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            in.abort();
            in.close();
        }
    }

    static void assertMatches(KvsParser.Parsed parsed, Fragment listed) {
        assertThat(parsed.number()).isEqualTo(listed.fragmentNumber());
        assertThat(parsed.metadata().isSuccess()).isTrue();
        // The library reads the seconds as a double and rounds up: allow its rounding, nothing more.
        assertThat(parsed.metadata().getServerSideTimestampMillis()).isBetween(listed.serverTimestamp().toEpochMilli(),
                listed.serverTimestamp().toEpochMilli() + 1);
        assertThat(parsed.metadata().getProducerSideTimestampMillis()).isBetween(
                listed.producerTimestamp().toEpochMilli(),
                listed.producerTimestamp().toEpochMilli() + 1);
        assertThat(parsed.continuationToken()).isEqualTo(listed.fragmentNumber());
        assertThat(parsed.millisBehindNow()).isNotNegative();
        assertThat(parsed.blocks()).isEqualTo(TestMkv.FRAMES_PER_FRAGMENT);
    }

    @Test
    void theParserLibraryReadsEveryFragmentsTagsAsListFragmentsReportsThem() throws Exception {
        List<KvsParser.Parsed> parsed = read("cam", s -> s.startSelectorType(StartSelectorType.EARLIEST), 5);
        assertThat(parsed).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertMatches(parsed.get(i), cam.get(i));
        }
        KvsParser.Parsed first = parsed.getFirst();
        assertThat(first.track().getCodecId()).isEqualTo("V_MPEG4/ISO/AVC");
        assertThat(first.track().getPixelWidth()).contains(java.math.BigInteger.valueOf(160));
        assertThat(first.track().getCodecPrivateData().remaining()).isPositive();
    }

    @Test
    void fragmentNumberStartsAtThatFragment() throws Exception {
        List<KvsParser.Parsed> parsed = read("cam", s -> s.startSelectorType(StartSelectorType.FRAGMENT_NUMBER)
                .afterFragmentNumber(cam.get(2).fragmentNumber()), 3);
        assertThat(parsed).extracting(KvsParser.Parsed::number)
                .containsExactly(cam.get(2).fragmentNumber(), cam.get(3).fragmentNumber(), cam.get(4).fragmentNumber());
    }

    @Test
    void aContinuationTokenResumesAfterTheFragmentThatCarriedIt() throws Exception {
        String token = read("cam", s -> s.startSelectorType(StartSelectorType.EARLIEST), 3).getLast()
                .continuationToken();
        List<KvsParser.Parsed> parsed = read("cam", s -> s.startSelectorType(StartSelectorType.CONTINUATION_TOKEN)
                .continuationToken(token), 2);
        assertThat(parsed).extracting(KvsParser.Parsed::number)
                .containsExactly(cam.get(3).fragmentNumber(), cam.get(4).fragmentNumber());
    }

    @Test
    void producerTimestampStartsAtTheFragmentRecordedThen() throws Exception {
        List<KvsParser.Parsed> parsed = read("cam", s -> s.startSelectorType(StartSelectorType.PRODUCER_TIMESTAMP)
                .startTimestamp(T0.plusSeconds(3)), 2);
        assertThat(parsed).extracting(KvsParser.Parsed::number)
                .containsExactly(cam.get(3).fragmentNumber(), cam.get(4).fragmentNumber());
    }

    @Test
    void serverTimestampStartsAtTheFragmentReceivedThen() throws Exception {
        List<KvsParser.Parsed> parsed = read("cam", s -> s.startSelectorType(StartSelectorType.SERVER_TIMESTAMP)
                .startTimestamp(cam.get(1).serverTimestamp()), 4);
        assertThat(parsed).extracting(KvsParser.Parsed::number).containsExactly(cam.get(1).fragmentNumber(),
                cam.get(2).fragmentNumber(), cam.get(3).fragmentNumber(), cam.get(4).fragmentNumber());
    }

    @Test
    void nowSkipsWhatIsStoredAndDeliversTheNextFragment() throws Exception {
        create("now");
        uploadFragment("now", 0);
        uploadFragment("now", 1);
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            RawPutMedia.sleep(500);
            uploadFragment("now", 2);
        });
        List<KvsParser.Parsed> parsed = read("now", s -> s.startSelectorType(StartSelectorType.NOW), 1);
        later.get();
        List<Fragment> listed = list("now");
        assertThat(parsed).hasSize(1);
        assertMatches(parsed.getFirst(), listed.get(2));
        assertThat(parsed.getFirst().metadata().getProducerSideTimestampMillis())
                .isEqualTo(T0.plusSeconds(2).toEpochMilli());
    }

    @Test
    void theLiveTailDeliversFragmentsUploadedAfterGetMediaBegan() throws Exception {
        create("tail");
        uploadFragment("tail", 0);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            RawPutMedia.sleep(300);
            uploadFragment("tail", 1);
            RawPutMedia.sleep(300);
            uploadFragment("tail", 2);
        });
        List<KvsParser.Parsed> parsed = read("tail", s -> s.startSelectorType(StartSelectorType.EARLIEST), 3);
        producer.get();
        List<Fragment> listed = list("tail");
        for (int i = 0; i < 3; i++) {
            assertMatches(parsed.get(i), listed.get(i));
        }
        // Delivered as it arrived: the last one was read well under a second after it was persisted.
        assertThat(parsed.get(2).millisBehindNow()).isLessThan(1000);
    }

    @Test
    void aReaderThatGoesAwayFreesTheServersSide() throws Exception {
        List<ResponseInputStream<GetMediaResponse>> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readers.add(getMedia
                    .getMedia(r -> r.streamName("cam").startSelector(s -> s.startSelectorType(StartSelectorType.NOW))));
        }
        assertThat(waitForTails(n -> n >= 5)).as("five tails are running").isGreaterThanOrEqualTo(5);
        for (ResponseInputStream<GetMediaResponse> reader : readers) {
            reader.abort();
            reader.close();
        }
        assertThat(waitForTails(n -> n == 0)).as("every tail ended with its reader").isZero();
        // ...and the server goes on serving.
        assertThat(read("cam", s -> s.startSelectorType(StartSelectorType.EARLIEST), 1)).hasSize(1);
        assertThat(list("cam")).hasSize(5);
    }

    @Test
    void deletingTheStreamEndsItsLiveTail() throws Exception {
        create("short-lived");
        uploadFragment("short-lived", 0);
        ResponseInputStream<GetMediaResponse> in = getMedia.getMedia(r -> r.streamName("short-lived")
                .startSelector(s -> s.startSelectorType(StartSelectorType.EARLIEST)));
        try {
            CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readAllBytes().length;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            RawPutMedia.sleep(300);
            assertThat(drained).isNotDone();
            server.client()
                    .deleteStream(r -> r.streamARN(server.client().describeStream(d -> d.streamName("short-lived"))
                            .streamInfo().streamARN()));
            assertThat(drained.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the stored fragment, then the end")
                    .isPositive();
        } finally {
            in.abort();
        }
    }

    /** Polls a thread dump of this JVM (virtual threads included) until the count of GetMedia tails satisfies the test. */
    static int waitForTails(java.util.function.IntPredicate done) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int tails;
        do {
            tails = tails();
            if (done.test(tails)) {
                return tails;
            }
            RawPutMedia.sleep(100);
        } while (System.nanoTime() < deadline);
        return tails;
    }

    static int tails() throws IOException {
        Path dump = Files.createTempFile("threads", ".txt");
        Files.delete(dump);
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(dump.toString(),
                    HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            String text = Files.readString(dump);
            int count = 0;
            for (int at = text.indexOf("LiveMedia.tail("); at >= 0; at = text.indexOf("LiveMedia.tail(", at + 1)) {
                count++;
            }
            return count;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    @Test
    void badRequestsAreRefusedWithTheModeledErrors() {
        assertThatThrownBy(() -> getMedia.getMedia(r -> r.streamName("no-such-stream")
                .startSelector(s -> s.startSelectorType(StartSelectorType.EARLIEST))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> getMedia.getMedia(r -> r.streamName("cam")
                .startSelector(s -> s.startSelectorType(StartSelectorType.FRAGMENT_NUMBER))))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> getMedia.getMedia(r -> r.streamName("cam")
                .startSelector(s -> s.startSelectorType(StartSelectorType.PRODUCER_TIMESTAMP))))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> getMedia.getMedia(r -> r.streamName("cam")
                .startSelector(s -> s.startSelectorType(StartSelectorType.CONTINUATION_TOKEN)
                        .continuationToken("12345678901234567890123"))))
                .isInstanceOf(InvalidArgumentException.class);
    }
}
