package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/** What `kvs-edge server` prints as a process: text lines for people, or with --log-format json one object per line. */
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READY = Pattern
            .compile("kvs-edge ready at (http://\\S+) .*; metrics at (http://\\S+/metrics)\\)");

    @Test
    void jsonLogsAreOneObjectPerLineWithTheRequestIdAndTheEventsFields(@TempDir Path dataDir) throws Exception {
        Process process = ServerProcess.launch(dataDir, "--log-format", "json", "--metrics-port", "0");
        try (Output output = new Output(process)) {
            Matcher ready = READY.matcher(output.await(READY.asPredicate(), Duration.ofSeconds(60)));
            assertThat(ready.find()).isTrue();
            String requestId;
            try (KinesisVideoClient kvs = client(ready.group(1))) {
                requestId = kvs.createStream(r -> r.streamName("json-cam").dataRetentionInHours(2))
                        .responseMetadata().requestId();
            }

            output.await(line -> line.contains("stream created"), Duration.ofSeconds(30));

            // The JVM's own warnings (native access by SQLite's driver, which the jar's manifest allows but this
            // class-path launch does not; a blank line ends them) are not the server's lines.
            List<String> logLines = output.lines().stream().filter(l -> !READY.matcher(l).find())
                    .filter(l -> !l.startsWith("WARNING: ") && !l.isEmpty()).toList();
            assertThat(logLines).isNotEmpty();
            List<JsonNode> objects = new ArrayList<>();
            for (String line : logLines) {
                JsonNode object = JSON.readTree(line);
                assertThat(object.isObject()).as(line).isTrue();
                assertThat(object.path("time").asText()).as(line)
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
                assertThat(object.path("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
                assertThat(object.path("logger").asText()).as(line).startsWith("dev.kvsedge.");
                objects.add(object);
            }
            JsonNode created = objects.stream().filter(o -> o.path("message").asText().equals("stream created"))
                    .findFirst().orElseThrow();
            assertThat(created.path("stream").asText()).isEqualTo("json-cam");
            assertThat(created.path("retentionHours").isInt()).isTrue();
            assertThat(created.path("requestId").asText()).isEqualTo(requestId);
            assertThat(created.path("client").asText()).isEqualTo("127.0.0.1");
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void textLogsAreOneLineForPeopleWithTheFieldsAfterTheMessage(@TempDir Path dataDir) throws Exception {
        Process process = ServerProcess.launch(dataDir, "--metrics-port", "0");
        try (Output output = new Output(process)) {
            Matcher ready = READY.matcher(output.await(READY.asPredicate(), Duration.ofSeconds(60)));
            assertThat(ready.find()).isTrue();
            String requestId;
            try (KinesisVideoClient kvs = client(ready.group(1))) {
                requestId = kvs.createStream(r -> r.streamName("text-cam").dataRetentionInHours(2))
                        .responseMetadata().requestId();
            }

            String line = output.await(l -> l.contains("stream created"), Duration.ofSeconds(30));

            assertThat(line).matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  StreamEvents"
                            + " - stream created stream=text-cam arn=arn:aws:kinesisvideo:eu-west-1:123456789012:stream/text-cam/\\d+"
                            + " retentionHours=2 client=127\\.0\\.0\\.1 requestId=" + requestId);
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownLogFormatIsRefusedBeforeAnythingStarts(@TempDir Path dataDir) throws Exception {
        Process process = ServerProcess.launch(dataDir, "--log-format", "xml");
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(printed).contains("--log-format", "'xml' is not a log format: use text or json");
    }

    private static KinesisVideoClient client(String url) {
        return KinesisVideoClient.builder().endpointOverride(URI.create(url)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Every line the process prints (standard output and error together), read as it comes. */
    private static final class Output implements AutoCloseable {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        Output(Process process) {
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            reader = Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = in.readLine()) != null;) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        String await(Predicate<String> wanted, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            synchronized (lines) {
                while (true) {
                    for (String line : lines) {
                        if (wanted.test(line)) {
                            return line;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no such line within " + patience + "; printed: " + lines);
                    }
                    lines.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        @Override
        public void close() {
            reader.interrupt();
        }
    }
}
