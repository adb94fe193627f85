package dev.kvsedge.model.sigv4;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the SigV4 canonical request of a non-S3 service, for the verifier (from the request as received and
 * the client's own SignedHeaders list) and for {@link SigV4Signer} alike, so that both canonicalize the same.
 * Clients disagree on what to sign (boto3 and the aws CLI sign content-type;host;x-amz-date, the Java SDK v2
 * adds x-amz-content-sha256 and amz-sdk-*), and only the list they sent says which it was.
 */
public final class CanonicalRequest {

    private CanonicalRequest() {}

    /**
     * Appends method, URI, query, headers and the signed-headers line, each ended by a newline. The payload
     * hash comes last and is left to the caller, which may need to try more than one.
     *
     * @param rawPath       the path exactly as on the request line, still percent-encoded; it is encoded once
     *                      more, as AWS does for every service but S3
     * @param excludedParam a query parameter to leave out (the presigned form's X-Amz-Signature), or null
     * @param headers       lower-case header names to their values in arrival order; read, never changed
     * @param signedHeaders the SignedHeaders list, e.g. "content-type;host;x-amz-date"
     */
    public static StringBuilder withoutPayload(String method, String rawPath, QueryString query,
            @Nullable String excludedParam, Map<String, List<String>> headers,
            String signedHeaders) {
        StringBuilder out = new StringBuilder(512);
        out.append(method).append('\n');
        AwsUriEncoding.appendCanonicalPath(out, rawPath);
        out.append('\n');
        query.appendCanonical(out, excludedParam);
        out.append('\n');
        appendHeaders(out, headers, signedHeaders);
        out.append('\n').append(signedHeaders).append('\n');
        return out;
    }

    /** One "name:value" line per signed header, repeated headers joined with ','. */
    private static void appendHeaders(StringBuilder out, Map<String, List<String>> headers, String signedHeaders) {
        int start = 0;
        while (start <= signedHeaders.length()) {
            int end = signedHeaders.indexOf(';', start);
            if (end < 0) {
                end = signedHeaders.length();
            }
            if (end > start) {
                String name = signedHeaders.substring(start, end).toLowerCase(Locale.ROOT);
                out.append(name).append(':');
                List<String> values = headers.get(name);
                if (values == null && name.equals("host")) {
                    // HTTP/2 has no Host header; clients sign the :authority value under "host".
                    values = headers.get(":authority");
                }
                if (values != null) {
                    for (int i = 0; i < values.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        appendValue(out, values.get(i));
                    }
                }
                out.append('\n');
            }
            start = end + 1;
        }
    }

    /**
     * The value trimmed, with each run of whitespace inside it reduced to one space. Copies whole words at a
     * time: appending character by character was the verifier's largest cost.
     */
    static void appendValue(StringBuilder out, String value) {
        int i = 0;
        int end = value.length();
        while (end > 0 && isSpace(value.charAt(end - 1))) {
            end--;
        }
        boolean first = true;
        while (i < end) {
            while (i < end && isSpace(value.charAt(i))) {
                i++;
            }
            int wordEnd = i;
            while (wordEnd < end && !isSpace(value.charAt(wordEnd))) {
                wordEnd++;
            }
            if (!first) {
                out.append(' ');
            }
            out.append(value, i, wordEnd);
            first = false;
            i = wordEnd;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }
}
