package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.ReplicationStatusType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.StatusType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Replication between regions of one server, through the SDK for Java v2: a replica is a real secret in the other
 * region, kept in step with its primary, read-only until StopReplicationToReplica makes it a secret of its own.
 */
class SecretsReplicationTest {
    private static TestServer server;
    private static SecretsManagerClient virginia;
    private static SecretsManagerClient ireland;
    private static SecretsManagerClient oregon;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        virginia = server.secretsManager();
        ireland = server.secretsManager(Region.EU_WEST_1, "test", "test");
        oregon = server.secretsManager(Region.US_WEST_2, "test", "test");
    }

    @AfterAll
    static void stop() {
        virginia.close();
        ireland.close();
        oregon.close();
        server.close();
    }

    static String name(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ReplicaRegionType region(String region) {
        return ReplicaRegionType.builder().region(region).build();
    }

    @Test
    void aSecretCreatedWithReplicaRegionsIsReadableThereAndFollowsEveryChangeOfItsPrimary() {
        String name = name("replicated");
        CreateSecretResponse created = virginia.createSecret(r -> r.name(name).secretString("rtsp://one")
                .addReplicaRegions(region("eu-west-1")));
        assertThat(created.replicationStatus()).singleElement().satisfies(s -> {
            assertThat(s.region()).isEqualTo("eu-west-1");
            assertThat(s.status()).isEqualTo(StatusType.IN_SYNC);
        });
        String replicaArn = created.arn().replace(":us-east-1:", ":eu-west-1:");
        assertThat(ireland.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("rtsp://one");
        DescribeSecretResponse replica = ireland.describeSecret(r -> r.secretId(replicaArn));
        assertThat(replica.primaryRegion()).isEqualTo("us-east-1");
        assertThat(replica.arn()).isEqualTo(replicaArn);

        virginia.putSecretValue(r -> r.secretId(name).secretString("rtsp://two"));
        virginia.updateSecret(r -> r.secretId(name).description("front door"));
        virginia.tagResource(r -> r.secretId(name).tags(Tag.builder().key("site").value("warehouse").build()));
        assertThat(ireland.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("rtsp://two");
        assertThat(ireland.getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("rtsp://one");
        DescribeSecretResponse followed = ireland.describeSecret(r -> r.secretId(name));
        assertThat(followed.description()).isEqualTo("front door");
        assertThat(followed.tags()).extracting(Tag::key).containsExactly("site");

        Filter mine = Filter.builder().key(FilterNameStringType.NAME).values(name).build();
        assertThat(ireland.listSecrets(r -> r.filters(mine)).secretList()).extracting(SecretListEntry::primaryRegion)
                .containsExactly("us-east-1");
        Filter replicas = Filter.builder().key(FilterNameStringType.PRIMARY_REGION).values("us-east-1").build();
        assertThat(ireland.listSecrets(r -> r.filters(mine, replicas)).secretList()).hasSize(1);
        assertThat(virginia.describeSecret(r -> r.secretId(name)).replicationStatus())
                .extracting(ReplicationStatusType::region).containsExactly("eu-west-1");
    }

    @Test
    void aReplicaIsReadOnlyAndItsPrimaryCannotBeDeletedWhileItHasOne() {
        String name = name("read-only");
        virginia.createSecret(r -> r.name(name).secretString("x"));
        virginia.replicateSecretToRegions(r -> r.secretId(name).addReplicaRegions(region("eu-west-1")));
        assertThatThrownBy(() -> ireland.putSecretValue(r -> r.secretId(name).secretString("y")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Operation not permitted on a replica secret");
        assertThatThrownBy(() -> ireland.deleteSecret(r -> r.secretId(name)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> virginia.deleteSecret(r -> r.secretId(name)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("still has replica regions [eu-west-1]");
        assertThatThrownBy(
                () -> virginia.replicateSecretToRegions(r -> r.secretId(name).addReplicaRegions(region("us-east-1"))))
                .isInstanceOf(InvalidParameterException.class);

        var removed = virginia.removeRegionsFromReplication(r -> r.secretId(name).removeReplicaRegions("eu-west-1"));
        assertThat(removed.replicationStatus()).isEmpty();
        assertThatThrownBy(() -> ireland.getSecretValue(r -> r.secretId(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        virginia.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
    }

    @Test
    void aNameTakenInTheOtherRegionFailsThatReplicaUnlessOverwriteIsAsked() {
        String name = name("taken");
        oregon.createSecret(r -> r.name(name).secretString("oregon's own"));
        virginia.createSecret(r -> r.name(name).secretString("primary"));
        var failed = virginia.replicateSecretToRegions(r -> r.secretId(name).addReplicaRegions(region("us-west-2")));
        assertThat(failed.replicationStatus()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(StatusType.FAILED);
            assertThat(s.statusMessage()).contains("already exists in region us-west-2");
        });
        assertThat(oregon.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("oregon's own");

        var forced = virginia.replicateSecretToRegions(r -> r.secretId(name).addReplicaRegions(region("us-west-2"))
                .forceOverwriteReplicaSecret(true));
        assertThat(forced.replicationStatus()).extracting(ReplicationStatusType::status)
                .containsExactly(StatusType.IN_SYNC);
        assertThat(oregon.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("primary");
    }

    @Test
    void stopReplicationMakesTheReplicaASecretOfItsOwn() {
        String name = name("promoted");
        virginia.createSecret(r -> r.name(name).secretString("shared").addReplicaRegions(region("eu-west-1")));
        String arn = ireland.stopReplicationToReplica(r -> r.secretId(name)).arn();
        assertThat(arn).contains(":eu-west-1:");
        assertThat(ireland.describeSecret(r -> r.secretId(name)).primaryRegion()).isNull();
        assertThat(virginia.describeSecret(r -> r.secretId(name)).replicationStatus()).isEmpty();

        ireland.putSecretValue(r -> r.secretId(name).secretString("irish")); // writable now
        virginia.putSecretValue(r -> r.secretId(name).secretString("american"));
        assertThat(ireland.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("irish");
        assertThat(virginia.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("american");
        assertThatThrownBy(() -> ireland.stopReplicationToReplica(r -> r.secretId(name)))
                .isInstanceOf(software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException.class);
    }

    @Test
    void aRestartedServerStillHasTheReplicaAndKeepsItInStep() {
        java.nio.file.Path dataDir = TestServer.newDataDir();
        String name = name("durable");
        try (TestServer first = TestServer.start(java.time.Clock.systemUTC(), dataDir);
                SecretsManagerClient sm = first.secretsManager()) {
            sm.createSecret(r -> r.name(name).secretString("kept").addReplicaRegions(region("eu-west-1")));
        }
        try (TestServer again = TestServer.start(java.time.Clock.systemUTC(), dataDir);
                SecretsManagerClient sm = again.secretsManager();
                SecretsManagerClient irish = again.secretsManager(Region.EU_WEST_1, "test", "test")) {
            assertThat(sm.describeSecret(r -> r.secretId(name)).replicationStatus())
                    .extracting(ReplicationStatusType::region)
                    .containsExactly("eu-west-1");
            assertThat(irish.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("kept");
            sm.putSecretValue(r -> r.secretId(name).secretString("changed after the restart"));
            assertThat(irish.getSecretValue(r -> r.secretId(name)).secretString())
                    .isEqualTo("changed after the restart");
        }
    }
}
