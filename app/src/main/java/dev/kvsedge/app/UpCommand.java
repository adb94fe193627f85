package dev.kvsedge.app;

import dev.kvsedge.server.KvsEdgeServer;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.auth.Credential;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kvs-edge up}: everything needed locally, with defaults: the server, and an edge agent for a local hub device
 * ({@code thing/kvs-edge-local}); with {@code --demo} also a simulated camera wired to a stream through an edge
 * configuration, as a user would set it up with the aws CLI.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start kvs-edge locally: the server and an edge agent"
                + " for a local hub device, with embedded storage.")
final class UpCommand implements Callable<Integer> {
    static final String LOCAL_HUB = "thing/kvs-edge-local";

    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(names = "--demo", description = "Also start a simulated camera and record it into the stream "
            + Demo.STREAM + " (stream, camera secret and edge configuration are created for you).")
    boolean demo;

    @Mixin
    DebugOption debug;

    @Override
    public Integer call() throws Exception {
        if (options.exitWhenReady) {
            return ServerCommand.run(options); // the launcher's training run: the server's start-up only
        }
        options.logging.apply();
        // Metrics are on for a local set-up: on a free port unless one is given, at the (loopback) host.
        ServerConfig config = options.toConfig(System.getenv());
        config = config.withMetricsPort(config.metricsPort() == null ? Integer.valueOf(0) : config.metricsPort());
        // Closed newest first: the agent (it completes its segment) before the camera it records, then the server.
        Deque<AutoCloseable> running = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(running);
            stopped.countDown();
        }, "kvs-edge-shutdown"));
        try {
            KvsEdgeServer server = KvsEdgeServer.start(config, Clock.systemUTC());
            push(running, server);
            System.out.println(ReadyLine.of(server, options));
            Credential admin = config.adminCredentials().isEmpty()
                    ? new Credential(KvsEdgeServer.TEST_ACCESS_KEY_ID, KvsEdgeServer.TEST_SECRET_ACCESS_KEY,
                            new dev.kvsedge.server.auth.Principal(options.accountId, null))
                    : config.adminCredentials().getFirst();
            AdminClient adminClient = new AdminClient(URI.create(server.url()), "us-east-1", admin.accessKeyId(),
                    admin.secretAccessKey());
            String hub = "arn:aws:iot:us-east-1:" + options.accountId + ":" + LOCAL_HUB;
            Demo started = demo ? push(running, Demo.start(adminClient, server.url(), hub)) : null;
            AgentRunner agent = push(running, AgentRunner.startLocal(adminClient, URI.create(server.url()), hub,
                    config.dataDir().resolve("agent")));
            System.out.println(agent.describe());
            if (started != null) {
                started.howTo().forEach(System.out::println);
                started.announceFirstFragment(System.out);
            }
        } catch (Exception | Error e) {
            closeAll(running);
            throw e;
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> running, T started) {
        synchronized (running) {
            running.push(started);
        }
        return started;
    }

    /** Stops what started, newest first: the agent (it completes its segment), then the demo's camera, then the server. */
    private static void closeAll(Deque<AutoCloseable> running) {
        synchronized (running) {
            while (!running.isEmpty()) {
                try {
                    running.pop().close();
                } catch (Exception e) {
                    System.err.println("kvs-edge: while stopping: " + e.getMessage());
                }
            }
        }
    }
}
