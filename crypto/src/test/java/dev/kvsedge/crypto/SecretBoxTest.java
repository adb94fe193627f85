package dev.kvsedge.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    private static final byte[] PLACE = "stream/front-door".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aKeyFileIsMadeOnFirstUseOwnerOnlyAndOpensWhatItSealedAfterARestart() throws Exception {
        Path keyFile = dir.resolve("keys/agent.key");
        byte[] sealed = SecretBox.openOrCreate(keyFile).seal("rtsp://u:pw@cam/live".getBytes(StandardCharsets.UTF_8),
                PLACE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(new String(SecretBox.openOrCreate(keyFile).open(sealed, PLACE), StandardCharsets.UTF_8))
                .isEqualTo("rtsp://u:pw@cam/live");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("pw");
        try (Stream<Path> left = Files.list(keyFile.getParent())) {
            assertThat(left).containsExactly(keyFile); // nothing left aside
        }
    }

    @Test
    void aValueOpensOnlyWithItsKeyAndForItsPlace() throws Exception {
        SecretBox box = SecretBox.openOrCreate(dir.resolve("a.key"));
        byte[] sealed = box.seal(new byte[] {1, 2, 3}, PLACE);

        assertThatThrownBy(() -> box.open(sealed, "stream/back-door".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretBox.openOrCreate(dir.resolve("b.key")).open(sealed, PLACE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("a sealed value does not open with this key");
    }

    @Test
    void startsRacingToMakeTheKeyAllEndWithTheSameOne() throws Exception {
        int starts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(starts);
        try {
            for (int round = 0; round < 20; round++) {
                Path keyFile = dir.resolve("race-" + round + ".key");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SecretBox>> boxes = new ArrayList<>();
                for (int i = 0; i < starts; i++) {
                    Callable<SecretBox> start = () -> {
                        go.await();
                        return SecretBox.openOrCreate(keyFile);
                    };
                    boxes.add(pool.submit(start));
                }
                go.countDown();
                byte[] sealed = boxes.get(0).get(30, TimeUnit.SECONDS).seal(new byte[] {42}, PLACE);
                for (Future<SecretBox> box : boxes) {
                    assertThat(box.get(30, TimeUnit.SECONDS).open(sealed, PLACE)).containsExactly(42);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).allMatch(f -> f.getFileName().toString().endsWith(".key"));
        }
    }

    @Test
    void aKeyFileThatIsNotAKeyIsRefused() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("agent.key"), "not a key\n");
        assertThatThrownBy(() -> SecretBox.openOrCreate(keyFile)).isInstanceOf(IllegalArgumentException.class);
    }
}
