package dev.kvsedge.app;

import dev.kvsedge.server.KvsEdgeServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kvs-edge server}: the kinesisvideo API server. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the kvs-edge server.")
final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Mixin
    DebugOption debug;

    @Override
    public Integer call() throws Exception {
        return run(options);
    }

    static int run(ServerOptions options) throws Exception {
        options.logging.apply();
        if (options.exitWhenReady) {
            return trainingRun(options);
        }
        KvsEdgeServer server = KvsEdgeServer.start(options.toConfig(System.getenv()), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "kvs-edge-shutdown"));
        System.out.println(ReadyLine.of(server, options));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Starts and stops once, for the launcher: run under -XX:ArchiveClassesAtExit, it records the
     * classes start-up loads into a class-data archive that makes every later start faster.
     */
    private static int trainingRun(ServerOptions options) throws Exception {
        try (KvsEdgeServer server = KvsEdgeServer.start(options.toConfig(System.getenv()), Clock.systemUTC())) {
            System.out.println(ReadyLine.of(server, options));
        }
        return 0;
    }
}
