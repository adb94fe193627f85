package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.blob.S3Location;
import dev.kvsedge.server.blob.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * Every stream name the API accepts stores and plays media, on the file store and in an S3 bucket: {@code .},
 * {@code ..} and 256-character names too, since media keys are not made of names. Media stored under the keys of an
 * older layout is still found, through the key each index row keeps.
 */
class StreamNameMediaTest {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final List<String> NAMES = List.of(".", "..", "x".repeat(256), "-._-", "Aa0_".repeat(64));

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void everyValidNameStoresAndReadsMedia(String store) throws Exception {
        try (S3ProxyServer s3 = store.equals("s3") ? new S3ProxyServer("media") : null) {
            ServerConfig config = ServerConfig.defaults();
            if (s3 != null) {
                config = config
                        .withMedia(MediaConfig.DEFAULTS.withS3(S3Config.forEndpoint(S3Location.parse("s3://media/kvs"),
                                s3.endpoint(), S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY,
                                S3ProxyServer.SECRET_KEY)));
            }
            try (TestServer server = TestServer.start(config);
                    KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
                for (String name : NAMES) {
                    server.client().createStream(r -> r.streamName(name).dataRetentionInHours(24));
                    RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(name),
                            TestMkv.concat(TestMkv.header(), TestMkv.cluster(T0.toEpochMilli(), 0),
                                    TestMkv.cluster(T0.toEpochMilli() + 1000, 1)),
                            2);
                    assertPlays(media, name, 2);
                }
            }
        }
    }

    static void assertPlays(KinesisVideoArchivedMediaClient media, String name, int fragments) {
        List<Fragment> listed = new ArrayList<>(media.listFragments(r -> r.streamName(name)).fragments());
        assertThat(listed).as(name).hasSize(fragments);
        listed.sort(Comparator.comparing(Fragment::producerTimestamp));
        byte[] mkv = media.getMediaForFragmentListAsBytes(r -> r.streamName(name)
                .fragments(listed.stream().map(Fragment::fragmentNumber).toList())).asByteArray();
        assertThat(mkv.length).as(name)
                .isGreaterThan((int) listed.stream().mapToLong(Fragment::fragmentSizeInBytes).sum());
        byte[] clip = media.getClipAsBytes(r -> r.streamName(name).clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(T0).endTimestamp(T0.plusSeconds(60))))).asByteArray();
        assertThat(new String(clip, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).as(name + ": an MP4")
                .isEqualTo("ftyp");
    }

    /**
     * A data dir written before keys were digests: its blob sits at {@code ACCOUNT/REGION/NAME/CREATED/NUMBER.mkv}, and
     * its row says so. After a restart it is read as before, and deleted with its stream.
     */
    @Test
    void mediaStoredUnderTheOlderKeyLayoutIsStillReadAndDeleted() throws Exception {
        Path dataDir = TestServer.newDataDir();
        String arn;
        Path legacy;
        try (TestServer server = TestServer.start(Clock.systemUTC(), dataDir)) {
            arn = server.client().createStream(r -> r.streamName("old-cam").dataRetentionInHours(24)).streamARN();
            RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute("old-cam"),
                    TestMkv.concat(TestMkv.header(), TestMkv.cluster(T0.toEpochMilli(), 0)), 1);
            try (KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
                String number = media.listFragments(r -> r.streamName("old-cam")).fragments().getFirst()
                        .fragmentNumber();
                legacy = Path.of("123456789012", "us-east-1", "old-cam", arn.substring(arn.lastIndexOf('/') + 1),
                        number + ".mkv");
            }
        }
        Path media = dataDir.resolve("media");
        Path blob;
        try (Stream<Path> files = Files.walk(media)) {
            blob = files.filter(f -> f.toString().endsWith(".mkv")).findFirst().orElseThrow();
        }
        Files.createDirectories(media.resolve(legacy).getParent());
        Files.move(blob, media.resolve(legacy));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kvs-edge.db"));
                PreparedStatement update = c.prepareStatement("UPDATE fragments SET blob_key = ?")) {
            update.setString(1, legacy.toString().replace('\\', '/'));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        try (TestServer server = TestServer.start(Clock.systemUTC(), dataDir);
                KinesisVideoArchivedMediaClient archived = server.archivedMedia()) {
            assertPlays(archived, "old-cam", 1);
            server.client().deleteStream(r -> r.streamARN(arn));
            server.server.sweepRetention();
            assertThat(media.resolve(legacy)).doesNotExist();
        }
    }
}
