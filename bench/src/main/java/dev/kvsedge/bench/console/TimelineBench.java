package dev.kvsedge.bench.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.server.KvsEdgeServer;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.fragments.NewFragment;
import dev.kvsedge.server.store.Database;
import dev.kvsedge.server.store.JdbcFragmentStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The console's timeline on a stream with a week of 2-second fragments (294,000: 302,400 less a 10-minute gap every
 * six hours), on loopback: a kvs-edge server in this JVM (SQLite, the default store), the fragment index filled
 * directly with the server's own store (the timeline reads the index only, never the media), then GetMediaCoverage
 * timed as the console calls it for a day, an hour and a week, and ListStreamActivity. With {@code --hold SECONDS}
 * the server stays up afterwards for a browser to open the stream page (bench/console-open.mjs).
 *
 *   java -cp ... dev.kvsedge.bench.console.TimelineBench [--days 7] [--runs 30] [--hold 0]
 */
public final class TimelineBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "week";
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int TIMELINE_PIXELS = 1200;

    public static void main(String[] args) throws Exception {
        int days = option(args, "--days", 7);
        int runs = option(args, "--runs", 30);
        int hold = option(args, "--hold", 0);
        Path dir = Files.createTempDirectory("kvs-edge-timeline-bench");
        try (KvsEdgeServer server = KvsEdgeServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir),
                Clock.systemUTC())) {
            URI endpoint = URI.create(server.url());
            HttpClient http = HttpClient.newHttpClient();
            String arn = call(http, endpoint, "/createStream",
                    "{\"StreamName\":\"" + STREAM + "\",\"DataRetentionInHours\":"
                            + (days + 1) * 24 + "}")
                    .path("StreamARN").asText();
            Instant end = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            long started = System.nanoTime();
            int fragments = seed(dir.resolve("kvs-edge.db"), arn, end.minus(Duration.ofDays(days)), end);
            System.out.printf(Locale.ROOT,
                    "seeded %,d fragments (%d days of 2 s fragments, a 10 min gap every 6 h) in %.1f s%n",
                    fragments, days, (System.nanoTime() - started) / 1e9);
            System.out.println("server " + server.url() + "  stream " + STREAM);

            time(http, endpoint, "day view (GetMediaCoverage, last 24 h, 1 px = 72 s)",
                    coverage(end, Duration.ofDays(1)), runs);
            time(http, endpoint, "hour view (GetMediaCoverage, last hour, 1 px = 3 s)",
                    coverage(end, Duration.ofHours(1)), runs);
            time(http, endpoint, "week view (GetMediaCoverage, " + days + " days, 1 px = " + days * 72 + " s)",
                    coverage(end, Duration.ofDays(days)), Math.max(3, runs / 5));
            time(http, endpoint, "stream list row (ListStreamActivity)", new String[] {"/timeline/listStreamActivity",
                    "{\"StreamNames\":[\"" + STREAM + "\"]}"}, runs);
            if (hold > 0) {
                System.out.println("holding the server for " + hold + " s: " + server.url() + "/#/streams/" + STREAM);
                System.out.flush();
                Thread.sleep(hold * 1000L);
            }
        }
    }

    private static String[] coverage(Instant end, Duration span) {
        long gap = span.toMillis() / TIMELINE_PIXELS;
        return new String[] {"/timeline/getMediaCoverage", String.format(Locale.ROOT,
                "{\"StreamName\":\"%s\",\"StartTimestamp\":%d,\"EndTimestamp\":%d,\"MinGapMillis\":%d,\"MaxRanges\":5000}",
                STREAM, end.minus(span).getEpochSecond(), end.getEpochSecond(), Math.max(1000, gap))};
    }

    /** Fills the index in batches of 10,000 (one transaction each), as the ingest's group commit would. */
    private static int seed(Path database, String arn, Instant from, Instant to) {
        try (Database db = Database.open("jdbc:sqlite:" + database)) {
            JdbcFragmentStore store = new JdbcFragmentStore(db);
            List<NewFragment> batch = new ArrayList<>();
            int count = 0;
            for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += FRAGMENT_MILLIS) {
                if (t % (6 * 3_600_000L) < 10 * 60_000L) {
                    continue; // the camera was off for 10 minutes: a gap the timeline shows
                }
                Instant producer = Instant.ofEpochMilli(t);
                batch.add(new NewFragment(arn, producer, producer.plusMillis(300), FRAGMENT_MILLIS, "bench/" + t,
                        1_000_000, 400));
                if (batch.size() == 10_000) {
                    store.append(batch, () -> 1);
                    count += batch.size();
                    batch.clear();
                }
            }
            store.append(batch, () -> 1);
            return count + batch.size();
        }
    }

    private static void time(HttpClient http, URI endpoint, String what, String[] call, int runs) throws Exception {
        JsonNode answer = null;
        for (int i = 0; i < 3; i++) {
            answer = call(http, endpoint, call[0], call[1]); // warm-up
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            answer = call(http, endpoint, call[0], call[1]);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        long fragmentCount = 0;
        for (JsonNode range : answer.path("Ranges")) {
            fragmentCount += range.path("FragmentCount").asLong();
        }
        System.out.printf(Locale.ROOT, "%-62s runs %3d  min %7.1f ms  median %7.1f ms  p90 %7.1f ms  max %7.1f ms%s%n",
                what, runs,
                millis[0], millis[runs / 2], millis[(int) Math.min(runs - 1, Math.ceil(runs * 0.9) - 1)],
                millis[runs - 1],
                answer.has("Ranges")
                        ? String.format(Locale.ROOT, "  (%,d fragments in %d spans, %d bytes answered)", fragmentCount,
                                answer.path("Ranges").size(), JSON.writeValueAsBytes(answer).length)
                        : "");
    }

    private static JsonNode call(HttpClient http, URI endpoint, String path, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve(path))
                .putHeader("Content-Type", "application/json").build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("test", "test"))
                .request(unsigned).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
