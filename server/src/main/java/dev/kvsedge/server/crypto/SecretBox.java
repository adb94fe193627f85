package dev.kvsedge.server.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM. Each sealed value is {@code 1 | 12-byte nonce |
 * ciphertext+tag}; the associated data binds it to its row (say, a secret's ARN and version), so a
 * value copied to another row does not open. The key lives in a file readable by its owner only,
 * made on first start, or is given by the operator (several servers sharing a database share it).
 */
public final class SecretBox {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** From a base64 key given by the operator. */
    public static SecretBox ofBase64(String base64Key) {
        return new SecretBox(Base64.getDecoder().decode(base64Key.strip()));
    }

    /** Reads the key file, creating it with a new random key and owner-only permissions if it does not exist. */
    public static SecretBox openOrCreate(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            try {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.WRITE,
                        StandardOpenOption.SYNC);
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first: use theirs.
            } catch (UnsupportedOperationException noPosix) {
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.CREATE_NEW);
            }
        }
        return ofBase64(Files.readString(keyFile));
    }

    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Opens a sealed value; fails when it was sealed with another key or for other associated data. */
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < 1 + NONCE_BYTES || sealed[0] != FORMAT) {
            throw new IllegalStateException("not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value does not open with this server's master key", e);
        }
    }
}
