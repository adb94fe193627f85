package dev.kvsedge.server;

import java.security.SecureRandom;

/** Stream versions: opaque alphanumeric strings, new on every update, as the model's Version pattern allows. */
final class Versions {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Versions() {}

    static String next() {
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
