package dev.kvsedge.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.secrets.SecretIds.Candidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SecretIdsTest {
    static final Scope SCOPE = new Scope("123456789012", "us-east-1");
    static final String PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

    @Test
    void newArnsEndWithASixCharacterRandomSuffix() {
        String arn = SecretIds.newArn(SCOPE, "front/door");
        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:front/door-[A-Za-z0-9]{6}");
        assertThat(SecretIds.newArn(SCOPE, "front/door")).isNotEqualTo(arn);
        assertThat(SecretIds.partialArn(arn)).isEqualTo(PREFIX + "front/door");
    }

    @Test
    void aNameIsAlwaysTakenAsIs() {
        assertThat(SecretIds.candidates(SCOPE, "cam-AbCdEf")).containsExactly(new Candidate("cam-AbCdEf", null));
    }

    @Test
    void anArnIsTriedAsAFullArnThenAsAPartialOne() {
        assertThat(SecretIds.candidates(SCOPE, PREFIX + "cam-AbCdEf"))
                .containsExactly(new Candidate("cam", PREFIX + "cam-AbCdEf"), new Candidate("cam-AbCdEf", null));
        assertThat(SecretIds.candidates(SCOPE, PREFIX + "cam")).containsExactly(new Candidate("cam", null));
        assertThat(SecretIds.candidates(SCOPE, PREFIX + "a/b-c")).containsExactly(new Candidate("a/b-c", null));
    }

    @Test
    void anArnOfAnotherRegionOrAccountOrServiceNamesNothing() {
        assertThat(SecretIds.candidates(SCOPE, PREFIX.replace("us-east-1", "eu-west-1") + "cam-AbCdEf")).isEmpty();
        assertThat(SecretIds.candidates(SCOPE, PREFIX.replace("123456789012", "210987654321") + "cam")).isEmpty();
        assertThat(SecretIds.candidates(SCOPE, "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1")).isEmpty();
        assertThat(SecretIds.candidates(SCOPE, "arn:")).isEmpty();
    }

    @Test
    void aWrittenArnNamesTheSecretFullOrPartial() {
        Secret secret = new Secret(new SecretKey(SCOPE, "cam"), PREFIX + "cam-AbCdEf", null, null, Instant.EPOCH,
                Instant.EPOCH,
                null, null, null, new TreeMap<>(Map.of()), List.of());
        assertThat(SecretIds.names(PREFIX + "cam-AbCdEf", secret)).isTrue();
        assertThat(SecretIds.names(PREFIX + "cam", secret)).isTrue();
        assertThat(SecretIds.names(PREFIX + "cam-XyZxYz", secret)).isFalse();
        assertThat(SecretIds.names(PREFIX + "ca", secret)).isFalse();
        assertThat(SecretIds.names(PREFIX.replace("us-east-1", "eu-west-1") + "cam", secret)).isFalse();
    }

    @Test
    void namesFollowAwsCharacterRule() {
        SecretIds.requireValidName("prod/cameras/front_door+1=a.b@c-d");
        for (String bad : List.of("has space", "colon:", "star*", "é")) {
            assertThatThrownBy(() -> SecretIds.requireValidName(bad)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("Invalid name");
        }
    }
}
