package dev.kvsedge.app;

import dev.kvsedge.server.KvsEdgeServer;

/** The one line a started server prints: where it is and how to sign requests for it. */
final class ReadyLine {
    private ReadyLine() {
    }

    static String of(KvsEdgeServer server, ServerOptions options) {
        String credentials = server.acceptsTestCredentials()
                ? "credentials test/test (no credentials configured; accepted because it listens on loopback only)"
                : "credentials: the configured admin key pairs";
        return "kvs-edge ready at " + server.url() + " (account " + options.accountId + ", any region, " + credentials + ")";
    }
}
