package dev.kvsedge.server.agents;

import static dev.kvsedge.model.edge.AgentShapes.*;

import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.auth.CredentialLookup;
import dev.kvsedge.server.auth.Principal;
import dev.kvsedge.server.cluster.NoticeListener;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.cluster.Topic;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agent key pairs: minted by an admin for one hub device, listed without their secrets, revoked.
 * Also the {@link CredentialLookup} for them, with a short cache so the SigV4 hot path rarely reads
 * the database. A key made or revoked on any node of the cluster is forgotten by every node's cache at once
 * ({@link Topic#AGENT_KEY} notices); while this node cannot hear the others, it reads every key from the database.
 */
public final class AgentCredentialService implements CredentialLookup {
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgentCredentialStore store;
    private final SecretBox box;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Credential> credential, Instant expires) {}

    private final Notices notices;

    public AgentCredentialService(AgentCredentialStore store, SecretBox box, Clock clock) {
        this(store, box, clock, Notices.alone());
    }

    public AgentCredentialService(AgentCredentialStore store, SecretBox box, Clock clock, Notices notices) {
        this.store = store;
        this.box = box;
        this.clock = clock;
        this.notices = notices;
        notices.subscribe(Topic.AGENT_KEY, new NoticeListener() {
            @Override
            public void changed(String accessKeyId) {
                cache.remove(accessKeyId);
            }

            @Override
            public void catchUp() {
                cache.clear();
            }
        });
    }

    public CreateAgentCredentialsResponse create(Scope scope, CreateAgentCredentialsRequest request) {
        String accessKeyId = "KVSE" + random(KEY_ALPHABET, 16);
        byte[] secretBytes = new byte[30];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getEncoder().encodeToString(secretBytes);
        store.create(
                new AgentCredential(accessKeyId, box.seal(secret.getBytes(StandardCharsets.UTF_8), aad(accessKeyId)),
                        scope.accountId(), request.hubDeviceArn(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        notices.publish(Topic.AGENT_KEY, accessKeyId); // another node may have cached "no such key"
        AgentKeyEvents.minted(accessKeyId, request.hubDeviceArn());
        return new CreateAgentCredentialsResponse(accessKeyId, secret, request.hubDeviceArn());
    }

    public ListAgentCredentialsResponse list(Scope scope, ListAgentCredentialsRequest request) {
        return new ListAgentCredentialsResponse(store.list(scope.accountId(), request.hubDeviceArn()).stream()
                .map(c -> new AgentCredentialSummary(c.accessKeyId(), c.hubDeviceArn(), c.creationTime())).toList());
    }

    public void delete(Scope scope, DeleteAgentCredentialsRequest request) {
        boolean deleted = store.delete(scope.accountId(), request.accessKeyId());
        notices.publish(Topic.AGENT_KEY, request.accessKeyId());
        if (!deleted) {
            throw ApiException.notFound("No agent credentials with access key id " + request.accessKeyId() + ".");
        }
        AgentKeyEvents.revoked(request.accessKeyId());
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        Instant now = clock.instant();
        Cached cached = cache.get(accessKeyId);
        if (cached != null && cached.expires().isAfter(now) && notices.hearing()) {
            return cached.credential();
        }
        Optional<Credential> credential = store.find(accessKeyId).map(c -> new Credential(c.accessKeyId(),
                new String(box.open(c.sealedSecret(), aad(c.accessKeyId())), StandardCharsets.UTF_8),
                new Principal(c.accountId(), c.hubDeviceArn())));
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(accessKeyId, new Cached(credential, now.plus(CACHE_TTL)));
        return credential;
    }

    /** Drops the cached key pairs, after they were deleted behind the service's back (a reset). */
    public void forgetCached() {
        cache.clear();
    }

    private static byte[] aad(String accessKeyId) {
        return ("agent-credential:" + accessKeyId).getBytes(StandardCharsets.UTF_8);
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
