package dev.kvsedge.server.notifications;

import dev.kvsedge.model.sigv4.SigV4Signer;
import dev.kvsedge.server.DeliveryConfig.SnsAccess;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Publishes to SNS topics through an SNS-compatible endpoint with the Query API's Publish action, signed with SigV4
 * (service {@code sns}, the topic's region), as the AWS SDKs send it. One request per message; no SDK needed.
 */
final class SnsPublisher implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    private static final Pattern MESSAGE_ID = Pattern.compile("<MessageId>([^<]*)</MessageId>");

    private final URI endpoint;
    private final SigV4Signer signer;
    private final HttpClient http;

    SnsPublisher(SnsAccess access, Clock clock) {
        String url = access.endpoint().toString();
        this.endpoint = URI.create(url.endsWith("/") ? url : url + "/");
        this.signer = new SigV4Signer(access.accessKeyId(), access.secretAccessKey(), clock);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /**
     * Publishes {@code message} with {@code subject} to the topic; returns the message id SNS gave it.
     *
     * @throws IOException when the endpoint cannot be reached or refuses the message (its code and message said)
     */
    String publish(TopicArn topic, String subject, String message) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "Publish");
        form.put("Version", "2010-03-31");
        form.put("TopicArn", topic.arn());
        form.put("Subject", subject);
        form.put("Message", message);
        byte[] body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        signer.sign("POST", endpoint, topic.region(), "sns", headers, body).forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while publishing to " + topic.arn());
        }
        if (response.statusCode() != 200) {
            throw new IOException("SNS refused the message to " + topic.arn() + ": HTTP " + response.statusCode() + " "
                    + first(ERROR_CODE, response.body()) + " " + first(ERROR_MESSAGE, response.body()));
        }
        return first(MESSAGE_ID, response.body());
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
