package dev.kvsedge.server.auth;

import dev.kvsedge.model.sigv4.SigV4;

/**
 * What a request claims about its signature, read from the Authorization header or the presigned query but
 * not yet checked. {@code expiresSeconds} is the presigned X-Amz-Expires, or -1 when there is none.
 */
record SignatureParts(String algorithm, String credential, String signedHeaders, String signature,
        AmzDate date, long expiresSeconds, boolean presigned) {

    static final String ALGORITHM = SigV4.ALGORITHM;

    /** Checked before the date, as AWS does, so an unknown scheme is named as such. */
    static void checkAlgorithm(String algorithm) {
        if (!ALGORITHM.equals(algorithm)) {
            throw AuthErrors.incomplete("Unsupported AWS 'algorithm': '" + algorithm + "' (only " + ALGORITHM
                    + " for now). ");
        }
    }

    /** SigV4 binds a signature to one host; AWS refuses signatures that leave it out. */
    void checkHostSigned() {
        if (!HeaderLists.contains(signedHeaders, "host") && !HeaderLists.contains(signedHeaders, ":authority")) {
            throw AuthErrors.invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }
}
