package dev.kvsedge.server.auth;

/**
 * Reads {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}.
 *
 * <p>Like AWS, it splits the parameters on commas and whitespace alike, so "a=1,b=2", "a=1, b=2" and
 * "a=1 b=2" all parse, and it ignores parameters it does not know. Errors never repeat the header (it holds
 * the signature, or for a misdirected client a bearer token): they give its SHA-256 in Base64, as AWS does.
 */
final class AuthorizationHeader {

    private AuthorizationHeader() {}

    static SignatureParts parse(String authorization, SignedRequest request) {
        String header = authorization.strip();
        int algorithmEnd = 0;
        while (algorithmEnd < header.length() && !isSeparator(header.charAt(algorithmEnd))) {
            algorithmEnd++;
        }
        String algorithm = header.substring(0, algorithmEnd);
        if (algorithm.indexOf('=') >= 0) {
            throw AuthErrors.incomplete("Authorization header must begin with the algorithm name, which cannot "
                    + "include an equal-sign. " + hashedForm(authorization));
        }

        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int i = algorithmEnd;
        while (i < header.length()) {
            if (isSeparator(header.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < header.length() && !isSeparator(header.charAt(end))) {
                end++;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0 || eq >= end) {
                throw AuthErrors.incomplete("Invalid key=value pair (missing equal-sign) in Authorization header "
                        + "(hashed with SHA-256 and encoded with Base64): '"
                        + AuthErrors.hashedAuthorization(authorization) + "'.");
            }
            if (isKey(header, i, eq, "Credential")) {
                credential = credential == null ? header.substring(eq + 1, end) : credential;
            } else if (isKey(header, i, eq, "SignedHeaders")) {
                signedHeaders = signedHeaders == null ? header.substring(eq + 1, end) : signedHeaders;
            } else if (isKey(header, i, eq, "Signature")) {
                signature = signature == null ? header.substring(eq + 1, end) : signature;
            }
            i = end;
        }

        String amzDate = request.header("x-amz-date");
        String httpDate = amzDate == null ? request.header("date") : null;
        StringBuilder missing = new StringBuilder();
        requireParameter(missing, credential, "Credential");
        requireParameter(missing, signature, "Signature");
        requireParameter(missing, signedHeaders, "SignedHeaders");
        if (amzDate == null && httpDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw AuthErrors.incomplete(missing.append(hashedForm(authorization)).toString());
        }

        SignatureParts.checkAlgorithm(algorithm);
        AmzDate date = amzDate != null ? AmzDate.parseBasic(amzDate) : AmzDate.parseHttpDate(httpDate);
        return new SignatureParts(algorithm, credential, signedHeaders, signature, date, -1, false);
    }

    private static void requireParameter(StringBuilder missing, String value, String name) {
        if (value == null || value.isEmpty()) {
            missing.append("Authorization header requires '").append(name).append("' parameter. ");
        }
    }

    private static String hashedForm(String authorization) {
        return "(Hashed with SHA-256 and encoded with Base64) Authorization="
                + AuthErrors.hashedAuthorization(authorization);
    }

    private static boolean isKey(String header, int start, int end, String key) {
        return end - start == key.length() && header.startsWith(key, start);
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ' ' || c == '\t';
    }
}
