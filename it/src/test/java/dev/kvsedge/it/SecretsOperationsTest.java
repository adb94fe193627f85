package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kvsedge.server.testing.MutableClock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The Secrets Manager operations beyond create/read/delete, and the answers where AWS's behaviour is known from
 * moto's AWS-verified tests and AWS's documentation, through the unmodified SDK for Java v2.
 */
class SecretsOperationsTest {
    private static MutableClock clock;
    private static TestServer server;
    private static SecretsManagerClient sm;

    @BeforeAll
    static void start() {
        clock = MutableClock.startingNow();
        server = TestServer.start(clock, TestServer.newDataDir());
        sm = server.secretsManager();
    }

    @AfterAll
    static void stop() {
        sm.close();
        server.close();
    }

    static String name(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aForcedDeletionOfASecretThatDoesNotExistAnswersAsIfItHadBeen() {
        String name = name("never-created");
        DeleteSecretResponse deleted = sm.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
        assertThat(deleted.name()).isEqualTo(name);
        assertThat(deleted.arn()).matches(SecretsManagerTest.ARN).contains(":secret:" + name + "-");
        assertThat(deleted.deletionDate()).isCloseTo(clock.instant(), within(1, ChronoUnit.SECONDS));
        // Without force it is still not found, and a range error still comes first.
        assertThatThrownBy(() -> sm.deleteSecret(r -> r.secretId(name)))
                .isInstanceOf(software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException.class);
        assertThatThrownBy(
                () -> sm.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true).recoveryWindowInDays(4L)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    }

    @Test
    void describeAnswersAnEmptyTagListOnceTheLastTagIsRemovedButNoneForASecretNeverTagged() {
        String tagged = name("tagged");
        sm.createSecret(r -> r.name(tagged).secretString("x").tags(Tag.builder().key("site").value("a").build()));
        sm.untagResource(r -> r.secretId(tagged).tagKeys("site"));
        assertThat(sm.describeSecret(r -> r.secretId(tagged)).tags()).isEmpty();
        assertThat(sm.describeSecret(r -> r.secretId(tagged)).hasTags()).isTrue(); // "Tags": [] on the wire

        String plain = name("plain");
        sm.createSecret(r -> r.name(plain).secretString("x"));
        assertThat(sm.describeSecret(r -> r.secretId(plain)).hasTags()).isFalse();
    }

    @Test
    void aClientRequestTokenReusedForAnotherValueIsRefusedWithAwsMessage() {
        String name = name("token");
        String arn = sm.createSecret(r -> r.name(name).secretString("one")).arn();
        String token = UUID.randomUUID().toString();
        sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(token));
        assertThatThrownBy(
                () -> sm.putSecretValue(r -> r.secretId(name).secretString("three").clientRequestToken(token)))
                .isInstanceOf(ResourceExistsException.class)
                .hasMessageContaining("You can't use ClientRequestToken " + token
                        + " because that value is already in use for a version of secret " + arn + ".");
    }

    @Test
    void listFiltersSplitWordsAtCaseChangesAsAwsDoes() {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String things = "uat/COMPANYthings/" + tag;
        String company = "prod/COMPANY/" + tag;
        sm.createSecret(r -> r.name(things).secretString("x"));
        sm.createSecret(r -> r.name(company).secretString("x"));
        assertThat(allFilter("Ythings", tag)).containsExactly(things);
        assertThat(allFilter("company", tag)).containsExactly(company);
        assertThat(allFilter("compan", tag)).containsExactlyInAnyOrder(things, company);
    }

    /** The secrets of this test (their names end with {@code tag}) that the filter {@code all} finds with {@code word}. */
    private static List<String> allFilter(String word, String tag) {
        Filter all = Filter.builder().key(FilterNameStringType.ALL).values(word).build();
        return sm.listSecretsPaginator(r -> r.filters(all)).stream().flatMap(p -> p.secretList().stream())
                .map(SecretListEntry::name).filter(n -> n.endsWith(tag)).toList();
    }

    @Test
    void batchGetSecretValueReadsNamedSecretsAndListsTheOnesItCannot() {
        String a = name("batch-a");
        String b = name("batch-b");
        sm.createSecret(r -> r.name(a).secretString("value-a"));
        sm.createSecret(r -> r.name(b).secretString("value-b"));
        BatchGetSecretValueResponse got = sm.batchGetSecretValue(r -> r.secretIdList(a, b, "no-such-secret"));
        assertThat(got.secretValues()).extracting(SecretValueEntry::name, SecretValueEntry::secretString)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, "value-a"),
                        org.assertj.core.groups.Tuple.tuple(b, "value-b"));
        assertThat(got.secretValues()).allSatisfy(v -> assertThat(v.versionStages()).containsExactly("AWSCURRENT"));
        assertThat(got.errors()).singleElement().satisfies(e -> {
            assertThat(e.secretId()).isEqualTo("no-such-secret");
            assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
        });

        String prefix = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            int n = i;
            sm.createSecret(r -> r.name(prefix + "/s" + n).secretString("v" + n));
        }
        Filter mine = Filter.builder().key(FilterNameStringType.NAME).values(prefix + "/").build();
        List<String> values = sm.batchGetSecretValuePaginator(r -> r.filters(mine).maxResults(2)).stream()
                .flatMap(page -> page.secretValues().stream()).map(SecretValueEntry::secretString).toList();
        assertThat(values).containsExactly("v0", "v1", "v2");
        assertThatThrownBy(() -> sm.batchGetSecretValue(r -> r.secretIdList(a).filters(mine)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.batchGetSecretValue(r -> r.secretIdList(a).maxResults(2)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void versionIdsListLabeledVersionsAndDeprecatedOnesOnRequest() {
        String name = name("versions");
        String v1 = sm.createSecret(r -> r.name(name).secretString("one")).versionId();
        clock.advance(java.time.Duration.ofSeconds(1)); // versions list oldest first
        String v2 = sm.putSecretValue(r -> r.secretId(name).secretString("two")).versionId();
        clock.advance(java.time.Duration.ofSeconds(1));
        String v3 = sm.putSecretValue(r -> r.secretId(name).secretString("three")).versionId();
        ListSecretVersionIdsResponse labeled = sm.listSecretVersionIds(r -> r.secretId(name));
        assertThat(labeled.name()).isEqualTo(name);
        assertThat(labeled.versions()).extracting(SecretVersionsListEntry::versionId).containsExactly(v2, v3);
        assertThat(labeled.versions().get(1).versionStages()).containsExactly("AWSCURRENT");
        assertThat(labeled.versions().get(1).createdDate()).isCloseTo(clock.instant(), within(1, ChronoUnit.SECONDS));

        List<String> all = sm.listSecretVersionIdsPaginator(r -> r.secretId(name).includeDeprecated(true).maxResults(1))
                .stream()
                .flatMap(p -> p.versions().stream()).map(SecretVersionsListEntry::versionId).toList();
        assertThat(all).containsExactly(v1, v2, v3);
    }

    @Test
    void updateSecretVersionStageMovesCurrentAndTheOldVersionBecomesPrevious() {
        String name = name("stage");
        String v1 = sm.createSecret(r -> r.name(name).secretString("one")).versionId();
        String v2 = sm.putSecretValue(r -> r.secretId(name).secretString("two").versionStages("AWSPENDING"))
                .versionId();
        assertThatThrownBy(
                () -> sm.updateSecretVersionStage(r -> r.secretId(name).versionStage("AWSCURRENT").moveToVersionId(v2)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Staging label AWSCURRENT is currently attached to version " + v1);

        sm.updateSecretVersionStage(
                r -> r.secretId(name).versionStage("AWSCURRENT").removeFromVersionId(v1).moveToVersionId(v2));
        assertThat(sm.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("two");
        assertThat(sm.describeSecret(r -> r.secretId(name)).versionIdsToStages())
                .isEqualTo(Map.of(v1, List.of("AWSPREVIOUS"), v2, List.of("AWSCURRENT", "AWSPENDING")));

        sm.updateSecretVersionStage(r -> r.secretId(name).versionStage("AWSPENDING").removeFromVersionId(v2));
        assertThat(sm.describeSecret(r -> r.secretId(name)).versionIdsToStages().get(v2)).containsExactly("AWSCURRENT");
        assertThatThrownBy(() -> sm
                .updateSecretVersionStage(r -> r.secretId(name).versionStage("X").moveToVersionId("nope".repeat(9))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void getRandomPasswordHonoursItsOptions() {
        String byDefault = sm.getRandomPassword(r -> {}).randomPassword();
        assertThat(byDefault).hasSize(32);
        assertThat(byDefault.chars()).anyMatch(Character::isLowerCase).anyMatch(Character::isUpperCase)
                .anyMatch(Character::isDigit)
                .anyMatch(c -> "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0);
        String digitsOnly = sm
                .getRandomPassword(r -> r.passwordLength(64L).excludeLowercase(true).excludeUppercase(true)
                        .excludePunctuation(true).excludeCharacters("0"))
                .randomPassword();
        assertThat(digitsOnly).hasSize(64).matches("[1-9]+");
        assertThat(sm.getRandomPassword(r -> r.passwordLength(100L).includeSpace(true)).randomPassword()).contains(" ");
        assertThatThrownBy(() -> sm.getRandomPassword(r -> r.passwordLength(3L)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Password length is too short based on the required types.");
        assertThatThrownBy(
                () -> sm.getRandomPassword(r -> r.excludeLowercase(true).excludeUppercase(true).excludeNumbers(true)
                        .excludePunctuation(true)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void resourcePoliciesAreStoredReturnedAndRemovedButNeverEvaluated() {
        String name = name("policy");
        String arn = sm.createSecret(r -> r.name(name).secretString("x")).arn();
        assertThat(sm.getResourcePolicy(r -> r.secretId(name)).resourcePolicy()).isNull();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}";
        assertThat(sm.validateResourcePolicy(r -> r.secretId(name).resourcePolicy(policy)).policyValidationPassed())
                .isTrue();
        assertThat(sm.putResourcePolicy(r -> r.secretId(name).resourcePolicy(policy).blockPublicPolicy(true)).arn())
                .isEqualTo(arn);
        assertThat(sm.getResourcePolicy(r -> r.secretId(arn)).resourcePolicy()).isEqualTo(policy);
        assertThat(sm.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("x"); // a Deny is not evaluated

        assertThatThrownBy(() -> sm.putResourcePolicy(r -> r.secretId(name).resourcePolicy("{not json")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThatThrownBy(() -> sm.validateResourcePolicy(r -> r.resourcePolicy("[1, 2]")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        sm.deleteResourcePolicy(r -> r.secretId(name));
        assertThat(sm.getResourcePolicy(r -> r.secretId(name)).resourcePolicy()).isNull();
    }
}
