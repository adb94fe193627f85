package dev.kvsedge.model.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed constraint tables are what {@code tools/extract-model.py} takes from the installed botocore: lengths,
 * ranges, patterns and required members included, which the SDK's classes do not carry. Runs where python3 with
 * botocore is installed (here and in CI); on a machine with only a JDK it is skipped, and
 * {@link ModelTablesMatchTheSdkTest} still compares the rest.
 */
class ModelTablesMatchBotocoreTest {
    /** Surefire runs in the module's folder; the script is the project's. */
    private static final Path SCRIPT = Path.of("..", "tools", "extract-model.py").toAbsolutePath().normalize();

    @Test
    void theTablesAreBotocoresModel() throws Exception {
        assumeTrue(Files.isRegularFile(SCRIPT), "no " + SCRIPT);
        assumeTrue(run("-c", "import botocore").exitCode == 0, "python3 with botocore is not installed");
        Result check = run(SCRIPT.toString(), "--check");
        assertThat(check.exitCode).as(check.output).isZero();
        assertThat(check.output).contains("ok: ").doesNotContain("DRIFT");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "python3";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noPython) {
            return new Result(-1, noPython.getMessage());
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
