package dev.kvsedge.server.auth;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.sigv4.SigV4;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The authentication errors, worded as AWS's front end words them so that SDK error handling and users'
 * searches behave as against AWS. Nothing here may carry a secret or a signature: where AWS once echoed the
 * Authorization header, it now sends its SHA-256 in Base64, and so do we.
 */
final class AuthErrors {

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
            + "documentation for details.";

    private AuthErrors() {}

    static ApiException missingToken() {
        return new ApiException(ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
    }

    static ApiException incomplete(String message) {
        return new ApiException(ErrorCode.INCOMPLETE_SIGNATURE, message);
    }

    static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_SIGNATURE, message);
    }

    static ApiException signatureMismatch() {
        return invalid(SIGNATURE_MISMATCH);
    }

    static ApiException unrecognizedClient() {
        return new ApiException(ErrorCode.UNRECOGNIZED_CLIENT,
                "The security token included in the request is invalid.");
    }

    /**
     * The body does not hash to the signed x-amz-content-sha256. S3 calls this XAmzContentSHA256Mismatch (400);
     * kinesisvideo has no such code, and InvalidSignatureException is the nearest: the signature covered a
     * payload hash that is not this body's, so the signed request is not the one that arrived.
     */
    static ApiException contentHashMismatch() {
        return invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    /** How AWS refers to an Authorization header it cannot parse, without repeating it. */
    static String hashedAuthorization(String authorization) {
        byte[] digest = SigV4.sha256(authorization.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }
}
