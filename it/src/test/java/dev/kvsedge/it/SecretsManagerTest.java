package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kvsedge.server.testing.MutableClock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** The Secrets Manager operations through the unmodified AWS SDK for Java v2, as users keep camera URIs. */
class SecretsManagerTest {
    static final Pattern ARN = Pattern
            .compile("arn:aws:secretsmanager:us-east-1:123456789012:secret:(?<name>.+)-[A-Za-z0-9]{6}");
    static final String CAMERA_URI = "{\"MediaURI\":\"rtsp://admin:hunter2@10.0.0.5:554/stream1\"}";

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

    static String create(String name, String value) {
        return sm.createSecret(r -> r.name(name).secretString(value)).arn();
    }

    static void assertCode(Throwable e, String code, int status) {
        assertThat(e).isInstanceOf(SecretsManagerException.class);
        SecretsManagerException error = (SecretsManagerException) e;
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(error.statusCode()).isEqualTo(status);
    }

    @Test
    void theCameraSecretOfTheTutorialIsCreatedAndReadByNameFullArnAndPartialArn() {
        String name = name("front-door-camera");
        CreateSecretResponse created = sm.createSecret(r -> r.name(name).secretString(CAMERA_URI));
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.arn()).matches(ARN)
                .startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-");
        assertThat(created.versionId()).isNotBlank(); // the SDK's ClientRequestToken

        String partialArn = created.arn().substring(0, created.arn().length() - 7);
        for (String id : List.of(name, created.arn(), partialArn)) {
            GetSecretValueResponse got = sm.getSecretValue(r -> r.secretId(id));
            assertThat(got.secretString()).isEqualTo(CAMERA_URI);
            assertThat(got.arn()).isEqualTo(created.arn());
            assertThat(got.name()).isEqualTo(name);
            assertThat(got.versionId()).isEqualTo(created.versionId());
            assertThat(got.versionStages()).containsExactly("AWSCURRENT");
            assertThat(got.createdDate()).isCloseTo(clock.instant(), within(1, ChronoUnit.SECONDS));
            assertThat(got.secretBinary()).isNull();
        }
    }

    @Test
    void aSecretCreatedAgainUnderTheSameNameGetsANewArnAndTheOldArnNamesNothing() {
        String name = name("again");
        String first = create(name, "one");
        sm.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
        String second = create(name, "two");
        assertThat(second).isNotEqualTo(first).matches(ARN);
        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId(first)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(sm.getSecretValue(r -> r.secretId(second)).secretString()).isEqualTo("two");
    }

    @Test
    void putSecretValueRotatesCurrentToPreviousAndOlderVersionsStayReadableById() {
        String name = name("rotated");
        String v1 = sm.createSecret(r -> r.name(name).secretString("rtsp://one")).versionId();
        var put = sm.putSecretValue(r -> r.secretId(name).secretString("rtsp://two"));
        assertThat(put.versionStages()).containsExactly("AWSCURRENT");
        String v2 = put.versionId();

        assertThat(sm.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("rtsp://two");
        assertThat(sm.getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("rtsp://one");
        assertThat(sm.getSecretValue(r -> r.secretId(name).versionId(v1)).versionStages())
                .containsExactly("AWSPREVIOUS");
        assertThat(sm.describeSecret(r -> r.secretId(name)).versionIdsToStages())
                .isEqualTo(Map.of(v1, List.of("AWSPREVIOUS"), v2, List.of("AWSCURRENT")));

        String v3 = sm.putSecretValue(r -> r.secretId(name).secretString("rtsp://three")).versionId();
        assertThat(sm.describeSecret(r -> r.secretId(name)).versionIdsToStages())
                .isEqualTo(Map.of(v2, List.of("AWSPREVIOUS"), v3, List.of("AWSCURRENT")));
        // v1 lost its labels (deprecated) but is kept, as AWS does
        GetSecretValueResponse deprecated = sm.getSecretValue(r -> r.secretId(name).versionId(v1));
        assertThat(deprecated.secretString()).isEqualTo("rtsp://one");
        assertThat(deprecated.versionStages()).isEmpty();
    }

    @Test
    void customStagingLabelsMoveWithoutTouchingCurrent() {
        String name = name("staged");
        create(name, "current");
        String pending = sm.putSecretValue(r -> r.secretId(name).secretString("pending").versionStages("AWSPENDING"))
                .versionId();
        assertThat(sm.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("current");
        assertThat(sm.getSecretValue(r -> r.secretId(name).versionStage("AWSPENDING")).versionId()).isEqualTo(pending);
        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId(name).versionId(pending).versionStage("AWSCURRENT")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId(name).versionStage("NOPE")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("can't find the specified secret value for staging label: NOPE");
    }

    @Test
    void aRetryWithTheSameClientRequestTokenIsIgnoredAndADifferentValueUnderItIsRefused() {
        String name = name("idempotent");
        String token = UUID.randomUUID().toString();
        create(name, "one");
        var first = sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(token));
        var retry = sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(token));
        assertThat(retry.versionId()).isEqualTo(first.versionId()).isEqualTo(token);
        assertThat(sm.describeSecret(r -> r.secretId(name)).versionIdsToStages()).hasSize(2);
        assertThatThrownBy(
                () -> sm.putSecretValue(r -> r.secretId(name).secretString("three").clientRequestToken(token)))
                .isInstanceOf(ResourceExistsException.class);

        String createToken = UUID.randomUUID().toString();
        String again = name("create-retry");
        String arn = sm.createSecret(r -> r.name(again).secretString("v").clientRequestToken(createToken)).arn();
        assertThat(sm.createSecret(r -> r.name(again).secretString("v").clientRequestToken(createToken)).arn())
                .isEqualTo(arn);
    }

    @Test
    void binarySecretsRoundTripAndAFileUriIsJustAString() {
        String name = name("binary");
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'r', 't', 's', 'p'};
        sm.createSecret(r -> r.name(name).secretBinary(SdkBytes.fromByteArray(bytes)));
        GetSecretValueResponse got = sm.getSecretValue(r -> r.secretId(name));
        assertThat(got.secretBinary().asByteArray()).isEqualTo(bytes);
        assertThat(got.secretString()).isNull();

        String file = name("file-source");
        create(file, "{\"MediaURI\":\"file:///var/media/loop.mkv\"}");
        assertThat(sm.getSecretValue(r -> r.secretId(file)).secretString()).contains("file:///var/media/loop.mkv");
    }

    @Test
    void updateSecretChangesTheDescriptionAndWithAValueAddsACurrentVersion() {
        String name = name("updated");
        sm.createSecret(r -> r.name(name).secretString("one").description("old"));
        var described = sm.updateSecret(r -> r.secretId(name).description("lobby camera"));
        assertThat(described.versionId()).isNull();
        assertThat(sm.describeSecret(r -> r.secretId(name)).description()).isEqualTo("lobby camera");

        String v2 = sm.updateSecret(r -> r.secretId(name).secretString("two")).versionId();
        GetSecretValueResponse got = sm.getSecretValue(r -> r.secretId(name));
        assertThat(got.versionId()).isEqualTo(v2);
        assertThat(got.secretString()).isEqualTo("two");
        assertThat(sm.getSecretValue(r -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("one");
    }

    @Test
    void aSecretWithoutAValueHasNoCurrentVersionUntilOneIsPut() {
        String name = name("empty");
        CreateSecretResponse created = sm.createSecret(r -> r.name(name).description("filled in later"));
        assertThat(created.versionId()).isNull();
        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId(name))).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("staging label: AWSCURRENT");
        // The first version becomes current whatever labels it is given.
        sm.putSecretValue(r -> r.secretId(name).secretString("now").versionStages("AWSPENDING"));
        assertThat(sm.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("now");
    }

    @Test
    void describeShowsTheMetadataAndTagsFollowTagAndUntagResource() {
        String name = name("described");
        String arn = sm
                .createSecret(r -> r.name(name).secretString("x").description("front door").kmsKeyId("alias/cameras")
                        .tags(Tag.builder().key("site").value("warehouse").build()))
                .arn();
        sm.tagResource(r -> r.secretId(arn).tags(Tag.builder().key("floor").value("1").build(),
                Tag.builder().key("site").value("office").build()));
        sm.untagResource(r -> r.secretId(name).tagKeys("floor", "never-there"));

        DescribeSecretResponse d = sm.describeSecret(r -> r.secretId(name));
        assertThat(d.arn()).isEqualTo(arn);
        assertThat(d.description()).isEqualTo("front door");
        assertThat(d.kmsKeyId()).isEqualTo("alias/cameras");
        assertThat(d.tags()).containsExactly(Tag.builder().key("site").value("office").build());
        assertThat(d.createdDate()).isCloseTo(clock.instant(), within(1, ChronoUnit.SECONDS));
        assertThat(d.lastChangedDate()).isAfterOrEqualTo(d.createdDate());
        assertThat(d.deletedDate()).isNull();

        sm.getSecretValue(r -> r.secretId(name));
        assertThat(sm.describeSecret(r -> r.secretId(name)).lastAccessedDate())
                .isEqualTo(clock.instant().truncatedTo(ChronoUnit.DAYS));

        List<Tag> tooMany = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertThatThrownBy(() -> sm.tagResource(r -> r.secretId(name).tags(tooMany)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listSecretsPagesThroughEverySecretAndFiltersByNameTagAndDescription() {
        String prefix = "list-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            int n = i;
            sm.createSecret(r -> r.name(prefix + "/cam-" + n).secretString("v")
                    .description(n % 2 == 0 ? "Front Door camera" : "lobby")
                    .tags(Tag.builder().key(n < 2 ? "site-a" : "site-b").value("floor-" + n).build()));
        }
        Filter byPrefix = Filter.builder().key(FilterNameStringType.NAME).values(prefix + "/").build();

        List<String> paged = sm.listSecretsPaginator(r -> r.maxResults(2).filters(byPrefix)).stream()
                .flatMap(page -> page.secretList().stream())
                .map(SecretListEntry::name).toList();
        assertThat(paged).containsExactly(prefix + "/cam-0", prefix + "/cam-1", prefix + "/cam-2", prefix + "/cam-3",
                prefix + "/cam-4"); // by creation date, oldest first
        var first = sm.listSecrets(r -> r.maxResults(2).filters(byPrefix));
        assertThat(first.secretList()).hasSize(2);
        assertThat(first.nextToken()).isNotBlank();
        SecretListEntry entry = first.secretList().getFirst();
        assertThat(entry.arn()).matches(ARN);
        assertThat(entry.secretVersionsToStages()).hasSize(1);
        assertThat(entry.tags()).extracting(Tag::key).containsExactly("site-a");

        assertThat(names(byPrefix, Filter.builder().key(FilterNameStringType.TAG_KEY).values("site-b").build()))
                .containsExactly(prefix + "/cam-2", prefix + "/cam-3", prefix + "/cam-4");
        assertThat(names(byPrefix,
                Filter.builder().key(FilterNameStringType.TAG_VALUE).values("floor-1", "floor-3").build()))
                .containsExactly(prefix + "/cam-1", prefix + "/cam-3");
        assertThat(names(byPrefix, Filter.builder().key(FilterNameStringType.DESCRIPTION).values("door").build()))
                .containsExactly(prefix + "/cam-0", prefix + "/cam-2", prefix + "/cam-4");
        assertThat(names(byPrefix,
                Filter.builder().key(FilterNameStringType.NAME).values("!" + prefix + "/cam-0").build()))
                .containsExactly(prefix + "/cam-1", prefix + "/cam-2", prefix + "/cam-3", prefix + "/cam-4");
        assertThat(names(byPrefix, Filter.builder().key(FilterNameStringType.ALL).values("FRONT").build()))
                .containsExactly(prefix + "/cam-0", prefix + "/cam-2", prefix + "/cam-4"); // words match in any case
        assertThat(
                names(Filter.builder().key(FilterNameStringType.NAME).values(prefix.toUpperCase(Locale.ROOT)).build()))
                .isEmpty(); // name matches are case-sensitive

        assertThat(sm.listSecrets(r -> r.filters(byPrefix).sortOrder("desc")).secretList())
                .extracting(SecretListEntry::name)
                .first().isEqualTo(prefix + "/cam-4");
        assertThatThrownBy(() -> sm.listSecrets(r -> r.nextToken("not-a-token")))
                .satisfies(e -> assertCode(e, "InvalidNextTokenException", 400));
    }

    private static List<String> names(Filter... filters) {
        return sm.listSecretsPaginator(r -> r.filters(filters)).stream().flatMap(page -> page.secretList().stream())
                .map(SecretListEntry::name).toList();
    }

    @Test
    void deleteSchedulesTheSecretAndRestoreBringsItBack() {
        String name = name("scheduled");
        String arn = create(name, "rtsp://kept");
        var deleted = sm.deleteSecret(r -> r.secretId(name).recoveryWindowInDays(7L));
        assertThat(deleted.arn()).isEqualTo(arn);
        assertThat(deleted.deletionDate()).isCloseTo(clock.instant().plus(Duration.ofDays(7)),
                within(1, ChronoUnit.SECONDS));

        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId(name))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("marked for deletion");
        assertThatThrownBy(() -> sm.putSecretValue(r -> r.secretId(name).secretString("x")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sm.deleteSecret(r -> r.secretId(name))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sm.createSecret(r -> r.name(name).secretString("x")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("already scheduled for deletion");
        assertThat(sm.describeSecret(r -> r.secretId(arn)).deletedDate()).isCloseTo(clock.instant(),
                within(1, ChronoUnit.SECONDS));
        Filter mine = Filter.builder().key(FilterNameStringType.NAME).values(name).build();
        assertThat(sm.listSecrets(r -> r.filters(mine)).secretList()).isEmpty();
        assertThat(sm.listSecrets(r -> r.filters(mine).includePlannedDeletion(true)).secretList())
                .extracting(SecretListEntry::name)
                .containsExactly(name);

        assertThat(sm.restoreSecret(r -> r.secretId(name)).arn()).isEqualTo(arn);
        assertThat(sm.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("rtsp://kept");
        assertThat(sm.describeSecret(r -> r.secretId(name)).deletedDate()).isNull();
        assertThat(sm.restoreSecret(r -> r.secretId(name)).arn()).isEqualTo(arn); // restoring a live secret changes nothing
    }

    @Test
    void theRecoveryWindowIsSevenToThirtyDaysAndExcludesForceDeletion() {
        String name = name("window");
        create(name, "x");
        for (long days : new long[] {6, 31, 0}) {
            assertThatThrownBy(() -> sm.deleteSecret(r -> r.secretId(name).recoveryWindowInDays(days)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("between 7 and 30 days");
        }
        assertThatThrownBy(
                () -> sm.deleteSecret(r -> r.secretId(name).recoveryWindowInDays(7L).forceDeleteWithoutRecovery(true)))
                .isInstanceOf(InvalidParameterException.class);
        var deleted = sm.deleteSecret(r -> r.secretId(name));
        assertThat(deleted.deletionDate()).isCloseTo(clock.instant().plus(Duration.ofDays(30)),
                within(1, ChronoUnit.SECONDS));
    }

    @Test
    void forceDeletionRemovesTheSecretAtOnceEvenWhenScheduled() {
        String name = name("forced");
        create(name, "x");
        sm.deleteSecret(r -> r.secretId(name));
        var forced = sm.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
        assertThat(forced.deletionDate()).isCloseTo(clock.instant(), within(1, ChronoUnit.SECONDS));
        assertThatThrownBy(() -> sm.describeSecret(r -> r.secretId(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sm.restoreSecret(r -> r.secretId(name))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(create(name, "fresh")).matches(ARN);
    }

    @Test
    void whenTheRecoveryWindowEndsTheSecretIsGoneAndItsNameFree() {
        String name = name("expiring");
        String arn = create(name, "x");
        sm.deleteSecret(r -> r.secretId(name).recoveryWindowInDays(7L));
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(sm.describeSecret(r -> r.secretId(name)).deletedDate()).isNotNull();

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> sm.describeSecret(r -> r.secretId(arn))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sm.restoreSecret(r -> r.secretId(name))).isInstanceOf(ResourceNotFoundException.class);
        Filter mine = Filter.builder().key(FilterNameStringType.NAME).values(name).build();
        assertThat(sm.listSecrets(r -> r.filters(mine).includePlannedDeletion(true)).secretList()).isEmpty();
        assertThat(create(name, "y")).isNotEqualTo(arn);
        assertThat(sm.getSecretValue(r -> r.secretId(name)).secretString()).isEqualTo("y");
    }

    @Test
    void errorsAreSecretsManagersOwn() {
        String name = name("taken");
        create(name, "x");
        assertThatThrownBy(() -> create(name, "y")).isInstanceOf(ResourceExistsException.class)
                .satisfies(e -> assertCode(e, "ResourceExistsException", 400));
        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("no-such-secret")))
                .satisfies(e -> assertCode(e, "ResourceNotFoundException", 400))
                .hasMessageContaining("Secrets Manager can't find the specified secret.");
        assertThatThrownBy(() -> create("has space", "x")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid name");
        assertThatThrownBy(() -> sm.createSecret(r -> r.name(name("both")).secretString("s")
                .secretBinary(SdkBytes.fromUtf8String("b")))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.putSecretValue(r -> r.secretId(name))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("You must provide either SecretString or SecretBinary.");
        assertThatThrownBy(() -> create("n".repeat(513), "x")).satisfies(e -> assertCode(e, "ValidationException", 400))
                .hasMessageContaining("Member must have length less than or equal to 512");
        assertThatThrownBy(() -> sm.rotateSecret(r -> r.secretId(name)))
                .satisfies(e -> assertCode(e, "UnsupportedOperationException", 400));
        // An ARN of another region or account names nothing here.
        String arn = sm.describeSecret(r -> r.secretId(name)).arn();
        assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId(arn.replace("us-east-1", "eu-west-1"))))
                .isInstanceOf(ResourceNotFoundException.class);
        try (SecretsManagerClient ireland = server.secretsManager(Region.EU_WEST_1, "test", "test")) {
            assertThatThrownBy(() -> ireland.getSecretValue(r -> r.secretId(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> ireland.getSecretValue(r -> r.secretId(arn)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void noErrorMessageRepeatsASecretValue() {
        String marker = "zq-" + UUID.randomUUID();
        String tooLong = marker + "x".repeat(65_537);
        assertThatThrownBy(() -> create(name("long"), tooLong))
                .satisfies(e -> assertCode(e, "ValidationException", 400))
                .hasMessageContaining("secretString").hasMessageNotContaining(marker);
        assertThatThrownBy(() -> sm.putSecretValue(r -> r.secretId("no-such-secret").secretString(marker)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageNotContaining(marker);
        String name = name("conflict");
        create(name, marker);
        assertThatThrownBy(() -> sm.createSecret(r -> r.name(name).secretString(marker)))
                .isInstanceOf(ResourceExistsException.class).hasMessageNotContaining(marker);
    }
}
