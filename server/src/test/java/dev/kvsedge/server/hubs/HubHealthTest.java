package dev.kvsedge.server.hubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HubHealthTest {
    private static final Instant NOW = Instant.parse("2026-01-05T06:00:00Z");
    private static final Scope SCOPE = new Scope("123456789012", "us-east-1");

    private static Optional<HubContact> contact(String key, boolean agentKey, Instant at) {
        return Optional
                .of(new HubContact(SCOPE, "arn:aws:iot:us-east-1:123456789012:thing/h", key, agentKey, null, null, at));
    }

    @Test
    void aHubNobodyContactedHasNeverConnected() {
        assertThat(HubHealth.of(Optional.empty(), Set.of(), NOW).state()).isEqualTo("NEVER_CONNECTED");
    }

    @Test
    void anAgentHeardFromWithinNinetySecondsIsOnline() {
        assertThat(HubHealth.of(contact("KVSE1", true, NOW.minusSeconds(90)), Set.of("KVSE1"), NOW).state())
                .isEqualTo("ONLINE");
        assertThat(HubHealth.of(contact("KVSE1", true, NOW.minusSeconds(91)), Set.of("KVSE1"), NOW).state())
                .isEqualTo("OFFLINE");
    }

    @Test
    void aRevokedKeyIsSaidAtOnceEvenRightAfterAContact() {
        HubHealth health = HubHealth.of(contact("KVSE1", true, NOW), Set.of("KVSE2"), NOW);

        assertThat(health.state()).isEqualTo("REVOKED");
        assertThat(health.details()).contains("KVSE1");
    }

    @Test
    void anAdminKeyActingForAHubIsNeverRevoked() {
        assertThat(HubHealth.of(contact("test", false, NOW), Set.of(), NOW).state()).isEqualTo("ONLINE");
    }
}
