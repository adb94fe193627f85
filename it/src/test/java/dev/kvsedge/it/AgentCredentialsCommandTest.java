package dev.kvsedge.it;

import static dev.kvsedge.it.EdgeFixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;

/** {@code kvs-edge agent-credentials} as an operator runs it, against a running server. */
class AgentCredentialsCommandTest {
    private static final Pattern EXPORT = Pattern.compile("export (AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY)=(\\S+)");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run kvsEdge(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "agent-credentials",
                "--endpoint-url", server.endpoint().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void createPrintsExportLinesThatSignInAsTheHubsAgentAndRevokeEndsThem() throws Exception {
        Run created = kvsEdge("create", "--hub-device-arn", hub("cli-hub"));
        assertThat(created.exit()).isZero();
        Map<String, String> exports = new java.util.HashMap<>();
        Matcher m = EXPORT.matcher(created.out());
        while (m.find()) {
            exports.put(m.group(1), m.group(2));
        }
        assertThat(exports).containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        String keyId = exports.get("AWS_ACCESS_KEY_ID");

        try (KinesisVideoClient agent = server.client(Region.US_EAST_1, keyId, exports.get("AWS_SECRET_ACCESS_KEY"))) {
            assertThat(agent.listEdgeAgentConfigurations(r -> r.hubDeviceArn(hub("cli-hub"))).edgeConfigs()).isEmpty();

            Run listed = kvsEdge("list", "--hub-device-arn", hub("cli-hub"));
            assertThat(listed.out()).contains(keyId + "\t" + hub("cli-hub"));
            assertThat(listed.out()).doesNotContain(exports.get("AWS_SECRET_ACCESS_KEY"));

            assertThat(kvsEdge("revoke", "--access-key-id", keyId).exit()).isZero();
            assertThatThrownBy(() -> agent.listEdgeAgentConfigurations(r -> r.hubDeviceArn(hub("cli-hub"))))
                    .isInstanceOfSatisfying(KinesisVideoException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aServerErrorIsReportedWithItsCode() throws Exception {
        Run revoked = kvsEdge("revoke", "--access-key-id", "KVSEAAAAAAAAAAAAAAAA");
        assertThat(revoked.exit()).isEqualTo(1);
        assertThat(revoked.err()).contains("ResourceNotFoundException");
        Run invalid = kvsEdge("create", "--hub-device-arn", "not-an-arn");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).contains("ValidationException");
    }
}
