package dev.kvsedge.server.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.util.List;

/**
 * The HTTP servers sharing the listening port, one per event loop: Vert.x hands each new connection to the next
 * of them, so uploads spread over the cores instead of queueing on one event loop.
 */
public record Listening(List<HttpServer> servers, Runnable stopSweeps) {

    public Listening {
        servers = List.copyOf(servers);
    }

    public int port() {
        return servers.getFirst().actualPort();
    }

    public Future<Void> close() {
        stopSweeps.run();
        return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }
}
