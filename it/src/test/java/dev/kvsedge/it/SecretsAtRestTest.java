package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Secret values on disk and in the logs: the database holds them sealed only (AES-256-GCM with the
 * master key kept beside it, owner-only), and no log line ever shows one, not even a failure's.
 */
class SecretsAtRestTest {

    /** Every file of the data dir, read whole: the database, its WAL, the master key. */
    private static List<byte[]> files(Path dataDir) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                contents.add(Files.readAllBytes(file));
            }
        }
        return contents;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void assertNowhere(Path dataDir, String... secrets) throws IOException {
        List<byte[]> files = files(dataDir);
        assertThat(files).isNotEmpty();
        for (String secret : secrets) {
            byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
            assertThat(files).noneMatch(file -> contains(file, needle));
        }
    }

    @Test
    void theDatabaseFileAndItsWalHoldNoSecretValueAndTheMasterKeyIsTheOwnersOnly() throws Exception {
        String uri = "rtsp://admin:pw-" + UUID.randomUUID() + "@10.0.0.5:554/stream1";
        String rotated = "rtsp://admin:pw-" + UUID.randomUUID() + "@10.0.0.5:554/stream1";
        String binary = "bin-" + UUID.randomUUID();
        Path dataDir = TestServer.newDataDir();
        try (TestServer server = TestServer.start(Clock.systemUTC(), dataDir);
                SecretsManagerClient sm = server.secretsManager()) {
            sm.createSecret(r -> r.name("front-door").secretString("{\"MediaURI\":\"" + uri + "\"}"));
            sm.putSecretValue(r -> r.secretId("front-door").secretString("{\"MediaURI\":\"" + rotated + "\"}"));
            sm.createSecret(r -> r.name("raw").secretBinary(SdkBytes.fromUtf8String(binary)));
            assertThat(sm.getSecretValue(r -> r.secretId("front-door")).secretString()).contains(rotated);
            assertThat(Files.exists(dataDir.resolve("kvs-edge.db-wal"))).isTrue();
            assertNowhere(dataDir, uri, rotated, binary, "pw-", "MediaURI");
        }
        // Closed: the WAL is checkpointed into the database file.
        assertNowhere(dataDir, uri, rotated, binary, "pw-", "MediaURI");

        Path key = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(key).strip())).hasSize(32);

        // The same data dir opens again with the same key.
        try (TestServer again = TestServer.start(Clock.systemUTC(), dataDir);
                SecretsManagerClient sm = again.secretsManager()) {
            assertThat(sm.getSecretValue(r -> r.secretId("front-door")).secretString()).contains(rotated);
        }
    }

    @Test
    void aValueCopiedToAnotherSecretDoesNotOpenAndNoLogLineShowsAValue() throws Exception {
        String marker = "pw-" + UUID.randomUUID();
        Path dataDir = TestServer.newDataDir();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        PrintStream out = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
        try (TestServer server = TestServer.start(Clock.systemUTC(), dataDir);
                SecretsManagerClient sm = server.secretsManager()) {
            sm.createSecret(r -> r.name("victim").secretString("rtsp://" + marker + "@camera"));
            sm.createSecret(r -> r.name("attacker").secretString("rtsp://nothing"));
            sm.getSecretValue(r -> r.secretId("victim"));
            assertThatThrownBy(() -> sm.createSecret(r -> r.name("victim").secretString(marker)))
                    .isInstanceOf(SecretsManagerException.class);

            // Someone with the database but not the key copies the victim's sealed value into their own secret.
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kvs-edge.db"));
                    PreparedStatement copy = db.prepareStatement("UPDATE secret_versions SET sealed_value ="
                            + " (SELECT sealed_value FROM secret_versions WHERE name = 'victim') WHERE name = 'attacker'")) {
                assertThat(copy.executeUpdate()).isEqualTo(1);
            }
            assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("attacker")))
                    .isInstanceOf(SecretsManagerException.class)
                    .satisfies(e -> assertThat(((SecretsManagerException) e).awsErrorDetails().errorCode())
                            .isEqualTo("DecryptionFailure"))
                    .hasMessageNotContaining(marker);
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("does not open with this server's master key").contains("secret:attacker-");
        assertThat(log).doesNotContain(marker);
    }
}
