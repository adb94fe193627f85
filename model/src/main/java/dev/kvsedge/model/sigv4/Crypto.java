package dev.kvsedge.model.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256 and HMAC-SHA256 from small pools of engines: looking an algorithm up through the JCA providers
 * costs more than hashing a small request, and the engines are not thread-safe. Pools rather than
 * thread-locals, because the server runs each request on a new virtual thread, whose thread-local
 * would be built afresh every time.
 */
final class Crypto {

    static final String HMAC_SHA256 = "HmacSHA256";
    static final HexFormat HEX = HexFormat.of();

    private static final int POOL_LIMIT = 64;
    private static final ConcurrentLinkedQueue<MessageDigest> SHA256 = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Mac> HMAC = new ConcurrentLinkedQueue<>();

    private Crypto() {}

    static byte[] sha256(byte[] data) {
        MessageDigest digest = SHA256.poll();
        if (digest == null) {
            digest = newDigest();
        }
        try {
            return digest.digest(data);
        } finally {
            digest.reset();
            release(SHA256, digest);
        }
    }

    static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256(data));
    }

    static byte[] hmac(SecretKeySpec key, byte[] data) {
        Mac mac = HMAC.poll();
        if (mac == null) {
            mac = newMac();
        }
        try {
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 rejected a raw key", e);
        } finally {
            release(HMAC, mac);
        }
    }

    private static <T> void release(ConcurrentLinkedQueue<T> pool, T engine) {
        // size() walks the queue, but the queue holds at most a few dozen engines.
        if (pool.size() < POOL_LIMIT) {
            pool.offer(engine);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(new SecretKeySpec(key, HMAC_SHA256), data.getBytes(StandardCharsets.UTF_8));
    }
}
