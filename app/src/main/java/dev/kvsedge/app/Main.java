package dev.kvsedge.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kvs-edge} command. */
@Command(name = "kvs-edge", mixinStandardHelpOptions = true, version = "kvs-edge 0.1.0",
        description = "Open, self-hosted Amazon Kinesis Video Streams with edge recording.",
        subcommands = {ServerCommand.class, UpCommand.class, AgentCredentialsCommand.class})
public final class Main {
    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
