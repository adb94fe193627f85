package dev.kvsedge.app;

import dev.kvsedge.agent.AgentConfig;
import dev.kvsedge.app.logging.LogOptions;
import dev.kvsedge.model.StartupException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kvs-edge agent}: the edge agent of one hub device. It syncs the hub's edge configurations from the server,
 * records each camera on its schedule, uploads with PutMedia, deletes by the deletion rules and reports status, until
 * SIGTERM. Its credentials are a key pair minted with {@code kvs-edge agent-credentials create}.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run the edge agent of one hub device.")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--server", defaultValue = "http://127.0.0.1:8670",
            description = "Server URL (default: ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--hub-device-arn", required = true, description = "IoT thing ARN of this hub device.")
    String hubDeviceArn;

    @Option(names = "--data-dir", defaultValue = "kvs-edge-agent-data",
            description = "Where the agent keeps its configurations, segment index and media (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--region", description = "Region (default: AWS_REGION, AWS_DEFAULT_REGION or us-east-1).")
    String region;

    @Option(names = "--profile", description = "Take the key pair from this profile of ~/.aws/credentials"
            + " (or AWS_SHARED_CREDENTIALS_FILE) instead of AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.")
    String profile;

    @Option(names = "--status-port",
            description = "Serve /health and /metrics on this port (0: any free port; default: off).")
    Integer statusPort;

    @Option(names = "--time-zone", description = "Time zone of the Quartz schedules (default: the system's).")
    ZoneId zone;

    @Mixin
    DebugOption debug;

    @Mixin
    LogOptions logging = new LogOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply();
        Map<String, String> env = System.getenv();
        String[] keys = profile != null ? profileKeys(env, profile) : envKeys(env);
        String resolvedRegion = region != null
                ? region
                : env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", AgentConfig.DEFAULT_REGION));
        AgentConfig config = AgentConfig
                .of(server, hubDeviceArn, dataDir.toAbsolutePath(), resolvedRegion, keys[0], keys[1])
                .withStatusPort(statusPort).withZone(zone != null ? zone : ZoneId.systemDefault());

        AgentRunner agent = AgentRunner.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close(); // recorders complete their segment; uploads resume on the next start
            stopped.countDown();
        }, "kvs-edge-agent-shutdown"));
        String status = agent.statusAddress().map(a -> ", /health and /metrics on port " + a.getPort())
                .orElse("");
        System.out.println(
                "kvs-edge agent ready for " + hubDeviceArn + " (server " + server + ", region " + resolvedRegion
                        + ", key " + keys[0] + ", data in " + config.dataDir() + status + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String[] envKeys(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw StartupException.configuration("AWS_ACCESS_KEY_ID", "", "not set: set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY to a pair from `kvs-edge agent-credentials create`, or pass --profile");
        }
        return new String[] {id, secret};
    }

    /** The key pair of one profile of an AWS shared credentials file. Never quotes a line: it may hold a secret. */
    static String[] profileKeys(Map<String, String> env, String name) throws IOException {
        Path file = env.containsKey("AWS_SHARED_CREDENTIALS_FILE")
                ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))
                : Path.of(System.getProperty("user.home"), ".aws", "credentials");
        if (!Files.isRegularFile(file)) {
            throw StartupException.configuration("--profile", name, "no credentials file at " + file);
        }
        Map<String, String> keys = null;
        Map<String, String> current = null;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1).strip().equals(name) ? new LinkedHashMap<>() : null;
                keys = current != null ? current : keys;
            } else if (current != null && line.contains("=") && !line.startsWith("#") && !line.startsWith(";")) {
                int eq = line.indexOf('=');
                current.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
            }
        }
        if (keys == null || !keys.containsKey("aws_access_key_id") || !keys.containsKey("aws_secret_access_key")) {
            throw StartupException.configuration("--profile", name, file + " has no profile [" + name
                    + "] with aws_access_key_id and aws_secret_access_key");
        }
        return new String[] {keys.get("aws_access_key_id"), keys.get("aws_secret_access_key")};
    }
}
