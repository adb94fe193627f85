package dev.kvsedge.model.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256 and HMAC-SHA256 with one engine per thread: looking an algorithm up through the JCA providers costs
 * more than hashing a small request, and the engines are not thread-safe.
 */
final class Crypto {

    static final String HMAC_SHA256 = "HmacSHA256";
    static final HexFormat HEX = HexFormat.of();

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    });

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
        }
    });

    private Crypto() {
    }

    static byte[] sha256(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(data);
    }

    static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256(data));
    }

    static byte[] hmac(SecretKeySpec key, byte[] data) {
        Mac mac = HMAC.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 rejected a raw key", e);
        }
        return mac.doFinal(data);
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(new SecretKeySpec(key, HMAC_SHA256), data.getBytes(StandardCharsets.UTF_8));
    }
}
