package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.store.EmbeddedPostgresCluster;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.GetMediaResponse;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * The race a live reader must survive: one PutMedia sends 20 fragments as fast as it can while several of them are
 * committed at once, and a GetMedia reader opened before follows the stream. 50 times over, on SQLite and on
 * PostgreSQL, the reader gets every fragment, each once, in the order they were recorded, as ListFragments lists them.
 */
class LiveTailRaceTest {
    static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    static final int RUNS = 50;
    static final int FRAGMENTS = 20;
    /** How long a reader gets, after the last PERSISTED, to deliver what it still owes. */
    static final Duration CATCH_UP = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aLiveReaderGetsEveryFragmentOfAFastUploadOnceAndInOrder(String database) throws Exception {
        ServerConfig config = ServerConfig.defaults();
        if (database.equals("postgresql")) {
            config = config.withDatabase(EmbeddedPostgresCluster.newDatabaseUrl());
        }
        byte[] body = body();
        try (TestServer server = TestServer.start(config);
                KinesisVideoMediaClient getMedia = server.media();
                KinesisVideoArchivedMediaClient archived = server.archivedMedia()) {
            for (int run = 0; run < RUNS; run++) {
                String stream = "race-" + run;
                server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(24));
                StartSelectorType start = run % 2 == 0 ? StartSelectorType.NOW : StartSelectorType.EARLIEST;
                ResponseInputStream<GetMediaResponse> in = getMedia.getMedia(r -> r.streamName(stream)
                        .startSelector(s -> s.startSelectorType(start)));
                List<KvsParser.Parsed> read = Collections.synchronizedList(new ArrayList<>());
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        KvsParser.read(in, FRAGMENTS, read);
                    } catch (Exception e) {
                        // aborted below once the time is up
                    }
                });
                try {
                    RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream), body, FRAGMENTS);
                    reader.join(CATCH_UP);
                } finally {
                    in.abort();
                    reader.join(CATCH_UP);
                }
                List<String> stored = numbersInRecordingOrder(archived, stream);
                assertThat(stored).as("run %d: stored", run).hasSize(FRAGMENTS);
                assertThat(stored).as("run %d: numbers grow with recording time", run)
                        .isSortedAccordingTo(Comparator.comparing(BigInteger::new));
                List<String> delivered;
                synchronized (read) {
                    delivered = read.stream().map(KvsParser.Parsed::number).toList();
                }
                assertThat(delivered).as("run %d (%s): what the live reader got", run, start)
                        .containsExactlyElementsOf(stored);
            }
        }
    }

    /** A header and 20 one-second fragments, recorded one after the other. */
    static byte[] body() {
        List<byte[]> parts = new ArrayList<>();
        parts.add(TestMkv.header());
        for (int i = 0; i < FRAGMENTS; i++) {
            parts.add(TestMkv.cluster(T0.toEpochMilli() + i * 1000L, i));
        }
        return TestMkv.concat(parts.toArray(byte[][]::new));
    }

    static List<String> numbersInRecordingOrder(KinesisVideoArchivedMediaClient archived, String stream) {
        List<Fragment> fragments = new ArrayList<>(archived.listFragments(r -> r.streamName(stream)).fragments());
        fragments.sort(Comparator.comparing(Fragment::producerTimestamp));
        return fragments.stream().map(Fragment::fragmentNumber).toList();
    }
}
