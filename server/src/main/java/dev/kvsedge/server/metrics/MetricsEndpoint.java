package dev.kvsedge.server.metrics;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} on a port of its own, without signature, as Prometheus scrapes it. Kept off the API port so
 * that a firewall or a bind address can keep it private, and so that no SigV4 rule bends for it. A scrape runs on
 * a worker thread: it counts edge configurations in the database.
 */
public final class MetricsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private MetricsEndpoint() {}

    /** @throws IllegalStateException naming the address when it cannot be listened on (in use, not this host's) */
    public static HttpServer listen(Vertx vertx, ExecutorService workers, ServerMetrics metrics, String host, int port)
            throws InterruptedException {
        try {
            return vertx.createHttpServer()
                    .requestHandler(request -> serve(request, vertx.getOrCreateContext(), workers, metrics))
                    .listen(port, host).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot serve metrics on " + host + ":" + port + ": " + e.getCause().getMessage()
                            + " (choose another --metrics-port)",
                    e.getCause());
        }
    }

    private static void serve(HttpServerRequest request, Context context, ExecutorService workers,
            ServerMetrics metrics) {
        if (!request.path().equals("/metrics")) {
            request.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("Not found: the metrics are at /metrics\n");
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        workers.execute(() -> {
            String page;
            try {
                page = metrics.scrape();
            } catch (RuntimeException e) {
                LOG.warn("metrics scrape failed: {}", e.toString());
                context.runOnContext(v -> request.response().setStatusCode(500).end("metrics scrape failed\n"));
                return;
            }
            context.runOnContext(v -> request.response().putHeader("Content-Type", ServerMetrics.CONTENT_TYPE)
                    .end(request.method() == HttpMethod.HEAD ? "" : page));
        });
    }
}
