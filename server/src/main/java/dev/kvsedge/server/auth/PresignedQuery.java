package dev.kvsedge.server.auth;

import dev.kvsedge.model.sigv4.QueryString;

/**
 * Reads the presigned form, where the signature travels in X-Amz-* query parameters instead of the
 * Authorization header (signed URLs handed to browsers, players and websocket clients).
 */
final class PresignedQuery {

    /** SigV4 signing keys are valid for seven days, so AWS allows no longer a presigned lifetime. */
    static final long MAX_EXPIRES_SECONDS = 604_800;

    private static final String[] REQUIRED = {
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"};

    private PresignedQuery() {}

    /** True when the query carries a signature, so the request uses this form. */
    static boolean isPresigned(QueryString query) {
        return !query.isEmpty() && (query.contains("X-Amz-Algorithm") || query.contains("X-Amz-Signature"));
    }

    static SignatureParts parse(QueryString query) {
        String[] values = new String[REQUIRED.length];
        StringBuilder missing = new StringBuilder();
        for (int i = 0; i < REQUIRED.length; i++) {
            values[i] = query.get(REQUIRED[i]);
            if (values[i] == null || values[i].isEmpty()) {
                missing.append("AWS query-string parameters must include '").append(REQUIRED[i]).append("'. ");
            }
        }
        if (!missing.isEmpty()) {
            throw AuthErrors.incomplete(missing.append("Re-examine the query-string parameters.").toString());
        }
        long expires = parseExpires(query.get("X-Amz-Expires"));
        SignatureParts.checkAlgorithm(values[0]);
        return new SignatureParts(values[0], values[1], values[3], values[2], AmzDate.parseBasic(values[4]),
                expires, true);
    }

    /** AWS's S3 wording; kinesisvideo has no AuthorizationQueryParametersError, so these are incomplete. */
    private static long parseExpires(String text) {
        if (text == null) {
            return -1;
        }
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw AuthErrors.incomplete("X-Amz-Expires should be a number");
        }
        if (seconds < 0) {
            throw AuthErrors.incomplete("X-Amz-Expires must be non-negative");
        }
        if (seconds > MAX_EXPIRES_SECONDS) {
            throw AuthErrors.incomplete("X-Amz-Expires must be less than a week (in seconds); that is, the given "
                    + "X-Amz-Expires must be less than 604800 seconds");
        }
        return seconds;
    }
}
