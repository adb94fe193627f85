package dev.kvsedge.server.auth;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.sigv4.CanonicalRequest;
import dev.kvsedge.model.sigv4.QueryString;
import dev.kvsedge.model.sigv4.SigV4;
import dev.kvsedge.model.sigv4.SigningKeys;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4, in the Authorization header or the presigned query form, as AWS's front
 * end does for a non-S3 service: same checks, same order, same error codes and wording. The canonical request,
 * string to sign and signing keys come from {@code dev.kvsedge.model.sigv4}, shared with the client signer.
 *
 * <p>Thread-safe; one instance serves the whole server. It holds no per-request state beyond a cache of
 * derived signing keys.
 */
public final class SigV4Verifier {

    static final String UNSIGNED_PAYLOAD = SigV4.UNSIGNED_PAYLOAD;
    static final String STREAMING_PAYLOAD = SigV4.STREAMING_PAYLOAD;
    /**
     * What a streamed body that declares no payload hash is signed with: SHA-256 of the empty string. AWS's C
     * producer library (inside kvssink, the C++ producer SDK and most cameras) signs PutMedia so, "as if the
     * body were empty" (AwsV4Signer.c, generateCanonicalRequestString), and AWS accepts it.
     */
    static final String EMPTY_PAYLOAD_HASH = SigV4.sha256Hex(new byte[0]);

    private static final HexFormat HEX = HexFormat.of();

    private final CredentialLookup credentials;
    private final Clock clock;
    private final SigningKeys signingKeys = new SigningKeys(SigningKeys.DEFAULT_MAX_ENTRIES);

    public SigV4Verifier(CredentialLookup credentials, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the caller or throws {@link ApiException} with MISSING_AUTHENTICATION_TOKEN,
     * INCOMPLETE_SIGNATURE, UNRECOGNIZED_CLIENT or INVALID_SIGNATURE.
     *
     * @param expectedService the signing name the credential scope must name, e.g. "kinesisvideo"
     */
    public Caller verify(SignedRequest request, String expectedService) {
        String authorization = request.header("authorization");
        QueryString query = QueryString.parse(request.rawQuery());
        boolean presigned = PresignedQuery.isPresigned(query);
        if (authorization == null && !presigned) {
            throw AuthErrors.missingToken();
        }
        if (authorization != null && presigned) {
            throw AuthErrors.invalid("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' "
                    + "as HTTP header.");
        }

        SignatureParts parts = presigned
                ? PresignedQuery.parse(query)
                : AuthorizationHeader.parse(authorization, request);
        if (parts.presigned() && parts.expiresSeconds() >= 0) {
            parts.date().checkPresignedWindow(clock.instant(), parts.expiresSeconds());
        } else {
            parts.date().checkSkew(clock.instant());
        }
        parts.checkHostSigned();
        CredentialScope scope = CredentialScope.parse(parts.credential());
        scope.check(expectedService, parts.date());
        Credential credential = credentials.find(scope.accessKeyId()).orElseThrow(AuthErrors::unrecognizedClient);

        checkSignature(request, query, parts, scope, credential);
        return new Caller(credential.principal(), credential.accessKeyId(), scope.region(), scope.service());
    }

    private void checkSignature(SignedRequest request, QueryString query, SignatureParts parts,
            CredentialScope scope, Credential credential) {
        byte[] provided = parseSignature(parts.signature());
        SecretKeySpec key = signingKeys.get(credential.secretAccessKey(), scope.date(), scope.region(),
                scope.service());
        StringBuilder canonical = CanonicalRequest.withoutPayload(request.method(), request.rawPath(), query,
                parts.presigned() ? "X-Amz-Signature" : null, request.headers(), parts.signedHeaders());
        int prefixLength = canonical.length();

        String declaredHash = declaredPayloadHash(request, query, parts);
        if (declaredHash != null) {
            canonical.append(declaredHash);
            if (!matches(provided, key, parts, scope, canonical)) {
                throw AuthErrors.signatureMismatch();
            }
            // Hashed only now: a forged request is refused without reading a possibly large body.
            if (!isLiteral(declaredHash) && !declaredHash.equalsIgnoreCase(SigV4.sha256Hex(request.body()))) {
                throw AuthErrors.contentHashMismatch();
            }
            return;
        }
        if (!parts.presigned()) {
            canonical.append(request.body() == null ? EMPTY_PAYLOAD_HASH : SigV4.sha256Hex(request.body()));
            if (!matches(provided, key, parts, scope, canonical)) {
                throw AuthErrors.signatureMismatch();
            }
            return;
        }
        // A presigned URL says nothing of its payload: clients sign the body's hash, or UNSIGNED-PAYLOAD.
        if (request.body() != null) {
            canonical.append(SigV4.sha256Hex(request.body()));
            if (matches(provided, key, parts, scope, canonical)) {
                return;
            }
            canonical.setLength(prefixLength);
        }
        canonical.append(UNSIGNED_PAYLOAD);
        if (!matches(provided, key, parts, scope, canonical)) {
            throw AuthErrors.signatureMismatch();
        }
    }

    /**
     * The payload hash the client declared in x-amz-content-sha256 (header, or query for presigned URLs), or
     * null when it declared none. Refuses requests whose body the server streams but the client hashed:
     * nothing here could check that hash, so the body would go unauthenticated. A streamed body that declares
     * nothing is checked against {@link #EMPTY_PAYLOAD_HASH}; like UNSIGNED-PAYLOAD, that signs the request
     * but not its body.
     */
    private static String declaredPayloadHash(SignedRequest request, QueryString query, SignatureParts parts) {
        String declared = request.header("x-amz-content-sha256");
        if (declared == null && parts.presigned()) {
            declared = query.get("X-Amz-Content-Sha256");
        }
        if (request.body() == null && declared != null && !isLiteral(declared)) {
            throw AuthErrors.incomplete("A streamed payload must be signed as '" + UNSIGNED_PAYLOAD + "' or '"
                    + STREAMING_PAYLOAD + "' in the x-amz-content-sha256 header, or without that header as an"
                    + " empty payload.");
        }
        return declared;
    }

    private static boolean isLiteral(String payloadHash) {
        return UNSIGNED_PAYLOAD.equals(payloadHash) || STREAMING_PAYLOAD.equals(payloadHash);
    }

    /** Compares in constant time, so response timing does not reveal how much of a forgery was right. */
    private static boolean matches(byte[] provided, SecretKeySpec key, SignatureParts parts, CredentialScope scope,
            StringBuilder canonicalRequest) {
        String stringToSign = SigV4.stringToSign(parts.date().text(), scope.scope(), canonicalRequest);
        byte[] expected = SigV4.signature(key, stringToSign);
        return provided != null && MessageDigest.isEqual(expected, provided);
    }

    /** The 32 bytes of a 64-character lower-case hex signature, or null for anything else. */
    private static byte[] parseSignature(String signature) {
        if (signature.length() != 64) {
            return null;
        }
        for (int i = 0; i < signature.length(); i++) {
            char c = signature.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return HEX.parseHex(signature);
    }
}
