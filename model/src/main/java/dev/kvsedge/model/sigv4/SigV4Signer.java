package dev.kvsedge.model.sigv4;

import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Signs requests with AWS Signature Version 4 in the Authorization header, for clients that may not use an
 * AWS SDK at run time (the kvs-edge command line, the edge agent). It canonicalizes with the very code the
 * server's verifier uses, and produces the Authorization header the AWS SDK for Java v2 produces for the same
 * request when that signs the same headers.
 *
 * <p>Paths are signed as a non-S3 service signs them: the path as sent, percent-encoded once more. The
 * {@code uri} given must therefore be in the form the HTTP client will send it: use the multi-argument
 * {@link URI} constructors or {@link URI#create} with an already-encoded path, and keep the path ASCII.
 *
 * <p>Thread-safe; one instance per key pair can serve a whole process. Derived signing keys are cached per
 * date, region and service.
 */
public final class SigV4Signer {

    /** One key pair: two dates around midnight times a few regions and services. */
    private static final int KEY_CACHE_ENTRIES = 16;

    private static final List<String> SET_BY_SIGNER = List.of("host", "x-amz-date", "x-amz-content-sha256",
            "authorization");

    private final String accessKeyId;
    private final String secretAccessKey;
    private final Clock clock;
    private final SigningKeys signingKeys = new SigningKeys(KEY_CACHE_ENTRIES);

    public SigV4Signer(String accessKeyId, String secretAccessKey, Clock clock) {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(clock, "clock");
        // '/', ',' and whitespace would make the Credential parameter unreadable to the server.
        if (accessKeyId.isEmpty() || !isScopeElement(accessKeyId) || accessKeyId.indexOf(',') >= 0) {
            throw new IllegalArgumentException("Not an access key id: '" + accessKeyId + "'");
        }
        if (secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("The secret access key is empty");
        }
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.clock = clock;
    }

    /**
     * Signs a request with header-form SigV4 for (region, service) and returns the headers to send in addition
     * to the caller's: host, x-amz-date, x-amz-content-sha256 (hex of the body) and authorization, under
     * these lower-case names and in this order. Signs host, x-amz-date, x-amz-content-sha256 and every header
     * in {@code headers} (e.g. content-type), whose values must then be sent unchanged (surrounding and
     * repeated whitespace aside). {@code uri} is absolute, http or https; the host value keeps its port when
     * it is not the scheme's default, as HTTP clients send it.
     *
     * @param headers the caller's headers, any case, at most one value each; none of the four above
     * @throws IllegalArgumentException for a relative or non-HTTP uri, a header the signer sets, a name given
     *                                  twice in different cases, a name that is not an HTTP token, or a value
     *                                  holding CR, LF or NUL
     */
    public Map<String, String> sign(String method, URI uri, String region, String service,
            Map<String, String> headers, byte[] body) {
        Objects.requireNonNull(body, "body");
        return sign(method, uri, region, service, headers, SigV4.sha256Hex(body));
    }

    /**
     * The same as {@link #sign} for a body streamed later: x-amz-content-sha256 is UNSIGNED-PAYLOAD, so the
     * signature covers the request but not its body. Meant for HTTPS, which protects the body instead.
     */
    public Map<String, String> signUnsignedPayload(String method, URI uri, String region, String service,
            Map<String, String> headers) {
        return sign(method, uri, region, service, headers, SigV4.UNSIGNED_PAYLOAD);
    }

    /**
     * The same as {@link #sign} for a body streamed later whose SHA-256 the caller computed while writing it
     * (an upload spooled to a file), so the signature covers the body without a second pass over it.
     *
     * @param payloadSha256Hex the body's SHA-256 as 64 lower-case hex digits
     */
    public Map<String, String> signPayloadHash(String method, URI uri, String region, String service,
            Map<String, String> headers, String payloadSha256Hex) {
        Objects.requireNonNull(payloadSha256Hex, "payloadSha256Hex");
        if (payloadSha256Hex.length() != 64 || !payloadSha256Hex.chars()
                .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("Not a lower-case hex SHA-256: '" + payloadSha256Hex + "'");
        }
        return sign(method, uri, region, service, headers, payloadSha256Hex);
    }

    private Map<String, String> sign(String method, URI uri, String region, String service,
            Map<String, String> headers, String payloadHash) {
        checkToken(Objects.requireNonNull(method, "method"), "method");
        Objects.requireNonNull(uri, "uri");
        checkScopeElement(Objects.requireNonNull(region, "region"), "region");
        checkScopeElement(Objects.requireNonNull(service, "service"), "service");
        Objects.requireNonNull(headers, "headers");

        String host = host(uri);
        String amzDate = SigV4.formatDate(clock.instant());
        Map<String, List<String>> signed = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lowerName = checkToken(Objects.requireNonNull(name, "header name"), "header name")
                    .toLowerCase(Locale.ROOT);
            checkValue(lowerName, Objects.requireNonNull(value, () -> "value of header " + name));
            if (SET_BY_SIGNER.contains(lowerName)) {
                throw new IllegalArgumentException("The " + lowerName + " header is set by the signer");
            }
            if (signed.put(lowerName, List.of(value)) != null) {
                throw new IllegalArgumentException("The " + lowerName + " header is given twice");
            }
        });
        signed.put("host", List.of(host));
        signed.put("x-amz-date", List.of(amzDate));
        signed.put("x-amz-content-sha256", List.of(payloadHash));
        String signedHeaders = String.join(";", signed.keySet());

        String signature = signature(method, uri.getRawPath(), uri.getRawQuery(), signed, signedHeaders,
                payloadHash, amzDate, region, service);
        Map<String, String> added = new LinkedHashMap<>();
        added.put("host", host);
        added.put("x-amz-date", amzDate);
        added.put("x-amz-content-sha256", payloadHash);
        added.put("authorization", SigV4.ALGORITHM + " Credential=" + accessKeyId + '/'
                + SigV4.scope(amzDate.substring(0, 8), region, service) + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature);
        return Collections.unmodifiableMap(added);
    }

    /**
     * The hex signature over a request of which every header in {@code headers} (lower-case names, sorted) is
     * signed; {@code signedHeaders} lists them joined with ';'.
     */
    String signature(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            String signedHeaders, String payloadHash, String amzDate, String region, String service) {
        String date = amzDate.substring(0, 8);
        StringBuilder canonical = canonicalRequest(method, rawPath, rawQuery, headers, signedHeaders, payloadHash);
        String stringToSign = SigV4.stringToSign(amzDate, SigV4.scope(date, region, service), canonical);
        return Crypto.HEX.formatHex(SigV4.signature(signingKeys.get(secretAccessKey, date, region, service),
                stringToSign));
    }

    static StringBuilder canonicalRequest(String method, String rawPath, String rawQuery,
            Map<String, List<String>> headers, String signedHeaders,
            String payloadHash) {
        return CanonicalRequest.withoutPayload(method, rawPath == null ? "" : rawPath, QueryString.parse(rawQuery),
                null, headers, signedHeaders).append(payloadHash);
    }

    /** The Host header HTTP clients send for {@code uri}: its host, and its port unless the default. */
    static String host(URI uri) {
        String scheme = uri.getScheme();
        int defaultPort;
        if ("https".equalsIgnoreCase(scheme)) {
            defaultPort = 443;
        } else if ("http".equalsIgnoreCase(scheme)) {
            defaultPort = 80;
        } else {
            throw new IllegalArgumentException("Not an absolute http or https URI: " + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("No host in " + uri);
        }
        int port = uri.getPort();
        return port == -1 || port == defaultPort ? host : host + ':' + port;
    }

    /** RFC 9110 token characters, which method and header names are made of. */
    private static String checkToken(String text, String what) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Empty " + what);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("Not a valid " + what + ": '" + text + "'");
            }
        }
        return text;
    }

    /** No line breaks: the value signed must be the value sent, on one header line. */
    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("The value of header " + name + " holds CR, LF or NUL");
            }
        }
    }

    private static void checkScopeElement(String text, String what) {
        if (text.isEmpty() || !isScopeElement(text)) {
            throw new IllegalArgumentException("Not a valid " + what + ": '" + text + "'");
        }
    }

    /** Visible ASCII but '/', which separates the elements of a credential scope. */
    private static boolean isScopeElement(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '/') {
                return false;
            }
        }
        return true;
    }

    /** The key id only: signers end up in logs and assertion failures. */
    @Override
    public String toString() {
        return "SigV4Signer[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
