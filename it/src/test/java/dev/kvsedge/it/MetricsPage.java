package dev.kvsedge.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of a Prometheus text page, as a map from series ({@code name{label="value",...}}, labels sorted by name) to
 * value: what a test reads back after real calls.
 */
record MetricsPage(String contentType, String text, Map<String, Double> series) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static MetricsPage scrape(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        Map<String, Double> series = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalStateException("not a sample line: " + line);
            }
            series.put(key(sample.group(1), sample.group(2)), Double.parseDouble(sample.group(3)));
        }
        return new MetricsPage(response.headers().firstValue("content-type").orElse(""), response.body(), series);
    }

    /** The value of one series, labels given as name, value, name, value...; null when the page has no such series. */
    Double value(String name, String... labels) {
        StringBuilder wanted = new StringBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.append(labels[i]).append("=\"").append(labels[i + 1]).append("\",");
        }
        return series.get(key(name, wanted.toString()));
    }

    private static String key(String name, String labels) {
        if (labels == null || labels.isEmpty()) {
            return name;
        }
        Map<String, String> sorted = new TreeMap<>();
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            sorted.put(label.group(1), label.group(2));
        }
        StringBuilder key = new StringBuilder(name).append('{');
        sorted.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        return key.append('}').toString();
    }
}
