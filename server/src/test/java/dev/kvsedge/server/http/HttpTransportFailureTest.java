package dev.kvsedge.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What escapes the pipeline (a bug) still gets an answer: a request is never left hanging without a response. */
class HttpTransportFailureTest {

    @Test
    void aFailureThatEscapesThePipelineIsAnAwsStyle500AndTheServerServesTheNextRequest() throws Exception {
        Vertx vertx = Vertx.vertx();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        boolean[] fail = {true};
        HttpTransport transport = new HttpTransport(vertx, request -> {
            if (fail[0]) {
                throw new NullPointerException("a bug after the route was served");
            }
            return new ApiResponse(200, java.util.Map.of("Content-Type", "text/plain"),
                    "fine".getBytes(StandardCharsets.UTF_8));
        }, workers, 1024, Clock.systemUTC(), Set.of(), ConnectionLimits.DEFAULTS);
        Listening listening = transport.listen("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest get = HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + listening.port() + "/console/x.js"))
                    .timeout(Duration.ofSeconds(20)).build();

            HttpResponse<String> failed = http.send(get, HttpResponse.BodyHandlers.ofString());
            fail[0] = false;
            HttpResponse<String> next = http.send(get, HttpResponse.BodyHandlers.ofString());

            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("InternalFailure");
            assertThat(failed.body()).contains("An internal error occurred").doesNotContain("NullPointerException");
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("fine");
        } finally {
            listening.close().toCompletionStage().toCompletableFuture().get();
            workers.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
