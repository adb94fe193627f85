package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SecretListingTest {
    static final Scope SCOPE = new Scope("123456789012", "us-east-1");
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    static Secret secret(String name, long createdSecondsAgo, String description, Map<String, String> tags) {
        Instant created = NOW.minusSeconds(createdSecondsAgo);
        return new Secret(new SecretKey(SCOPE, name),
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf",
                description, null, created, created, null, null, null, new TreeMap<>(tags), List.of());
    }

    static final List<Secret> SECRETS = List.of(
            secret("cams/front", 30, "Front Door camera", Map.of("site", "warehouse")),
            secret("cams/back", 20, "loading dock", Map.of("site", "warehouse", "floor", "1")),
            secret("db/password", 10, null, Map.of()),
            secret("cams/lobby", 40, "LobbyCamera", Map.of("site", "office")));

    static List<String> names(List<Filter> filters) {
        return SecretListing.page(SECRETS, new ListSecretsRequest(null, null, null, filters, null, null), NOW).secrets()
                .stream()
                .map(Secret::name).toList();
    }

    static Filter filter(String key, String... values) {
        return new Filter(key, List.of(values));
    }

    @Test
    void byDefaultSecretsComeOldestFirst() {
        assertThat(names(null)).containsExactly("cams/lobby", "cams/front", "cams/back", "db/password");
    }

    @Test
    void sortByNameOrLastChangedInEitherOrder() {
        var byName = SecretListing.page(SECRETS, new ListSecretsRequest(null, null, null, null, "desc", "name"), NOW);
        assertThat(byName.secrets()).extracting(Secret::name).containsExactly("db/password", "cams/lobby", "cams/front",
                "cams/back");
        var changed = SecretListing.page(SECRETS,
                new ListSecretsRequest(null, null, null, null, "desc", "last-changed-date"), NOW);
        assertThat(changed.secrets()).extracting(Secret::name).containsExactly("db/password", "cams/back", "cams/front",
                "cams/lobby");
    }

    @Test
    void filtersCombineWithAndTheirValuesWithOrAndBangNegates() {
        assertThat(names(List.of(filter("name", "cams/")))).containsExactly("cams/lobby", "cams/front", "cams/back");
        assertThat(names(List.of(filter("name", "Cams/")))).isEmpty();
        assertThat(names(List.of(filter("name", "cams/"), filter("tag-value", "office", "1"))))
                .containsExactly("cams/lobby", "cams/back");
        assertThat(names(List.of(filter("tag-key", "!floor"), filter("name", "cams/")))).containsExactly("cams/lobby",
                "cams/front");
        assertThat(names(List.of(filter("description", "door")))).containsExactly("cams/front");
        assertThat(names(List.of(filter("description", "camera")))).containsExactly("cams/lobby", "cams/front");
        assertThat(names(List.of(filter("all", "WAREHOUSE")))).containsExactly("cams/front", "cams/back");
        assertThat(names(List.of(filter("all", "cams dock")))).containsExactly("cams/back");
        assertThat(names(List.of(filter("primary-region", "us-east-1")))).isEmpty();
        assertThat(names(List.of(filter("owning-service", "!x")))).hasSize(4);
    }

    @Test
    void scheduledSecretsAreListedOnlyOnRequestAndGoneOnesNever() {
        List<Secret> secrets = new ArrayList<>(SECRETS);
        secrets.add(secret("scheduled", 5, null, Map.of()).withDeletion(NOW, NOW.plusSeconds(60), NOW));
        secrets.add(secret("gone", 5, null, Map.of()).withDeletion(NOW.minusSeconds(60), NOW, NOW));
        assertThat(
                SecretListing.page(secrets, new ListSecretsRequest(null, null, null, null, null, null), NOW).secrets())
                .extracting(Secret::name).doesNotContain("scheduled", "gone");
        assertThat(
                SecretListing.page(secrets, new ListSecretsRequest(true, null, null, null, null, null), NOW).secrets())
                .extracting(Secret::name).contains("scheduled").doesNotContain("gone");
    }

    @Test
    void pagesResumeAfterTheLastSecretShownEvenWhenSecretsAreAddedMeanwhile() {
        var first = SecretListing.page(SECRETS, new ListSecretsRequest(null, 2, null, null, null, null), NOW);
        assertThat(first.secrets()).extracting(Secret::name).containsExactly("cams/lobby", "cams/front");
        List<Secret> grown = new ArrayList<>(SECRETS);
        grown.add(secret("aaa-older", 50, null, Map.of())); // sorts before the page already shown
        var second = SecretListing.page(grown, new ListSecretsRequest(null, 2, first.nextToken(), null, null, null),
                NOW);
        assertThat(second.secrets()).extracting(Secret::name).containsExactly("cams/back", "db/password");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void aForeignNextTokenOneOfAnotherSortOrAFilterWithoutValuesIsRefused() {
        assertThatThrownBy(() -> SecretListing.page(SECRETS,
                new ListSecretsRequest(null, null, "bm9wZQ==", null, null, null), NOW))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_NEXT_TOKEN));
        String descending = SecretListing.page(SECRETS, new ListSecretsRequest(null, 1, null, null, "desc", null), NOW)
                .nextToken();
        assertThatThrownBy(
                () -> SecretListing.page(SECRETS, new ListSecretsRequest(null, 1, descending, null, "asc", null), NOW))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_NEXT_TOKEN));
        assertThatThrownBy(() -> names(List.of(new Filter("name", null))))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER));
    }

    @Test
    void wordsSplitAsSecretsManagerSplitsThem() {
        assertThat(SecretListing.words("FrontDoor-camera")).containsExactly("front", "door", "camera");
        assertThat(SecretListing.words("front door 2nd floor")).containsExactly("front", "door", "2nd", "floor");
        assertThat(SecretListing.words("uat/COMPANYthings/x")).containsExactly("uat", "compan", "ythings", "x");
        assertThat(SecretListing.words("SecretFTagx")).containsExactly("secret", "f", "tagx");
        assertThat(SecretListing.words("cam1front")).containsExactly("cam", "1front");
        // Two kinds of separator: AWS does not split the text at all.
        assertThat(SecretListing.words("my/secret+value")).containsExactly("my/secret+value");
        assertThat(SecretListing.words("/")).isEmpty();
    }

    @Test
    void theAllFilterMatchesWordsAtCaseChangesAsAwsDoes() {
        List<Secret> secrets = List.of(
                secret("uat/COMPANYthings/x", 3, null, Map.of()),
                secret("prod/COMPANY/y", 2, null, Map.of()),
                secret("SecretFTagx", 1, null, Map.of()));
        var request = (java.util.function.Function<String, List<String>>) value -> SecretListing.page(secrets,
                new ListSecretsRequest(null, null, null, List.of(filter("all", value)), null, null), NOW).secrets()
                .stream()
                .map(Secret::name).toList();
        assertThat(request.apply("Ythings")).containsExactly("uat/COMPANYthings/x");
        assertThat(request.apply("tag")).containsExactly("SecretFTagx");
        assertThat(request.apply("company")).containsExactly("prod/COMPANY/y");
        assertThat(request.apply("compan")).containsExactly("uat/COMPANYthings/x", "prod/COMPANY/y");
    }

    @Test
    void aFilterWithoutKeyOrValuesIsRefusedWithAwsWords() {
        assertThatThrownBy(() -> names(List.of(new Filter(null, List.of("x"))))).hasMessage("Invalid filter key");
        assertThatThrownBy(() -> names(List.of(new Filter("description", List.of()))))
                .hasMessage("Invalid filter values for key: description");
    }
}
