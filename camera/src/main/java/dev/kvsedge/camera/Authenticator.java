package dev.kvsedge.camera;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RTSP authentication as IP cameras do it (RFC 2326 refers to HTTP's, RFC 2617): the challenge offers Digest with
 * MD5 and no qop, the scheme every RTSP client implements; an answer in Digest or in Basic is accepted. The password
 * is compared in constant time and never logged.
 */
final class Authenticator {
    static final String REALM = "kvs-edge-camera";

    private final CameraOptions.Credentials credentials;
    private final String nonce;

    Authenticator(CameraOptions.Credentials credentials) {
        this.credentials = credentials;
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        this.nonce = HexFormat.of().formatHex(random);
    }

    /** The WWW-Authenticate header of a 401 response. */
    String challenge() {
        return "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\", algorithm=MD5";
    }

    /** Whether the request's Authorization header proves the credentials. */
    boolean accepts(RtspRequest request) {
        String header = request.header("Authorization");
        if (header == null) {
            return false;
        }
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("basic ")) {
            return basic(header.substring(6).trim());
        }
        if (lower.startsWith("digest ")) {
            return digest(parameters(header.substring(7)), request.method());
        }
        return false;
    }

    private boolean basic(String encoded) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(decoded, expected);
    }

    private boolean digest(Map<String, String> p, String method) {
        String response = p.get("response");
        String uri = p.get("uri");
        if (response == null || uri == null || !credentials.username().equals(p.get("username"))
                || !REALM.equals(p.get("realm"))
                || !nonce.equals(p.get("nonce"))) {
            return false;
        }
        String ha1 = md5(credentials.username() + ":" + REALM + ":" + credentials.password());
        String ha2 = md5(method + ":" + uri);
        String qop = p.get("qop");
        String expected = qop == null
                ? md5(ha1 + ":" + nonce + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + p.getOrDefault("nc", "") + ":" + p.getOrDefault("cnonce", "") + ":"
                        + qop + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The name=value and name="value" pairs of a Digest header. */
    static Map<String, String> parameters(String text) {
        Map<String, String> parameters = new HashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = text.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            i = equals + 1;
            String value;
            if (i < text.length() && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    break;
                }
                value = text.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? text.length() : comma;
                value = text.substring(i, end).trim();
                i = end;
            }
            parameters.put(name, value);
        }
        return parameters;
    }

    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
