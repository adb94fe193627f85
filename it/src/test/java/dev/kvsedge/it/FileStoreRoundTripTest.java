package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The round trip with media in the data dir (the default). */
class FileStoreRoundTripTest extends DataPlaneRoundTripContract {

    @BeforeAll
    static void upload() throws Exception {
        uploadTo(TestServer.start());
    }

    @Test
    void eachFragmentIsOneFileInTheDataDirsMediaFolder() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.walk(server.dataDir.resolve("media"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".mkv"))).hasSize(6);
        }
    }
}
