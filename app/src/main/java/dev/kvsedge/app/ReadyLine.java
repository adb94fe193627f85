package dev.kvsedge.app;

import dev.kvsedge.server.KvsEdgeServer;

/** The one line a started server prints: where it is, how to sign requests for it, and where its web console is. */
final class ReadyLine {
    private ReadyLine() {}

    static String of(KvsEdgeServer server, ServerOptions options) {
        String credentials = server.acceptsTestCredentials()
                ? "credentials test/test (no credentials configured; accepted because it listens on loopback only)"
                : "credentials: the configured admin key pairs";
        // Time since the JVM started: the launcher script's own work before it is not counted.
        String startup = " in " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms";
        return "kvs-edge ready at " + server.url() + startup + " (account " + options.accountId + ", any region, "
                + credentials + "; media in " + server.mediaLocation()
                + server.metricsUrl().map(m -> "; metrics at " + m).orElse("") + "); console at " + server.url() + "/";
    }
}
