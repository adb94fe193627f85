package dev.kvsedge.server.blob;

/**
 * The key rule of {@link BlobStore}: relative paths of {@code [A-Za-z0-9._-]} segments joined by '/'. Keys
 * become file paths and URL paths unchanged, so the rule keeps out whatever could escape the store's root
 * ({@code ..}, a leading '/'), name the same file twice ({@code .}, {@code //}) or need escaping in a URL.
 */
final class BlobKeys {

    /** S3's own limit on key length, so one key fits both stores (the S3 prefix is counted there). */
    static final int MAX_LENGTH = 1024;

    private BlobKeys() {}

    /** Returns {@code key} when valid; otherwise an IllegalArgumentException that quotes it. */
    static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Empty blob key");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Blob key longer than " + MAX_LENGTH + " characters");
        }
        checkSegments(key, "blob key");
        return key;
    }

    /** Whether {@code key} follows the rule. */
    static boolean isValid(String key) {
        try {
            check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The segment rule alone, for an S3 key prefix too; {@code what} names the text in the message. */
    static void checkSegments(String text, String what) {
        int start = 0;
        while (true) {
            int end = text.indexOf('/', start);
            if (end < 0) {
                end = text.length();
            }
            checkSegment(text, start, end, what);
            if (end == text.length()) {
                return;
            }
            start = end + 1;
        }
    }

    private static void checkSegment(String text, int start, int end, String what) {
        int length = end - start;
        if (length == 0) {
            throw new IllegalArgumentException("Empty segment in " + what + " '" + text + "'");
        }
        if ((length == 1 && text.charAt(start) == '.')
                || (length == 2 && text.charAt(start) == '.' && text.charAt(start + 1) == '.')) {
            throw new IllegalArgumentException("'.' or '..' segment in " + what + " '" + text + "'");
        }
        for (int i = start; i < end; i++) {
            if (!isKeyChar(text.charAt(i))) {
                throw new IllegalArgumentException("Character not allowed in " + what + " '" + text + "'");
            }
        }
    }

    static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }
}
