package dev.kvsedge.app;

import dev.kvsedge.app.logging.LogSetup;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kvs-edge} command. */
@Command(name = "kvs-edge", mixinStandardHelpOptions = true, version = "kvs-edge 0.1.0",
        description = "Open, self-hosted Amazon Kinesis Video Streams with edge recording.", subcommands = {
                ServerCommand.class, UpCommand.class, AgentCommand.class, CameraCommand.class,
                AgentCredentialsCommand.class})
public final class Main {
    /**
     * The commands that start long-running services are parsed on their own: picocli builds the
     * model of every subcommand it is given by reflection, which would cost start-up time.
     */
    private static final Map<String, Supplier<Object>> SERVICES = Map.of("server", ServerCommand::new, "up",
            UpCommand::new,
            "agent", AgentCommand::new, "camera", CameraCommand::new);

    public static void main(String[] args) {
        boolean debug = DebugOption.requested(args, System.getenv());
        if (debug) {
            LogSetup.debug();
        }
        CommandErrors errors = new CommandErrors(debug, System.err);
        Supplier<Object> service = args.length > 0 ? SERVICES.get(args[0]) : null;
        int exit = service != null
                ? errors.install(new CommandLine(service.get()).setCommandName("kvs-edge " + args[0]))
                        .execute(Arrays.copyOfRange(args, 1, args.length))
                : errors.install(new CommandLine(new Main())).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
