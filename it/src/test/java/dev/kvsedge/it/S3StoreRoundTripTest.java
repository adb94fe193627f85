package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.blob.S3Location;
import dev.kvsedge.server.blob.S3ProxyServer;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same round trip with media in an S3-compatible bucket (S3Proxy, which checks every signature). */
class S3StoreRoundTripTest extends DataPlaneRoundTripContract {
    static S3ProxyServer s3;

    @BeforeAll
    static void upload() throws Exception {
        s3 = new S3ProxyServer("media");
        S3Config bucket = S3Config.forEndpoint(S3Location.parse("s3://media/kvs"), s3.endpoint(), S3ProxyServer.REGION,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        uploadTo(TestServer.start(ServerConfig.defaults().withMedia(MediaConfig.DEFAULTS.withS3(bucket))));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void noMediaLandsInTheDataDir() throws Exception {
        assertThat(server.server.mediaLocation()).startsWith("s3://media");
        java.nio.file.Path media = server.dataDir.resolve("media");
        if (Files.exists(media)) {
            try (Stream<java.nio.file.Path> files = Files.walk(media)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }
}
