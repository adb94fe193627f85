package dev.kvsedge.app;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --debug}, which every command accepts and its help lists. {@link Main} reads it from the arguments before
 * they are parsed, so that a failure to parse them is shown with its stack trace too.
 */
final class DebugOption {
    static final String NAME = "--debug";

    @Option(names = NAME, scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the error line (or set KVS_EDGE_DEBUG=1); log kvs-edge's debug lines.")
    boolean debug;

    /** Whether the command line or the environment asks for stack traces and debug logging. */
    static boolean requested(String[] args, java.util.Map<String, String> env) {
        return java.util.Arrays.asList(args).contains(NAME) || "1".equals(env.get("KVS_EDGE_DEBUG"));
    }
}
