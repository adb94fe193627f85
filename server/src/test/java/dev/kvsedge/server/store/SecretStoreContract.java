package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.secrets.Replica;
import dev.kvsedge.server.secrets.Secret;
import dev.kvsedge.server.secrets.SecretKey;
import dev.kvsedge.server.secrets.SecretVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbcSecretStore} must do, whatever its database. */
abstract class SecretStoreContract extends DatabaseTestSupport {

    static final Scope SCOPE = new Scope("123456789012", "us-east-1");
    static final Scope OTHER_REGION = new Scope("123456789012", "eu-west-1");
    static final Instant T0 = Instant.parse("2024-05-31T16:08:37.123Z");

    protected JdbcSecretStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcSecretStore(db);
    }

    /** Every byte value, then the version id's bytes: opaque bytes that are not text. */
    static byte[] sealed(String versionId) {
        byte[] id = versionId.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[256 + id.length];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        System.arraycopy(id, 0, bytes, 256, id.length);
        return bytes;
    }

    static SecretVersion version(String id, long createdMs, String... stages) {
        return new SecretVersion(id, SecretVersion.Kind.STRING, sealed(id), Instant.ofEpochMilli(createdMs),
                Set.of(stages));
    }

    static Secret secret(Scope scope, String name, Map<String, String> tags, SecretVersion... versions) {
        return new Secret(new SecretKey(scope, name),
                "arn:aws:secretsmanager:" + scope.region() + ":" + scope.accountId()
                        + ":secret:" + name + "-AbCdEf",
                "the " + name + " camera", null, T0, T0, null, null, null,
                new TreeMap<>(tags), List.of(versions));
    }

    static Secret withDeletion(Secret s, Instant deleted, Instant deletion) {
        return s.withDeletion(deleted, deletion, s.lastChangedDate());
    }

    @Test
    void createThenFindReturnsEveryField() {
        Secret created = new Secret(new SecretKey(SCOPE, "front-door"),
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:front-door-AbCdEf",
                "the front door camera", "alias/cameras", T0, T0.plusMillis(5), Instant.parse("2024-06-01T00:00:00Z"),
                null, null,
                new TreeMap<>(Map.of("site", "warehouse", "floor", "")),
                List.of(version("v1", 1_000, "AWSPREVIOUS"), version("v2", 2_000, "AWSCURRENT", "mine"),
                        new SecretVersion("v0", SecretVersion.Kind.BINARY, sealed("v0"), Instant.ofEpochMilli(500),
                                Set.of())));
        assertThat(store.create(created, T0)).isTrue();

        Secret found = store.find(created.key()).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(created.withVersions(List.of(created.versions().get(2),
                created.versions().get(0), created.versions().get(1)), created.lastChangedDate())); // oldest first
        assertThat(found.version("v2").orElseThrow().stages()).containsExactly("AWSCURRENT", "mine");
        assertThat(found.version("v0").orElseThrow().sealedValue()).isEqualTo(sealed("v0"));
        assertThat(found.version("v0").orElseThrow().kind()).isEqualTo(SecretVersion.Kind.BINARY);
        assertThat(store.find(new SecretKey(SCOPE, "Front-door"))).isEmpty(); // names are case-sensitive
        assertThat(store.find(new SecretKey(OTHER_REGION, "front-door"))).isEmpty();
    }

    @Test
    void policyTagListingAndReplicationFieldsReadBack() {
        Secret primary = secret(SCOPE, "replicated", Map.of("a", "1"), version("v1", 1, "AWSCURRENT"))
                .withResourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}", T0)
                .withReplicas(List.of(
                        new Replica("eu-west-1", "alias/aws/secretsmanager", Replica.IN_SYNC, "Replication succeeded"),
                        new Replica("us-west-2", "k", Replica.FAILED, "taken")), T0)
                .withTags(Map.of(), T0);
        store.create(primary, T0);
        Secret found = store.find(primary.key()).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(primary);
        assertThat(found.tagsListed()).isTrue(); // it had a tag: an empty list now shows as []
        assertThat(found.replicas()).extracting(Replica::status).containsExactly("InSync", "Failed");
    }

    @Test
    void anUpdateWritesTheReplicasWithItsSecretAndRemovesThoseNoLongerReplicated() {
        Secret primary = secret(SCOPE, "cam", Map.of(), version("v1", 1, "AWSCURRENT"));
        store.create(primary, T0);
        Replica ireland = new Replica("eu-west-1", null, Replica.IN_SYNC, "Replication succeeded");
        java.util.function.Function<Secret, List<Secret>> copies = p -> p.replicas().stream()
                .map(r -> p.asReplicaIn(r.region(), null, p.versions())).toList();
        store.update(primary.key(), p -> p.withReplicas(List.of(ireland), T0), copies);
        SecretKey replicaKey = new SecretKey(OTHER_REGION, "cam");
        Secret replica = store.find(replicaKey).orElseThrow();
        assertThat(replica.primaryRegion()).isEqualTo("us-east-1");
        assertThat(replica.arn()).isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:cam-AbCdEf");
        assertThat(replica.versions()).extracting(SecretVersion::versionId).containsExactly("v1");

        // Another change of the primary rewrites its replica whole.
        store.update(primary.key(), p -> p.withDetails("moved", null, T0.plusSeconds(1)), copies);
        assertThat(store.find(replicaKey).orElseThrow().description()).isEqualTo("moved");

        store.update(primary.key(), p -> p.withReplicas(List.of(), T0), copies);
        assertThat(store.find(replicaKey)).isEmpty();
    }

    @Test
    void anUpdateNeverOverwritesASecretOfTheNameThatIsNotItsReplica() {
        Secret primary = secret(SCOPE, "cam", Map.of(), version("v1", 1, "AWSCURRENT"));
        store.create(primary, T0);
        Secret theirs = secret(OTHER_REGION, "cam", Map.of("mine", "yes"));
        store.create(theirs, T0);
        assertThatThrownBy(() -> store.update(primary.key(), p -> p.withDetails("x", null, T0),
                p -> List.of(p.asReplicaIn("eu-west-1", null, p.versions()))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.find(theirs.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(theirs);
        assertThat(store.find(primary.key()).orElseThrow().description()).isEqualTo(primary.description()); // rolled back
    }

    @Test
    void aSecretWithoutVersionsOrTagsReadsBack() {
        Secret bare = secret(SCOPE, "bare", Map.of());
        store.create(bare, T0);
        assertThat(store.find(bare.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(bare);
    }

    @Test
    void aTakenNameIsRefusedAndChangesNothingWhileTheSameNameElsewhereIsFine() {
        Secret first = secret(SCOPE, "cam", Map.of("a", "1"), version("v1", 1, "AWSCURRENT"));
        assertThat(store.create(first, T0)).isTrue();
        assertThat(store.create(secret(SCOPE, "cam", Map.of(), version("v2", 2, "AWSCURRENT")), T0)).isFalse();
        assertThat(store.find(first.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(first);
        assertThat(store.create(secret(OTHER_REGION, "cam", Map.of()), T0)).isTrue();
    }

    @Test
    void createPurgesASecretOfTheNameWhoseRecoveryWindowEndedButNotOneStillRecoverable() {
        Instant deletion = T0.plusSeconds(3600);
        store.create(
                withDeletion(secret(SCOPE, "cam", Map.of("a", "1"), version("old", 1, "AWSCURRENT")), T0, deletion),
                T0);

        assertThat(store.create(secret(SCOPE, "cam", Map.of()), deletion.minusMillis(1))).isFalse();
        Secret again = secret(SCOPE, "cam", Map.of("b", "2"), version("new", 2, "AWSCURRENT"));
        assertThat(store.create(again, deletion)).isTrue();
        assertThat(store.find(again.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(again);
        assertThat(queryLong("SELECT COUNT(*) FROM secret_versions")).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM secret_tags")).isEqualTo(1);
    }

    @Test
    void listHoldsTheScopesSecretsByNameWithLabelsButNoValues() {
        store.create(secret(SCOPE, "b", Map.of("k", "v"), version("b1", 1, "AWSCURRENT"), version("b0", 0)), T0);
        store.create(secret(SCOPE, "a", Map.of()), T0);
        store.create(secret(SCOPE, "c", Map.of(), version("c1", 1, "AWSCURRENT")), T0);
        store.create(secret(OTHER_REGION, "z", Map.of()), T0);

        List<Secret> listed = store.list(SCOPE);
        assertThat(listed).extracting(Secret::name).containsExactly("a", "b", "c");
        Secret b = listed.get(1);
        assertThat(b.tags()).containsExactly(Map.entry("k", "v"));
        assertThat(b.versions()).extracting(SecretVersion::versionId).containsExactly("b0", "b1");
        assertThat(b.version("b1").orElseThrow().stages()).containsExactly("AWSCURRENT");
        assertThat(b.versions()).allSatisfy(v -> assertThat(v.sealedValue()).isNull());
        assertThat(store.list(new Scope("000000000000", "us-east-1"))).isEmpty();
    }

    @Test
    void updateAddsAVersionMovesLabelsDropsVersionsAndReplacesTagsAndDetails() {
        Secret created = secret(SCOPE, "cam", Map.of("a", "1", "b", "2"), version("v0", 0),
                version("v1", 1, "AWSPREVIOUS"),
                version("v2", 2, "AWSCURRENT"));
        store.create(created, T0);
        Instant later = T0.plusSeconds(60);

        Secret after = store.update(created.key(), current -> {
            List<SecretVersion> versions = new ArrayList<>();
            versions.add(current.version("v1").orElseThrow().withStages(Set.of()));
            versions.add(current.version("v2").orElseThrow().withStages(Set.of("AWSPREVIOUS")));
            versions.add(version("v3", 3, "AWSCURRENT"));
            return current.withVersions(versions, later).withTags(Map.of("b", "3", "c", "4"), later)
                    .withDetails("new description", "alias/other", later);
        }).orElseThrow();

        Secret found = store.find(created.key()).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(after);
        assertThat(found.versions()).extracting(SecretVersion::versionId).containsExactly("v1", "v2", "v3");
        assertThat(found.versionWithStage("AWSCURRENT").orElseThrow().versionId()).isEqualTo("v3");
        assertThat(found.versionWithStage("AWSPREVIOUS").orElseThrow().versionId()).isEqualTo("v2");
        assertThat(found.version("v1").orElseThrow().stages()).isEmpty();
        assertThat(found.tags()).containsExactly(Map.entry("b", "3"), Map.entry("c", "4"));
        assertThat(found.description()).isEqualTo("new description");
        assertThat(found.kmsKeyId()).isEqualTo("alias/other");
        assertThat(found.lastChangedDate()).isEqualTo(later);
        assertThat(found.version("v3").orElseThrow().sealedValue()).isEqualTo(sealed("v3"));
    }

    @Test
    void updateOfTheDeletionAndAccessDatesReadsBackAndRestoring() {
        Secret created = secret(SCOPE, "cam", Map.of());
        store.create(created, T0);
        Instant day = Instant.parse("2024-06-01T00:00:00Z");
        store.update(created.key(), c -> c.withLastAccessedDate(day).withDeletion(T0, T0.plusSeconds(7 * 86400), T0));
        Secret deleted = store.find(created.key()).orElseThrow();
        assertThat(deleted.lastAccessedDate()).isEqualTo(day);
        assertThat(deleted.deletedDate()).isEqualTo(T0);
        assertThat(deleted.deletionDate()).isEqualTo(T0.plusSeconds(7 * 86400));

        store.update(created.key(), c -> c.withDeletion(null, null, T0));
        assertThat(store.find(created.key()).orElseThrow().deletionDate()).isNull();
    }

    @Test
    void anUnchangedResultWritesNothingAnAbsentSecretIsEmptyAndAThrowingChangeAborts() {
        Secret created = secret(SCOPE, "cam", Map.of(), version("v1", 1, "AWSCURRENT"));
        store.create(created, T0);

        assertThat(store.update(created.key(), c -> c)).get().usingRecursiveComparison().isEqualTo(created);
        assertThat(store.update(new SecretKey(SCOPE, "nobody"), c -> {
            throw new AssertionError("not called for an absent secret");
        })).isEmpty();
        assertThatThrownBy(() -> store.update(created.key(), c -> {
            throw new IllegalArgumentException("refused");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("refused");
        assertThat(store.find(created.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(created);
    }

    @Test
    void versionsAreImmutableAndTheSecretCannotBecomeAnother() {
        Secret created = secret(SCOPE, "cam", Map.of(), version("v1", 1, "AWSCURRENT"));
        store.create(created, T0);

        assertThatThrownBy(() -> store.update(created.key(), c -> c.withVersions(List.of(
                new SecretVersion("v1", SecretVersion.Kind.STRING, sealed("other"), Instant.ofEpochMilli(1),
                        Set.of("AWSCURRENT"))),
                T0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.update(created.key(), c -> secret(SCOPE, "other", Map.of())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.find(created.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(created);
    }

    @Test
    void theDatabaseRefusesOneLabelOnTwoVersions() {
        Secret created = secret(SCOPE, "cam", Map.of(), version("v1", 1, "AWSCURRENT"));
        store.create(created, T0);
        assertThatThrownBy(() -> store.update(created.key(), c -> c.withVersions(List.of(c.versions().getFirst(),
                version("v2", 2, "AWSCURRENT")), T0))).isInstanceOf(StoreException.class);
        assertThat(store.find(created.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(created);
    }

    @Test
    void deleteNeedsTheSameArnAndTakesVersionsLabelsAndTagsAlong() {
        Secret created = secret(SCOPE, "cam", Map.of("a", "1"), version("v1", 1, "AWSCURRENT"));
        store.create(created, T0);
        store.create(secret(SCOPE, "kept", Map.of("a", "1"), version("k1", 1, "AWSCURRENT")), T0);

        assertThat(store.delete(created.key(), created.arn().replace("AbCdEf", "XyZxYz"))).isFalse();
        assertThat(store.find(created.key())).isPresent();
        assertThat(store.delete(created.key(), created.arn())).isTrue();
        assertThat(store.find(created.key())).isEmpty();
        assertThat(store.delete(created.key(), created.arn())).isFalse();
        assertThat(queryLong("SELECT COUNT(*) FROM secret_versions")).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM secret_version_stages")).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM secret_tags")).isEqualTo(1);
    }

    @Test
    void purgeRemovesExactlyTheSecretsWhoseDeletionDateHasCome() {
        store.create(withDeletion(secret(SCOPE, "due", Map.of("a", "1"), version("d1", 1, "AWSCURRENT")), T0,
                T0.plusSeconds(10)), T0);
        store.create(withDeletion(secret(OTHER_REGION, "due-too", Map.of()), T0, T0.plusSeconds(5)), T0);
        store.create(withDeletion(secret(SCOPE, "later", Map.of()), T0, T0.plusSeconds(11)), T0);
        store.create(secret(SCOPE, "live", Map.of()), T0);

        assertThat(store.purge(T0.plusSeconds(4))).isZero();
        assertThat(store.purge(T0.plusSeconds(10))).isEqualTo(2);
        assertThat(store.list(SCOPE)).extracting(Secret::name).containsExactly("later", "live");
        assertThat(store.list(OTHER_REGION)).isEmpty();
        assertThat(queryLong("SELECT COUNT(*) FROM secret_versions")).isZero();
        assertThat(store.purge(T0.plusSeconds(10))).isZero();
    }

    @Test
    void secretsSurviveCloseAndReopen() {
        Secret kept = secret(SCOPE, "kept", Map.of("a", "1"), version("v1", 1, "AWSCURRENT"));
        store.create(kept, T0);
        db.close();
        JdbcSecretStore again = new JdbcSecretStore(open(url));
        assertThat(again.find(kept.key()).orElseThrow()).usingRecursiveComparison().isEqualTo(kept);
    }
}
