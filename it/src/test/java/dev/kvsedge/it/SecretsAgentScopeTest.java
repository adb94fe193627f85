package dev.kvsedge.it;

import static dev.kvsedge.it.EdgeFixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * An edge agent's credentials reach GetSecretValue and BatchGetSecretValue only, and only for the secrets named by
 * the edge configurations of its own hub device (by full or partial ARN, whichever the configuration wrote).
 */
class SecretsAgentScopeTest {
    private static final String HUB_A = hub("secrets-hub-a");
    private static final String HUB_B = hub("secrets-hub-b");
    private static TestServer server;
    private static KinesisVideoClient kvs;
    private static SecretsManagerClient admin;
    private static SecretsManagerClient agentA;
    private static SecretsManagerClient agentB;
    private static String arnA;
    private static String arnB;
    private static String arnC;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        kvs = server.client();
        admin = server.secretsManager();
        arnA = admin.createSecret(r -> r.name("cam-a").secretString("{\"MediaURI\":\"rtsp://a\"}")).arn();
        arnB = admin.createSecret(r -> r.name("cam-b").secretString("{\"MediaURI\":\"rtsp://b\"}")).arn();
        arnC = admin.createSecret(r -> r.name("cam-c").secretString("{\"MediaURI\":\"rtsp://c\"}")).arn();
        configure("stream-a", HUB_A, arnA); // a full ARN
        configure("stream-b", HUB_B, partial(arnB)); // a partial ARN
        configure("stream-later", HUB_A, partial(arnA).replace("cam-a", "cam-later")); // a secret not made yet
        TestAgent a = TestAgent.mint(server, HUB_A);
        TestAgent b = TestAgent.mint(server, HUB_B);
        agentA = server.secretsManager(Region.US_EAST_1, a.accessKeyId, a.secret);
        agentB = server.secretsManager(Region.US_EAST_1, b.accessKeyId, b.secret);
    }

    @AfterAll
    static void stop() {
        agentA.close();
        agentB.close();
        admin.close();
        kvs.close();
        server.close();
    }

    private static String partial(String arn) {
        return arn.substring(0, arn.length() - 7);
    }

    private static void configure(String stream, String hub, String secretArn) {
        kvs.createStream(r -> r.streamName(stream).dataRetentionInHours(24));
        kvs.startEdgeConfigurationUpdate(r -> r.streamName(stream).edgeConfig(c -> c.hubDeviceArn(hub)
                .recorderConfig(rc -> rc
                        .mediaSourceConfig(m -> m.mediaUriSecretArn(secretArn).mediaUriType(MediaUriType.RTSP_URI)))));
    }

    private static void assertDenied(Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(SecretsManagerException.class).satisfies(e -> {
            SecretsManagerException error = (SecretsManagerException) e;
            assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(error.statusCode()).isEqualTo(403);
        });
    }

    @Test
    void anAgentReadsTheSecretsItsHubsConfigurationsNameByAnyOfItsIds() {
        for (String id : new String[] {arnA, partial(arnA), "cam-a"}) {
            assertThat(agentA.getSecretValue(r -> r.secretId(id)).secretString())
                    .isEqualTo("{\"MediaURI\":\"rtsp://a\"}");
        }
        // hub B's configuration wrote a partial ARN: it names the secret whatever id the agent uses
        assertThat(agentB.getSecretValue(r -> r.secretId(arnB)).secretString())
                .isEqualTo("{\"MediaURI\":\"rtsp://b\"}");
        assertThat(agentB.getSecretValue(r -> r.secretId(partial(arnB))).secretString())
                .isEqualTo("{\"MediaURI\":\"rtsp://b\"}");
    }

    @Test
    void anotherHubsSecretAndUnnamedOnesAreRefusedWhetherTheyExistOrNot() {
        assertDenied(() -> agentA.getSecretValue(r -> r.secretId(arnB)));
        assertDenied(() -> agentA.getSecretValue(r -> r.secretId("cam-b")));
        assertDenied(() -> agentB.getSecretValue(r -> r.secretId(arnA)));
        assertDenied(() -> agentA.getSecretValue(r -> r.secretId(arnC)));
        assertDenied(() -> agentA.getSecretValue(r -> r.secretId("no-such-secret")));
        try (SecretsManagerClient elsewhere = server.secretsManager(Region.EU_WEST_1, "test", "test")) {
            // (an admin in another region sees nothing either; the agent's scope is its signing region's)
            assertThatThrownBy(() -> elsewhere.getSecretValue(r -> r.secretId(arnA)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void batchGetSecretValueGivesAnAgentItsHubsSecretsAndOnlyThose() {
        var named = agentA.batchGetSecretValue(r -> r.secretIdList(arnA, arnB, "cam-c"));
        assertThat(named.secretValues()).extracting(v -> v.secretString())
                .containsExactly("{\"MediaURI\":\"rtsp://a\"}");
        assertThat(named.errors()).extracting(e -> e.secretId() + " " + e.errorCode())
                .containsExactly(arnB + " AccessDeniedException", "cam-c AccessDeniedException");

        var filtered = agentA.batchGetSecretValue(r -> r.filters(f -> f.key("name").values("cam-")));
        assertThat(filtered.secretValues()).extracting(v -> v.name()).contains("cam-a").doesNotContain("cam-b",
                "cam-c");
        assertThat(filtered.errors()).isEmpty();
    }

    @Test
    void aNamedSecretNotCreatedYetIsNotFoundThenReadable() {
        String later = partial(arnA).replace("cam-a", "cam-later");
        assertThatThrownBy(() -> agentA.getSecretValue(r -> r.secretId(later)))
                .isInstanceOf(ResourceNotFoundException.class);
        admin.createSecret(r -> r.name("cam-later").secretString("{\"MediaURI\":\"file:///media/loop.mkv\"}"));
        assertThat(agentA.getSecretValue(r -> r.secretId(later)).secretString()).contains("file:///media/loop.mkv");
    }

    @Test
    void everyOtherOperationIsRefusedToAgentsEvenOnTheirOwnSecrets() {
        assertDenied(() -> agentA.describeSecret(r -> r.secretId(arnA)));
        assertDenied(() -> agentA.listSecrets(r -> {}));
        assertDenied(() -> agentA.createSecret(r -> r.name("agent-made").secretString("x")));
        assertDenied(() -> agentA.putSecretValue(r -> r.secretId(arnA).secretString("rtsp://evil")));
        assertDenied(() -> agentA.updateSecret(r -> r.secretId(arnA).description("x")));
        assertDenied(() -> agentA.deleteSecret(r -> r.secretId(arnA).forceDeleteWithoutRecovery(true)));
        assertDenied(() -> agentA.restoreSecret(r -> r.secretId(arnA)));
        assertDenied(() -> agentA.tagResource(r -> r.secretId(arnA).tags(Tag.builder().key("k").value("v").build())));
        assertDenied(() -> agentA.untagResource(r -> r.secretId(arnA).tagKeys("k")));
        assertDenied(() -> agentA.listSecretVersionIds(r -> r.secretId(arnA)));
        assertDenied(() -> agentA.getResourcePolicy(r -> r.secretId(arnA)));
        assertDenied(() -> agentA
                .replicateSecretToRegions(r -> r.secretId(arnA).addReplicaRegions(x -> x.region("eu-west-1"))));
        assertThat(admin.getSecretValue(r -> r.secretId(arnA)).secretString()).isEqualTo("{\"MediaURI\":\"rtsp://a\"}");
    }

    @Test
    void aSecretScheduledForDeletionIsRefusedToItsAgentAsToAnyone() {
        String arn = admin.createSecret(r -> r.name("cam-doomed").secretString("x")).arn();
        configure("stream-doomed", HUB_A, arn);
        assertThat(agentA.getSecretValue(r -> r.secretId(arn)).secretString()).isEqualTo("x");
        admin.deleteSecret(r -> r.secretId(arn));
        assertThatThrownBy(() -> agentA.getSecretValue(r -> r.secretId(arn)))
                .isInstanceOf(SecretsManagerException.class)
                .satisfies(e -> assertThat(((SecretsManagerException) e).awsErrorDetails().errorCode())
                        .isEqualTo("InvalidRequestException"));
    }
}
