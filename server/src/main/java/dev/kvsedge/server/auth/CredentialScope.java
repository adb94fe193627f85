package dev.kvsedge.server.auth;

import dev.kvsedge.model.sigv4.SigV4;

/**
 * The Credential parameter, {@code AKID/YYYYMMDD/region/service/aws4_request}. {@code scope} is everything
 * after the key id, exactly as sent, since the string to sign repeats it.
 */
record CredentialScope(String accessKeyId, String date, String region, String service, String terminator,
        String scope) {

    static final String TERMINATOR = SigV4.TERMINATOR;

    /**
     * Splits the credential. AWS's message for a wrong element count repeats the credential; this one gives
     * only the count, because a credential that does not split in five is often a secret pasted in the wrong
     * place (secrets may contain '/').
     */
    static CredentialScope parse(String credential) {
        int[] slashes = new int[4];
        int count = 0;
        for (int i = 0; i < credential.length(); i++) {
            if (credential.charAt(i) == '/') {
                if (count == slashes.length) {
                    count++;
                    break;
                }
                slashes[count++] = i;
            }
        }
        if (count != 4) {
            throw AuthErrors.incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/term, got " + (count > 4 ? "more than 5" : count + 1) + ".");
        }
        return new CredentialScope(credential.substring(0, slashes[0]),
                credential.substring(slashes[0] + 1, slashes[1]),
                credential.substring(slashes[1] + 1, slashes[2]),
                credential.substring(slashes[2] + 1, slashes[3]),
                credential.substring(slashes[3] + 1),
                credential.substring(slashes[0] + 1));
    }

    /** Reports every scope fault at once, in AWS's words and order, each sentence followed by a space. */
    void check(String expectedService, AmzDate requestDate) {
        StringBuilder faults = null;
        if (!isRegionName(region)) {
            faults = add(faults, "Credential should be scoped to a valid region, not '" + region + "'. ");
        }
        if (!service.equals(expectedService)) {
            faults = add(faults, "Credential should be scoped to correct service: '" + expectedService + "'. ");
        }
        if (!TERMINATOR.equals(terminator)) {
            faults = add(faults, "Credential should be scoped with a valid terminator: '" + TERMINATOR + "', not '"
                    + terminator + "'. ");
        }
        if (!requestDate.text().startsWith(date) || date.length() != 8) {
            faults = add(faults, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                    + "from HTTP: '" + date + "' != '" + requestDate.day() + "', from '" + requestDate.text() + "'. ");
        }
        if (faults != null) {
            throw AuthErrors.invalid(faults.toString());
        }
    }

    /** Any region is served, but it must look like one ("us-west-2"): it becomes part of resource ARNs. */
    private static boolean isRegionName(String region) {
        if (region.isEmpty() || region.length() > 32) {
            return false;
        }
        for (int i = 0; i < region.length(); i++) {
            char c = region.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static StringBuilder add(StringBuilder faults, String fault) {
        return (faults == null ? new StringBuilder() : faults).append(fault);
    }
}
