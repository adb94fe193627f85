package dev.kvsedge.server.fragments;

import dev.kvsedge.model.Arns;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a stream's fragments go in the blob store: {@code ACCOUNT/REGION/STREAM/MILLIS-RANDOM.mkv}. STREAM is a digest
 * of the stream's ARN, never its name: every name the API allows ({@code .}, {@code ..}, 256 characters) gives a short,
 * safe key, and a re-created stream (a new ARN) never shares the old one's keys. A key is made when a fragment starts,
 * before it has a number (numbers are given at commit): the server time it began, then a random part.
 *
 * <p>Each fragment's index row keeps its key, so blobs stored under an older layout ({@code ACCOUNT/REGION/NAME/CREATED/
 * NUMBER.mkv}) stay where they are and are read, expired and swept as before.
 */
public final class FragmentKeys {
    private final String prefix;

    private FragmentKeys(String prefix) {
        this.prefix = prefix;
    }

    public static FragmentKeys of(String streamArn) {
        Arns.ResourceArn arn = Arns.parse(streamArn)
                .orElseThrow(() -> new IllegalArgumentException("not an ARN: " + streamArn));
        return new FragmentKeys(arn.accountId() + "/" + arn.region() + "/" + digest(streamArn) + "/");
    }

    /** A new key, distinct from every other of the stream's: its time part, then 64 random bits. */
    public String key(Instant serverTime) {
        return prefix + serverTime.toEpochMilli() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".mkv";
    }

    /** The first 128 bits of the ARN's SHA-256, in hex. */
    private static String digest(String streamArn) {
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(streamArn.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
