package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.server.agents.AgentCredential;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbcAgentCredentialStore} must do, whatever its database. */
abstract class AgentCredentialStoreContract extends DatabaseTestSupport {

    static final String ACCOUNT = "123456789012";
    static final String OTHER_ACCOUNT = "210987654321";
    static final String HUB = "arn:aws:iot:us-west-2:123456789012:thing/hub-1";
    static final String HUB2 = "arn:aws:iot:us-west-2:123456789012:thing/hub-2";

    protected JdbcAgentCredentialStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcAgentCredentialStore(db);
    }

    /** Every byte value, then the id's bytes: opaque bytes that are not text. */
    static byte[] sealed(String accessKeyId) {
        byte[] id = accessKeyId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = new byte[256 + id.length];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        System.arraycopy(id, 0, bytes, 256, id.length);
        return bytes;
    }

    static AgentCredential credential(String accessKeyId, String account, String hub, long createdMs) {
        return new AgentCredential(accessKeyId, sealed(accessKeyId), account, hub, Instant.ofEpochMilli(createdMs));
    }

    static List<String> ids(List<AgentCredential> credentials) {
        return credentials.stream().map(AgentCredential::accessKeyId).toList();
    }

    @Test
    void createThenFindReturnsEveryField() {
        AgentCredential created = credential("KVSEAAAAAAAAAAAAAAAA", ACCOUNT, HUB, 1_717_171_717_123L);
        store.create(created);

        AgentCredential found = store.find(created.accessKeyId()).orElseThrow();
        // a record with an array compares it by identity: compare the members
        assertThat(found).usingRecursiveComparison().isEqualTo(created);
        assertThat(found.sealedSecret()).isEqualTo(sealed(created.accessKeyId()));
        assertThat(found.creationTime()).isEqualTo(Instant.parse("2024-05-31T16:08:37.123Z"));
        assertThat(store.find("KVSEMISSING")).isEmpty();
        assertThat(store.find("kvseaaaaaaaaaaaaaaaa")).isEmpty(); // ids are case-sensitive
    }

    @Test
    void anEmptySecretAndSubMillisecondTimesReadBack() {
        store.create(new AgentCredential("KVSEEMPTY", new byte[0], ACCOUNT, HUB,
                Instant.parse("2024-05-31T16:08:37.123456Z")));
        AgentCredential found = store.find("KVSEEMPTY").orElseThrow();
        assertThat(found.sealedSecret()).isEmpty();
        assertThat(found.creationTime()).isEqualTo(Instant.parse("2024-05-31T16:08:37.123Z"));
    }

    @Test
    void aDuplicateAccessKeyIdIsRefusedAndChangesNothing() {
        AgentCredential first = credential("KVSEDUP", ACCOUNT, HUB, 1);
        store.create(first);
        assertThatThrownBy(() -> store.create(credential("KVSEDUP", OTHER_ACCOUNT, HUB2, 2)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.find("KVSEDUP").orElseThrow()).usingRecursiveComparison().isEqualTo(first);
    }

    @Test
    void aCredentialWithoutAHubIsRefused() {
        // it would authenticate as an admin of the account
        assertThatThrownBy(() -> store.create(credential("KVSENOHUB", ACCOUNT, null, 1)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.create(new AgentCredential("KVSENOSECRET", null, ACCOUNT, HUB, Instant.EPOCH)))
                .isInstanceOf(NullPointerException.class);
        assertThat(store.find("KVSENOHUB")).isEmpty();
        assertThat(store.list(ACCOUNT, null)).isEmpty();
    }

    @Test
    void listIsOldestFirstWithinTheAccountAndOptionallyTheHub() {
        store.create(credential("KVSEC", ACCOUNT, HUB, 3_000));
        store.create(credential("KVSEA", ACCOUNT, HUB2, 1_000));
        store.create(credential("KVSEB", ACCOUNT, HUB, 2_000));
        store.create(credential("KVSEA2", ACCOUNT, HUB, 2_000)); // same time: by id
        store.create(credential("KVSEX", OTHER_ACCOUNT, HUB, 500));

        assertThat(ids(store.list(ACCOUNT, null))).containsExactly("KVSEA", "KVSEA2", "KVSEB", "KVSEC");
        assertThat(ids(store.list(ACCOUNT, HUB))).containsExactly("KVSEA2", "KVSEB", "KVSEC");
        assertThat(ids(store.list(ACCOUNT, HUB2))).containsExactly("KVSEA");
        assertThat(ids(store.list(OTHER_ACCOUNT, null))).containsExactly("KVSEX");
        assertThat(ids(store.list(OTHER_ACCOUNT, HUB2))).isEmpty();
        assertThat(store.list("000000000000", null)).isEmpty();
        assertThat(store.list(ACCOUNT, HUB).get(0)).usingRecursiveComparison()
                .isEqualTo(credential("KVSEA2", ACCOUNT, HUB, 2_000));
    }

    @Test
    void deleteRemovesOnlyTheAccountsOwn() {
        store.create(credential("KVSEMINE", ACCOUNT, HUB, 1));
        store.create(credential("KVSEOTHER", ACCOUNT, HUB, 2));

        assertThat(store.delete(OTHER_ACCOUNT, "KVSEMINE")).isFalse();
        assertThat(store.find("KVSEMINE")).isPresent();

        assertThat(store.delete(ACCOUNT, "KVSEMINE")).isTrue();
        assertThat(store.find("KVSEMINE")).isEmpty();
        assertThat(ids(store.list(ACCOUNT, null))).containsExactly("KVSEOTHER");
        assertThat(store.delete(ACCOUNT, "KVSEMINE")).isFalse();
        assertThat(store.delete(ACCOUNT, "KVSENEVER")).isFalse();

        // the id may be used again once deleted
        store.create(credential("KVSEMINE", ACCOUNT, HUB2, 3));
        assertThat(store.find("KVSEMINE").orElseThrow().hubDeviceArn()).isEqualTo(HUB2);
    }

    @Test
    void credentialsSurviveCloseAndReopen() {
        AgentCredential kept = credential("KVSEKEPT", ACCOUNT, HUB, 42);
        store.create(kept);
        db.close();
        JdbcAgentCredentialStore again = new JdbcAgentCredentialStore(open(url));
        assertThat(again.find("KVSEKEPT").orElseThrow()).usingRecursiveComparison().isEqualTo(kept);
    }
}
