package dev.kvsedge.model.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives SigV4 signing keys and remembers them. A derivation is four HMACs, more than verifying the
 * signature itself, while a client reuses one key for a whole day; so the keys are cached per secret, date,
 * region and service.
 *
 * <p>The bound protects memory, not correctness: when full the map is simply cleared. Eviction order would
 * need a lock on every lookup, and a legitimate working set (keys x regions x services x two dates around
 * midnight) stays far below the bound, so clearing is rare and only costs re-derivation.
 */
public final class SigningKeys {

    /** Enough for a server's whole working set of keys, regions, services and dates. */
    public static final int DEFAULT_MAX_ENTRIES = 1024;

    private final ConcurrentHashMap<Key, SecretKeySpec> cache = new ConcurrentHashMap<>();
    private final int maxEntries;

    public SigningKeys(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The signing key for a secret access key and a scope's date (YYYYMMDD), region and service. */
    public SecretKeySpec get(String secret, String date, String region, String service) {
        Key key = new Key(secret, date, region, service);
        SecretKeySpec cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        SecretKeySpec derived = derive(secret, date, region, service);
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(key, derived);
        return derived;
    }

    int size() {
        return cache.size();
    }

    static SecretKeySpec derive(String secret, String date, String region, String service) {
        byte[] key = Crypto.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = Crypto.hmac(key, region);
        key = Crypto.hmac(key, service);
        key = Crypto.hmac(key, SigV4.TERMINATOR);
        return new SecretKeySpec(key, Crypto.HMAC_SHA256);
    }

    /** Holds secrets, so it must not print them. */
    @Override
    public String toString() {
        return "SigningKeys[" + cache.size() + " cached]";
    }

    /** Holds the secret, so it must not print it. */
    private record Key(String secret, String date, String region, String service) {
        @Override
        public String toString() {
            return "Key[" + date + "/" + region + "/" + service + "]";
        }
    }
}
