package dev.kvsedge.server.blob;

import java.nio.charset.StandardCharsets;

/**
 * Turns an S3 error response into an exception message: the status, the error code and S3's one-line
 * message. Only those two elements are read. The rest of the body is left alone on purpose: for
 * SignatureDoesNotMatch S3 sends back the string to sign, the canonical request and the signature, which
 * must not travel into logs.
 */
final class S3Errors {

    private static final int MAX_MESSAGE = 300;

    private S3Errors() {}

    /** "HTTP 403 SignatureDoesNotMatch: The request signature we calculated ...", never the secret. */
    static String describe(int status, byte[] body, String secretAccessKey) {
        String xml = new String(body, StandardCharsets.UTF_8);
        String code = element(xml, "Code");
        String message = element(xml, "Message");
        StringBuilder out = new StringBuilder("HTTP ").append(status);
        out.append(' ').append(code == null ? "(no S3 error code)" : code);
        if (message != null && !message.isEmpty()) {
            out.append(": ").append(message);
        }
        String text = out.toString();
        // S3 never echoes a secret, but a misbehaving compatible server might: never pass one on.
        if (!secretAccessKey.isEmpty() && text.contains(secretAccessKey)) {
            text = text.replace(secretAccessKey, "****");
        }
        return text;
    }

    /** The text of the first {@code <name>} element, unescaped, made one printable line and cut short. */
    static String element(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        if (start < 0) {
            return null;
        }
        start += name.length() + 2;
        int end = xml.indexOf("</" + name + ">", start);
        if (end < 0) {
            return null;
        }
        String text = unescape(xml.substring(start, Math.min(end, start + 4 * MAX_MESSAGE)));
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE));
        for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString().trim();
    }

    private static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
