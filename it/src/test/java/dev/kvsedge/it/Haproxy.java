package dev.kvsedge.it;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian's package, installed by interop/install-tools.sh) in front of server nodes, with the configuration
 * docs/cluster.md shows: round robin, no stickiness, a node taken out after two failed health checks.
 */
final class Haproxy implements AutoCloseable {
    private final Process process;
    final URI url;
    final Path config;

    private Haproxy(Process process, URI url, Path config) {
        this.process = process;
        this.url = url;
        this.config = config;
    }

    /** Balances {@code nodes} on 127.0.0.1:{@code port}; returns once it accepts connections. */
    static Haproxy start(Path dir, int port, List<URI> nodes) throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 4096
                defaults
                    mode http
                    option redispatch
                    retries 3
                    timeout connect 2s
                    timeout client 90s
                    timeout server 90s
                frontend kvs_edge
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                """.formatted(port));
        for (int i = 0; i < nodes.size(); i++) {
            URI node = nodes.get(i);
            cfg.append("    server node").append(i + 1).append(' ').append(node.getHost()).append(':')
                    .append(node.getPort())
                    .append(" check inter 500ms fall 2 rise 2\n");
        }
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, cfg.toString());
        Process process;
        try {
            process = new ProcessBuilder(binary, "-db", "-f", config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("haproxy is not installed: run bash interop/install-tools.sh (as root)", e);
        }
        Haproxy haproxy = new Haproxy(process, URI.create("http://127.0.0.1:" + port), config);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return haproxy;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    haproxy.close();
                    throw new IllegalStateException(
                            "haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
