package dev.kvsedge.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kvs-edge up}: everything needed locally, with defaults. For now, the server. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start kvs-edge locally with embedded storage.")
final class UpCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        return ServerCommand.run(options);
    }
}
