package dev.kvsedge.app;

import dev.kvsedge.model.StartupException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How every command reports a failure: one line on stderr, {@code COMMAND: WHAT: WHY}, naming the option or thing at
 * fault and the root cause; exit code 2 when an option or the configuration must change, 1 when something failed at
 * run time (a later try may work). The stack trace only with {@code --debug} or {@code KVS_EDGE_DEBUG=1}.
 *
 * <p>The failures a user can cause are typed where they happen ({@link StartupException} from the server and the
 * agent, picocli's {@link ParameterException} for options, {@link AdminClient.ApiError} for a refusal by the server);
 * anything else is a defect or an unforeseen failure of the machine, reported with its root cause.
 */
final class CommandErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int CONFIGURATION = 2;
    static final int FAILURE = 1;

    private final boolean debug;
    private final PrintStream err;

    CommandErrors(boolean debug, PrintStream err) {
        this.debug = debug;
        this.err = err;
    }

    /** Sets this as the handler of the command line and its subcommands. */
    CommandLine install(CommandLine commandLine) {
        return commandLine.setExecutionExceptionHandler(this).setParameterExceptionHandler(this);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        return report(e.getCommandLine().getCommandSpec().qualifiedName(), e);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        return report(commandLine.getCommandSpec().qualifiedName(), e);
    }

    /** Prints the failure's line (and with --debug its stack trace) and returns the exit code. */
    int report(String command, Throwable failure) {
        Throwable e = unwrap(failure);
        err.println(command + ": " + line(command, e));
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof ParameterException) {
            return CONFIGURATION;
        }
        if (e instanceof StartupException startup) {
            return startup.kind() == StartupException.Kind.CONFIGURATION ? CONFIGURATION : FAILURE;
        }
        return FAILURE;
    }

    private String line(String command, Throwable e) {
        if (e instanceof ParameterException) {
            return e.getMessage() + " (" + command + " --help lists the options)";
        }
        if (e instanceof StartupException || e instanceof AdminClient.ApiError) {
            return e.getMessage();
        }
        // Input and output fail by the world (a refused connection, a full disk) and the message is the story; anything
        // else is likely a defect, whose trace is worth asking for.
        boolean io = e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException;
        return rootCause(e) + (debug || io ? "" : " (--debug shows where)");
    }

    /** The exception that says what happened, past the wrappers of threads and futures. */
    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof ExecutionException || e instanceof CompletionException
                || e instanceof InvocationTargetException
                || e instanceof CommandLine.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupException || t instanceof ParameterException) {
                return t; // typed at its source, perhaps inside a wrapper of its own
            }
        }
        return e;
    }

    /** The outermost message, and the root cause's when it adds something. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = describe(e);
        if (root == e) {
            return outer;
        }
        String inner = describe(root);
        return outer.contains(inner) ? outer : outer + ": " + inner;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
