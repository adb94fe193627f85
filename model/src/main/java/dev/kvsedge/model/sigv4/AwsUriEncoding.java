package dev.kvsedge.model.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SigV4's URI encoding: every byte but the unreserved A-Z a-z 0-9 - _ . ~ becomes %XX with upper-case hex.
 * The methods keep the common case, text that is already canonical, free of allocation.
 */
final class AwsUriEncoding {

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private AwsUriEncoding() {}

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /**
     * The canonical URI of a non-S3 service: the path as sent, encoded once more with '/' kept, because AWS
     * SDKs sign the encoded path encoded again ("double URL encoding"); an empty path is "/".
     */
    static void appendCanonicalPath(StringBuilder out, String rawPath) {
        if (rawPath.isEmpty()) {
            out.append('/');
            return;
        }
        int copied = 0;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '/' || isUnreserved(c)) {
                continue;
            }
            out.append(rawPath, copied, i);
            if (c < 0x80) {
                appendEscaped(out, c);
            } else {
                // Not legal on a request line, but some servers pass it through: encode its UTF-8 bytes.
                int end = Character.isHighSurrogate(c) && i + 1 < rawPath.length() ? i + 2 : i + 1;
                for (byte b : rawPath.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendEscaped(out, b & 0xFF);
                }
                i = end - 1;
            }
            copied = i + 1;
        }
        out.append(rawPath, copied, rawPath.length());
    }

    /**
     * A query name or value in canonical form: percent-decoded, then encoded again. Clients differ in what they
     * escape on the wire (a space as %20 or '+' left literal, '/' escaped or not), and this form erases that.
     * A '%' not followed by two hex digits stands for itself. '+' is a literal plus, as in RFC 3986, which is
     * what AWS SDKs mean by it since they send a space as %20.
     */
    static String canonicalQueryComponent(String raw) {
        if (allUnreserved(raw)) {
            return raw;
        }
        byte[] bytes = percentDecode(raw);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte value : bytes) {
            int b = value & 0xFF;
            if (isUnreserved(b)) {
                out.append((char) b);
            } else {
                appendEscaped(out, b);
            }
        }
        return out.toString();
    }

    /** The text a query component stands for, read as UTF-8. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        return new String(percentDecode(raw), StandardCharsets.UTF_8);
    }

    private static byte[] percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hexValue(raw.charAt(i + 1)) >= 0
                    && hexValue(raw.charAt(i + 2)) >= 0) {
                out.write(hexValue(raw.charAt(i + 1)) << 4 | hexValue(raw.charAt(i + 2)));
                i += 3;
            } else if (c < 0x80) {
                out.write(c);
                i++;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                out.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toByteArray();
    }

    private static boolean allUnreserved(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isUnreserved(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static void appendEscaped(StringBuilder out, int b) {
        out.append('%').append(UPPER_HEX[b >> 4]).append(UPPER_HEX[b & 0xF]);
    }
}
