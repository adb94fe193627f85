package dev.kvsedge.crypto;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM: the server's secret values and agent keys, and the camera URIs an edge
 * agent keeps for working offline. Each sealed value is {@code 1 | 12-byte nonce | ciphertext+tag}; the associated
 * data binds it to its place (say, a secret's ARN and version), so a value copied elsewhere does not open. The key
 * lives in a file readable by its owner only, made on first start, or is given by the operator (several servers
 * sharing a database share it).
 */
public final class SecretBox {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** From a base64 key given by the operator. */
    public static SecretBox ofBase64(String base64Key) {
        return new SecretBox(Base64.getDecoder().decode(base64Key.strip()));
    }

    /**
     * Reads the key file, creating it with a new random key and owner-only permissions if it does not exist. The file
     * appears whole or not at all (written aside, then linked into place), so two processes starting at once both end
     * up with the one key that won, never with a half-written file.
     *
     * @throws IllegalArgumentException when the file does not hold base64 of 32 bytes
     */
    public static SecretBox openOrCreate(Path keyFile) throws IOException {
        try {
            return ofBase64(Files.readString(keyFile));
        } catch (NoSuchFileException absent) {
            create(keyFile);
            return ofBase64(Files.readString(keyFile));
        }
    }

    private static void create(Path keyFile) throws IOException {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        Path dir = Objects.requireNonNull(keyFile.toAbsolutePath().getParent(), "the folder of the key file");
        Files.createDirectories(dir);
        Path aside = dir.resolve(keyFile.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".new");
        try {
            try {
                Files.createFile(aside,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException noPosix) {
                Files.createFile(aside);
            }
            try (FileOutputStream out = new FileOutputStream(aside.toFile())) {
                out.write((Base64.getEncoder().encodeToString(fresh) + "\n").getBytes(StandardCharsets.US_ASCII));
                out.getFD().sync();
            }
            try {
                // A hard link never replaces an existing file: the first process to link wins, and the others read it.
                Files.createLink(keyFile, aside);
            } catch (FileAlreadyExistsException raced) {
                return;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                if (Files.exists(keyFile)) {
                    return;
                }
                // A file system without hard links (FAT): a rename that refuses an existing target, nearly as good.
                Files.move(aside, keyFile);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /** Makes the new name durable; some file systems cannot open a directory, and the link is made either way. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
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
            throw new IllegalStateException(
                    "a sealed value does not open with this key (another key, or sealed for another place)", e);
        }
    }
}
