package dev.kvsedge.model.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4's constants and the steps after the canonical request: the string to sign, the
 * signature over it, and the SHA-256 hashes both sides need. Shared by the server's verifier and by
 * {@link SigV4Signer}, so that a signature made here is checked by the very same code.
 *
 * <p>Hashing uses one engine per thread: looking an algorithm up through the JCA providers costs more than
 * hashing a small request. Every method is thread-safe.
 */
public final class SigV4 {

    /** The only algorithm SigV4 defines (SigV4a's ECDSA one is not supported). */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** The last element of every credential scope. */
    public static final String TERMINATOR = "aws4_request";

    /** The x-amz-content-sha256 value of a body left out of the signature, e.g. one streamed later. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    /** The x-amz-content-sha256 value of an aws-chunked body whose chunks are signed one by one. */
    public static final String STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SigV4() {}

    /** The ISO-8601 basic form of X-Amz-Date and the string to sign, e.g. "20150830T123600Z". */
    public static String formatDate(Instant instant) {
        return BASIC.format(instant);
    }

    public static byte[] sha256(byte[] data) {
        return Crypto.sha256(data);
    }

    /** Lower-case hex, the form of payload hashes in x-amz-content-sha256 and the canonical request. */
    public static String sha256Hex(byte[] data) {
        return Crypto.sha256Hex(data);
    }

    /**
     * {@code AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex SHA-256 of the canonical request>}.
     *
     * @param amzDate the signing time in basic form, as in X-Amz-Date
     * @param scope   the credential scope, {@code YYYYMMDD/region/service/aws4_request}
     */
    public static String stringToSign(String amzDate, String scope, CharSequence canonicalRequest) {
        String canonicalHash = Crypto.sha256Hex(canonicalRequest.toString().getBytes(StandardCharsets.UTF_8));
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + canonicalHash;
    }

    /** The 32 signature bytes: HMAC-SHA256 of the string to sign under a key from {@link SigningKeys}. */
    public static byte[] signature(SecretKeySpec signingKey, String stringToSign) {
        return Crypto.hmac(signingKey, stringToSign.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code YYYYMMDD/region/service/aws4_request}. */
    static String scope(String date, String region, String service) {
        return date + '/' + region + '/' + service + '/' + TERMINATOR;
    }
}
