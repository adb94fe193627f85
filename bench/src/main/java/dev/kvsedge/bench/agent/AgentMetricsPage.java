package dev.kvsedge.bench.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agent's Prometheus page ({@code /metrics}), read into per-stream values of the families the benchmark needs. */
final class AgentMetricsPage {
    private static final Pattern SAMPLE = Pattern.compile("^kvs_edge_agent_(\\w+)\\{stream=\"([^\"]+)\"\\} (\\S+)$",
            Pattern.MULTILINE);
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;

    AgentMetricsPage(int port) {
        this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** family -> stream ARN -> value, for every per-stream sample of the page now. */
    Map<String, Map<String, Long>> read() throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Map<String, Long>> families = new HashMap<>();
        Matcher m = SAMPLE.matcher(page);
        while (m.find()) {
            families.computeIfAbsent(m.group(1), k -> new HashMap<>()).put(m.group(2),
                    (long) Double.parseDouble(m.group(3)));
        }
        return families;
    }

    static long total(Map<String, Map<String, Long>> page, String family) {
        return page.getOrDefault(family, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }
}
