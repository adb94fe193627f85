package dev.kvsedge.it;

import static dev.kvsedge.it.EdgeFixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
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

    private static final Map<String, String> ADMIN = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY",
            "test",
            "AWS_REGION", "us-east-1");

    private static CommandRun kvsEdge(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(
                List.of("agent-credentials", "--endpoint-url", server.endpoint().toString()));
        command.addAll(List.of(args));
        return CommandRun.of(ADMIN, command.toArray(String[]::new));
    }

    @Test
    void createPrintsExportLinesThatSignInAsTheHubsAgentAndRevokeEndsThem() throws Exception {
        CommandRun created = kvsEdge("create", "--hub-device-arn", hub("cli-hub"));
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

            CommandRun listed = kvsEdge("list", "--hub-device-arn", hub("cli-hub"));
            assertThat(listed.out()).contains(keyId + "\t" + hub("cli-hub"));
            assertThat(listed.out()).doesNotContain(exports.get("AWS_SECRET_ACCESS_KEY"));

            assertThat(kvsEdge("revoke", "--access-key-id", keyId).exit()).isZero();
            assertThatThrownBy(() -> agent.listEdgeAgentConfigurations(r -> r.hubDeviceArn(hub("cli-hub"))))
                    .isInstanceOfSatisfying(KinesisVideoException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aServerErrorIsReportedWithItsCode() throws Exception {
        CommandRun revoked = kvsEdge("revoke", "--access-key-id", "KVSEAAAAAAAAAAAAAAAA");
        assertThat(revoked.exit()).isEqualTo(1);
        assertThat(revoked.errorLines()).hasSize(1)
                .allMatch(l -> l.startsWith("kvs-edge agent-credentials revoke: ResourceNotFoundException: "));
    }

    @Test
    void aHubDeviceArnThatIsNotAThingArnIsRefusedBeforeAsking() throws Exception {
        CommandRun invalid = kvsEdge("create", "--hub-device-arn", "not-an-arn");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.errorLines()).containsExactly("kvs-edge agent-credentials create: Invalid value for option"
                + " '--hub-device-arn': 'not-an-arn' is not an IoT thing ARN like arn:aws:iot:us-east-1:123456789012:thing/NAME"
                + " (kvs-edge agent-credentials create --help lists the options)");
    }

    @Test
    void theServerIsGivenBeforeOrAfterTheSubcommandAsEndpointUrlOrServer() throws Exception {
        String hub = hub("anywhere-hub");
        String url = server.endpoint().toString();
        assertThat(CommandRun.of(ADMIN, "agent-credentials", "create", "--hub-device-arn", hub, "--endpoint-url", url)
                .exit()).isZero();
        assertThat(CommandRun.of(ADMIN, "agent-credentials", "--server", url, "create", "--hub-device-arn", hub).exit())
                .isZero();
        CommandRun listed = CommandRun.of(ADMIN, "agent-credentials", "list", "--server", url, "--hub-device-arn", hub);
        assertThat(listed.exit()).isZero();
        assertThat(listed.out().lines()).hasSize(2).allMatch(l -> l.endsWith("\t" + hub));
    }

    @Test
    void listingNoKeysSaysSo() throws Exception {
        CommandRun listed = kvsEdge("list", "--hub-device-arn", hub("keyless-hub"));
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).isEmpty();
        assertThat(listed.errorLines())
                .containsExactly("kvs-edge agent-credentials: no agent credentials for " + hub("keyless-hub")
                        + " (mint a pair with: kvs-edge agent-credentials create --hub-device-arn ARN)");
    }

    @Test
    void noServerAtTheUrlIsOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CommandRun run = CommandRun.of(ADMIN, "agent-credentials", "list", "--endpoint-url",
                "http://127.0.0.1:" + port);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errorLines())
                .containsExactly("kvs-edge agent-credentials list: no server answers at http://127.0.0.1:" + port
                        + " (connection refused)");
    }
}
