package dev.kvsedge.server.http;

import dev.kvsedge.server.auth.Caller;

/**
 * An operation outside the JSON models: PutMedia (headers and a streamed MKV body) and the HLS and DASH
 * playback URLs (GET requests that a session token authenticates instead of SigV4).
 */
public interface RawRoute {

    /** True when the request must carry a SigV4 signature; false when the route checks its own token. */
    boolean signed();

    /** Whether it serves this method; a route that does not leaves the request to the API (the console takes GET only). */
    default boolean accepts(String method) {
        return true;
    }

    /** Which callers may use it besides admins: edge agents reach only PutMedia. */
    boolean agentsAllowed();

    /** The service whose requests it serves, as the metrics label it. */
    default String service() {
        return "kinesisvideo";
    }

    /** @param caller the verified caller, or null for an unsigned route */
    ApiResponse handle(Caller caller, ApiRequest request, String requestId);
}
