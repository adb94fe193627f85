package dev.kvsedge.bench.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one edge agent costs with N simulated 1080p cameras, and how fast it uploads a backlog: a kvs-edge server,
 * {@code kvs-edge camera --count N} and {@code kvs-edge agent} as separate processes from the built jar, N streams
 * with a secret and an edge configuration each, set up with signed admin calls.
 *
 * <pre>
 * java -cp bench/target/kvs-edge-bench.jar dev.kvsedge.bench.agent.AgentDensity --jar app/target/kvs-edge.jar \
 *     --dir TMP --cameras 64 --mode steady|backlog [--warmup 30] [--measure 60] [--backlog 120]
 *     [--agent-jvm "-Xmx256m"]
 * </pre>
 *
 * <p><b>steady</b>: the uploader runs every 10 s (DeleteAfterUpload, AWS's default, deletes what it sent); after the
 * warm-up, the agent's CPU and memory (its whole process tree) are measured, and the fragments it got PERSISTED.
 *
 * <p><b>backlog</b>: the uploader fires once, {@code warmup + backlog} seconds after the start. Until then the agent
 * only records (measured as such); from then on each stream's backlog is sent as fast as the agent and server go.
 * A stream is drained when its pending uploads first reach zero; its speed is the video it uploaded by then (one
 * second per fragment) divided by the time it took.
 */
public final class AgentDensity {
    private static final Pattern SERVER_READY = Pattern.compile("kvs-edge ready at (http://\\S+)");
    private static final Pattern CAMERA_READY = Pattern.compile("kvs-edge camera serving (rtsp://\\S+)");
    private static final Pattern AGENT_READY = Pattern.compile("kvs-edge agent ready .*/metrics on port (\\d+)");
    private static final String HUB = "arn:aws:iot:us-east-1:123456789012:thing/bench-hub";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Map<String, String> options;
    private final String java;
    private final Path jar;
    private final Path dir;
    private final int cameras;

    private AgentDensity(Map<String, String> options) {
        this.options = options;
        this.java = options.getOrDefault("java", ProcessHandle.current().info().command().orElse("java"));
        this.jar = Path.of(required(options, "jar"));
        this.dir = Path.of(required(options, "dir"));
        this.cameras = Integer.parseInt(options.getOrDefault("cameras", "64"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        String mode = options.getOrDefault("mode", "steady");
        AgentDensity bench = new AgentDensity(options);
        switch (mode) {
            case "steady" -> bench.steady();
            case "backlog" -> bench.backlog();
            default -> throw new IllegalArgumentException("--mode steady|backlog, not " + mode);
        }
    }

    private void steady() throws Exception {
        int warmup = seconds("warmup", 30);
        int measure = seconds("measure", 60);
        try (ChildProcess server = startServer(); ChildProcess cams = startCameras()) {
            URI endpoint = URI.create(server.await(SERVER_READY, 1, START_TIMEOUT).getFirst());
            List<String> urls = cams.await(CAMERA_READY, cameras, START_TIMEOUT);
            ControlPlane admin = new ControlPlane(endpoint);
            configure(admin, urls, "0/10 * * * * ?");
            try (ChildProcess agent = startAgent(admin, endpoint)) {
                AgentMetricsPage page = new AgentMetricsPage(
                        Integer.parseInt(agent.await(AGENT_READY, 1, START_TIMEOUT).getFirst()));
                Thread.sleep(warmup * 1000L);
                Window window = Window.measure(agent.pid(), server.pid(), page, measure);
                System.out.printf(Locale.ROOT,
                        "RESULT mode=steady cameras=%d %s fragments_persisted=%d (%.2f per camera-second)"
                                + " uploads_pending_at_end=%d local_media_MB_at_end=%d camera_reconnects=%d%n",
                        cameras, window, window.persisted(), window.persisted() / (double) cameras / measure,
                        AgentMetricsPage.total(window.end, "uploads_pending"),
                        AgentMetricsPage.total(window.end, "local_media_bytes") >> 20,
                        AgentMetricsPage.total(window.end, "camera_reconnects_total"));
            }
        }
    }

    private void backlog() throws Exception {
        int warmup = seconds("warmup", 30);
        int backlog = seconds("backlog", 120);
        try (ChildProcess server = startServer(); ChildProcess cams = startCameras()) {
            URI endpoint = URI.create(server.await(SERVER_READY, 1, START_TIMEOUT).getFirst());
            List<String> urls = cams.await(CAMERA_READY, cameras, START_TIMEOUT);
            ControlPlane admin = new ControlPlane(endpoint);
            ZonedDateTime fire = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(warmup + backlog + 5).withNano(0);
            configure(admin, urls, String.format(Locale.ROOT, "%d %d %d %d %d ? %d", fire.getSecond(), fire.getMinute(),
                    fire.getHour(), fire.getDayOfMonth(), fire.getMonthValue(), fire.getYear()));
            try (ChildProcess agent = startAgent(admin, endpoint)) {
                AgentMetricsPage page = new AgentMetricsPage(
                        Integer.parseInt(agent.await(AGENT_READY, 1, START_TIMEOUT).getFirst()));
                Thread.sleep(warmup * 1000L);
                long recordOnly = Duration.between(Instant.now(), fire.toInstant()).toSeconds() - 2;
                Window recording = Window.measure(agent.pid(), server.pid(), page, (int) recordOnly);
                System.out.printf(Locale.ROOT,
                        "RESULT mode=record-only cameras=%d %s pending_segments=%d local_media_MB=%d%n",
                        cameras, recording, AgentMetricsPage.total(recording.end, "uploads_pending"),
                        AgentMetricsPage.total(recording.end, "local_media_bytes") >> 20);
                while (Instant.now().isBefore(fire.toInstant())) {
                    Thread.sleep(50);
                }
                drain(agent, server, page, fire.toInstant());
            }
        }
    }

    /** Follows every stream's pending uploads from the fire time until each reached zero once. */
    private void drain(ChildProcess agent, ChildProcess server, AgentMetricsPage page, Instant fire) throws Exception {
        ProcessUsage agent0 = ProcessUsage.of(agent.pid());
        ProcessUsage server0 = ProcessUsage.of(server.pid());
        Map<String, Long> persistedBefore = page.read().getOrDefault("fragments_persisted_total", Map.of());
        Map<String, Double> drainedAfter = new HashMap<>();
        Map<String, Long> uploadedSeconds = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long maxRss = 0;
        while (drainedAfter.size() < cameras && System.nanoTime() < deadline) {
            Thread.sleep(100);
            Map<String, Map<String, Long>> now = page.read();
            double elapsed = Duration.between(fire, Instant.now()).toNanos() / 1e9;
            maxRss = Math.max(maxRss, ProcessUsage.of(agent.pid()).rssKb());
            for (Map.Entry<String, Long> pending : now.getOrDefault("uploads_pending", Map.of()).entrySet()) {
                String stream = pending.getKey();
                if (pending.getValue() == 0 && !drainedAfter.containsKey(stream) && elapsed > 1) {
                    drainedAfter.put(stream, elapsed);
                    uploadedSeconds.put(stream, now.get("fragments_persisted_total").getOrDefault(stream, 0L)
                            - persistedBefore.getOrDefault(stream, 0L));
                }
            }
        }
        double seconds = Duration.between(fire, Instant.now()).toNanos() / 1e9;
        double slowest = drainedAfter.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        long videoSeconds = uploadedSeconds.values().stream().mapToLong(Long::longValue).sum();
        double perStream = uploadedSeconds.entrySet().stream()
                .mapToDouble(e -> e.getValue() / drainedAfter.get(e.getKey())).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "RESULT mode=backlog-drain cameras=%d drained=%d of %d video_seconds_uploaded=%d"
                + " slowest_stream_drained_after=%.1f s aggregate=%.1fx real time slowest_stream=%.1fx real time"
                + " agent_cores=%.3f server_cores=%.3f agent_rss_max_MB=%d%n",
                cameras, drainedAfter.size(), cameras, videoSeconds, slowest, videoSeconds / slowest, perStream,
                ProcessUsage.of(agent.pid()).coresSince(agent0, seconds),
                ProcessUsage.of(server.pid()).coresSince(server0, seconds),
                maxRss >> 10);
    }

    /** A stream, a secret with its camera's URL and an edge configuration for the bench hub, per camera. */
    private void configure(ControlPlane admin, List<String> urls, String uploaderSchedule)
            throws IOException, InterruptedException {
        for (int i = 0; i < urls.size(); i++) {
            String name = "bench-cam-" + i;
            admin.kinesisVideo("/createStream", "{\"StreamName\":\"" + name + "\",\"DataRetentionInHours\":24}");
            String secretArn = ControlPlane.field(admin.secretsManager("CreateSecret", "{\"Name\":\"" + name + "-uri\","
                    + "\"SecretString\":\"{\\\"MediaURI\\\":\\\"" + urls.get(i) + "\\\"}\"}"), "ARN");
            admin.kinesisVideo("/startEdgeConfigurationUpdate", "{\"StreamName\":\"" + name + "\",\"EdgeConfig\":{"
                    + "\"HubDeviceArn\":\"" + HUB
                    + "\",\"RecorderConfig\":{\"MediaSourceConfig\":{\"MediaUriSecretArn\":\""
                    + secretArn + "\",\"MediaUriType\":\"RTSP_URI\"}},\"UploaderConfig\":{\"ScheduleConfig\":{"
                    + "\"ScheduleExpression\":\"" + uploaderSchedule + "\",\"DurationInSeconds\":3600}}}}");
        }
    }

    /** AWS lets a hub device hold 16 edge configurations; the benchmark's hub needs one per camera. */
    private ChildProcess startServer() throws IOException {
        return ChildProcess.start(List.of(java, "-jar", jar.toString(), "server", "--port", "0", "--data-dir",
                dir.resolve("server").toString(), "--max-edge-configurations-per-hub",
                Integer.toString(Math.max(16, cameras))),
                Map.of(), log("server"));
    }

    private ChildProcess startCameras() throws IOException {
        return ChildProcess.start(List.of(java, "-jar", jar.toString(), "camera", "--port", "0", "--count",
                Integer.toString(cameras), "--size", "1920x1080"), Map.of(), log("cameras"));
    }

    private ChildProcess startAgent(ControlPlane admin, URI endpoint) throws IOException, InterruptedException {
        String keys = admin.kinesisVideo("/admin/createAgentCredentials", "{\"HubDeviceArn\":\"" + HUB + "\"}");
        List<String> command = new ArrayList<>(List.of(java));
        String jvm = options.getOrDefault("agent-jvm", "").trim();
        if (!jvm.isEmpty()) {
            command.addAll(List.of(jvm.split("\\s+")));
        }
        command.addAll(
                List.of("-jar", jar.toString(), "agent", "--server", endpoint.toString(), "--hub-device-arn", HUB,
                        "--data-dir", dir.resolve("agent").toString(), "--status-port", "0", "--time-zone", "UTC"));
        return ChildProcess.start(command, Map.of("AWS_ACCESS_KEY_ID", ControlPlane.field(keys, "AccessKeyId"),
                "AWS_SECRET_ACCESS_KEY", ControlPlane.field(keys, "SecretAccessKey")), log("agent"));
    }

    private Path log(String name) throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(name + ".log");
    }

    private int seconds(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** The agent's and the server's CPU over a measured window, the agent's largest memory, and the metrics at its end. */
    private record Window(double seconds, double agentCores, double serverCores, long agentRssMaxKb, int agentProcesses,
            Map<String, Map<String, Long>> start, Map<String, Map<String, Long>> end) {

        static Window measure(long agentPid, long serverPid, AgentMetricsPage page, int seconds) throws Exception {
            Map<String, Map<String, Long>> start = page.read();
            ProcessUsage agent0 = ProcessUsage.of(agentPid);
            ProcessUsage server0 = ProcessUsage.of(serverPid);
            long t0 = System.nanoTime();
            long maxRss = 0;
            int processes = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                ProcessUsage now = ProcessUsage.of(agentPid);
                maxRss = Math.max(maxRss, now.rssKb());
                processes = Math.max(processes, now.processes());
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            return new Window(elapsed, ProcessUsage.of(agentPid).coresSince(agent0, elapsed),
                    ProcessUsage.of(serverPid).coresSince(server0, elapsed), maxRss, processes, start, page.read());
        }

        long persisted() {
            return AgentMetricsPage.total(end, "fragments_persisted_total")
                    - AgentMetricsPage.total(start, "fragments_persisted_total");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "window=%.0f s agent_cores=%.3f (%.2f%% of a core per camera) agent_rss_max_MB=%d"
                            + " agent_processes=%d server_cores=%.3f",
                    seconds, agentCores, 100 * agentCores / Math.max(1, cameraCount()),
                    agentRssMaxKb >> 10, agentProcesses, serverCores);
        }

        private int cameraCount() {
            return end.getOrDefault("segments", Map.of()).size();
        }
    }
}
