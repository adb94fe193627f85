package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when a command cannot start, each command run as a process: exactly one line on stderr naming the
 * option at fault and the root cause, exit code 2 when the option or configuration must change and 1 when something
 * failed at run time; the stack trace only when asked for.
 */
class CommandErrorsTest {
    private static final String HUB = EdgeFixtures.hub("errors-hub");
    private static final Map<String, String> AGENT_KEYS = Map.of("AWS_ACCESS_KEY_ID", "KVSEAAAAAAAAAAAAAAAA",
            "AWS_SECRET_ACCESS_KEY", "not-a-real-secret");

    @TempDir
    Path tmp;

    private static void assertFails(CommandRun run, int exit, String line) {
        assertThat(run.errorLines()).as("stderr:%n%s", run.err()).containsExactly(line);
        assertThat(run.exit()).as("exit code").isEqualTo(exit);
    }

    /** A port that nothing listens on (bound for a moment to find it, then released). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ServerSocket taken() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @Test
    void aServerPortInUseIsNamedWithTheOptionThatChangesIt() throws Exception {
        try (ServerSocket taken = taken()) {
            int port = taken.getLocalPort();
            String why = ": --port " + port
                    + ": in use by another program; choose another with --port (0 picks a free one)";
            assertFails(CommandRun.of("server", "--port", "" + port, "--data-dir", tmp.resolve("s").toString()), 1,
                    "kvs-edge server" + why);
            assertFails(CommandRun.of("up", "--port", "" + port, "--data-dir", tmp.resolve("u").toString()), 1,
                    "kvs-edge up" + why);
        }
    }

    @Test
    void aPortOutsideTheRangeIsRefused() throws Exception {
        assertFails(CommandRun.of("server", "--port", "65536", "--data-dir", tmp.toString()), 2,
                "kvs-edge server: --port 65536: not a port: use 1 to 65535 (or 0 to pick a free one)");
        assertFails(CommandRun.of("server", "--port", "-1", "--data-dir", tmp.toString()), 2,
                "kvs-edge server: --port -1: not a port: use 1 to 65535 (or 0 to pick a free one)");
    }

    @Test
    void anIdleTimeoutOfZeroIsRefused() throws Exception {
        assertFails(CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--idle-timeout", "0s"), 2,
                "kvs-edge server: --idle-timeout 0s: not a timeout: give a length above 0, for example 75s");
    }

    @Test
    void aNegativeConnectionCapIsRefused() throws Exception {
        assertFails(CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--max-connections", "-1"), 2,
                "kvs-edge server: --max-connections -1: not a number of connections: give 0 (derived from the"
                        + " file-descriptor limit) or more");
    }

    @Test
    void anUnknownHostToListenOnIsRefused() throws Exception {
        assertFails(
                CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--host", "no-such-host.invalid"),
                2,
                "kvs-edge server: --host no-such-host.invalid: unknown host");
    }

    @Test
    void aDataDirThatCannotBeCreatedIsNamedWithWhy() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        assertFails(CommandRun.of("server", "--port", "0", "--data-dir", file.resolve("data").toString()), 2,
                "kvs-edge server: --data-dir " + file.resolve("data") + ": cannot be created: " + file
                        + " is a file, not a folder");
        assertFails(CommandRun.of(AGENT_KEYS, "agent", "--hub-device-arn", HUB, "--data-dir", file.toString()), 2,
                "kvs-edge agent: --data-dir " + file + ": cannot be created: " + file + " is a file, not a folder");
    }

    @Test
    void anUnknownDatabaseSchemeIsRefused() throws Exception {
        assertFails(
                CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--database",
                        "jdbc:mysql://db/kvs?password=x"),
                2, "kvs-edge server: --database jdbc:mysql://db/kvs?...: unsupported database: use jdbc:sqlite:PATH or"
                        + " jdbc:postgresql://HOST:PORT/DB");
    }

    @Test
    void anUnreachableDatabaseIsNamedWithItsHostAndNeverItsPassword() throws Exception {
        int port = closedPort();
        CommandRun refused = CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--database",
                "jdbc:postgresql://127.0.0.1:" + port + "/kvs?user=kvs&password=hunter2");
        assertFails(refused, 1,
                "kvs-edge server: --database jdbc:postgresql://127.0.0.1:" + port
                        + "/kvs?...: cannot connect to 127.0.0.1:"
                        + port + ": connection refused");
        assertThat(refused.err()).doesNotContain("hunter2");

        assertFails(CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--database",
                "jdbc:postgresql://no-such-host.invalid/kvs?user=kvs&password=hunter2"), 1,
                "kvs-edge server: --database jdbc:postgresql://no-such-host.invalid/kvs?...: unknown host no-such-host.invalid");
    }

    @Test
    void aRefusedPasswordOrAMissingDatabaseIsAConfigurationError() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(CommandErrorsTest::passwordsForAllButPostgres).start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE kvs LOGIN PASSWORD 'right-password'");
            }
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            CommandRun run = CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--database",
                    url + "?user=kvs&password=wrong-password");
            assertFails(run, 2,
                    "kvs-edge server: --database " + url + "?...: PostgreSQL at localhost:" + postgres.getPort()
                            + " refused the login: password authentication failed for user \"kvs\"");
            assertThat(run.err()).doesNotContain("wrong-password");

            String missing = "jdbc:postgresql://localhost:" + postgres.getPort() + "/missing";
            assertFails(
                    CommandRun.of("server", "--port", "0", "--data-dir", tmp.toString(), "--database",
                            missing + "?user=postgres"),
                    2, "kvs-edge server: --database " + missing + "?...: PostgreSQL at localhost:" + postgres.getPort()
                            + ": database \"missing\" does not exist");
        }
    }

    /** pg_hba.conf: the cluster's own user keeps trust, every other user must give its password. */
    private static void passwordsForAllButPostgres(java.io.File dataDir) {
        try {
            Files.writeString(dataDir.toPath().resolve("pg_hba.conf"), String.join("\n",
                    "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256", ""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnreachableMediaStoreIsNamedWithItsEndpoint() throws Exception {
        int port = closedPort();
        Map<String, String> keys = Map.of("KVS_EDGE_S3_ACCESS_KEY_ID", "s3-key", "KVS_EDGE_S3_SECRET_ACCESS_KEY",
                "s3-secret");
        assertFails(
                CommandRun.of(keys, "server", "--port", "0", "--data-dir", tmp.toString(), "--media-store",
                        "s3://media/kvs",
                        "--s3-endpoint", "http://127.0.0.1:" + port),
                1,
                "kvs-edge server: --media-store s3://media/kvs: cannot reach S3 at http://127.0.0.1:" + port
                        + ": connection refused");
    }

    @Test
    void theAgentsStatusPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertFails(
                    CommandRun.of(AGENT_KEYS, "agent", "--hub-device-arn", HUB, "--data-dir", tmp.toString(),
                            "--status-port",
                            "" + port),
                    1, "kvs-edge agent: --status-port " + port + ": in use by another program; choose another port"
                            + " (0 picks a free one)");
        }
    }

    /** A database or segment index whose schema history says a newer kvs-edge migrated it (version 2 of one). */
    private static void migratedByANewerRelease(Path file, String name) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL,"
                    + " applied_at_ms BIGINT NOT NULL, checksum TEXT)");
            s.execute("INSERT INTO schema_version (version, name, applied_at_ms) VALUES (999, '" + name + "', 0)");
        }
    }

    @Test
    void aDatabaseOrSegmentIndexFromANewerReleaseIsRefusedNamingTheMigration() throws Exception {
        String newer = ": the database's schema is at version 999 (V999__future), newer than this version of kvs-edge knows";
        Path server = tmp.resolve("server");
        migratedByANewerRelease(server.resolve("kvs-edge.db"), "V999__future");
        CommandRun run = CommandRun.of("server", "--port", "0", "--data-dir", server.toString());
        assertThat(run.errorLines()).as("stderr:%n%s", run.err()).singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("kvs-edge server: --database jdbc:sqlite:" + server.resolve("kvs-edge.db") + newer);
        assertThat(run.exit()).isEqualTo(2);

        Path agent = tmp.resolve("agent");
        migratedByANewerRelease(agent.resolve("segments.db"), "V999__future");
        run = CommandRun.of(AGENT_KEYS, "agent", "--hub-device-arn", HUB, "--data-dir", agent.toString());
        assertThat(run.errorLines()).as("stderr:%n%s", run.err()).singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("kvs-edge agent: --data-dir " + agent + ": segments.db" + newer);
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void theAgentRefusesAHubDeviceArnThatIsNotAThingArn() throws Exception {
        for (String arn : List.of("warehouse-hub", "arn:aws:iot:us-east-1:123456789012:policy/warehouse-hub",
                "arn:aws:kinesisvideo:us-east-1:123456789012:thing/warehouse-hub")) {
            assertFails(CommandRun.of(AGENT_KEYS, "agent", "--hub-device-arn", arn, "--data-dir", tmp.toString()), 2,
                    "kvs-edge agent: --hub-device-arn " + arn + ": not an IoT thing ARN like"
                            + " arn:aws:iot:us-east-1:123456789012:thing/NAME");
        }
    }

    @Test
    void theAgentWithoutCredentialsSaysWhereToGetThem() throws Exception {
        assertFails(CommandRun.of("agent", "--hub-device-arn", HUB, "--data-dir", tmp.toString()), 2,
                "kvs-edge agent: AWS_ACCESS_KEY_ID: not set: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to a pair from"
                        + " `kvs-edge agent-credentials create`, or pass --profile");
    }

    @Test
    void aCameraPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = taken()) {
            int port = taken.getLocalPort();
            assertFails(CommandRun.of("camera", "--port", "" + port, "--size", "160x96"), 1,
                    "kvs-edge camera: cannot listen on 127.0.0.1:" + port + ": Address already in use");
        }
    }

    @Test
    void aMistypedOptionIsOneLineWithWhereToLook() throws Exception {
        assertFails(CommandRun.of("server", "--prot", "--data-dir", tmp.toString()), 2,
                "kvs-edge server: Unknown option: '--prot' (kvs-edge server --help lists the options)");
        assertFails(CommandRun.of("agent-credentials", "create"), 2,
                "kvs-edge agent-credentials create: Missing required option:"
                        + " '--hub-device-arn=<hubDeviceArn>' (kvs-edge agent-credentials create --help lists the options)");
    }

    @Test
    void debugAddsTheStackTraceAfterTheLine() throws Exception {
        String line = "kvs-edge server: --port 70000: not a port: use 1 to 65535 (or 0 to pick a free one)";
        CommandRun flag = CommandRun.of("server", "--port", "70000", "--data-dir", tmp.toString(), "--debug");
        CommandRun variable = CommandRun.of(Map.of("KVS_EDGE_DEBUG", "1"), "server", "--port", "70000", "--data-dir",
                tmp.toString());
        for (CommandRun run : List.of(flag, variable)) {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.errorLines().getFirst()).isEqualTo(line);
            assertThat(run.err()).contains("dev.kvsedge.model.StartupException: --port 70000")
                    .contains("\tat dev.kvsedge.server.");
        }
    }
}
