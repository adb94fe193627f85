package dev.kvsedge.agent.upload;

/** The server answered PutMedia with an error instead of 200 (no such stream, no data retention, access denied...). */
public final class PutMediaRefusedException extends Exception {
    private final int status;
    private final String code;

    PutMediaRefusedException(int status, String code, String message) {
        super("PutMedia answered " + status + " " + code + (message.isBlank() ? "" : ": " + message.strip()));
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** A 4xx other than throttling: the stream or the credentials are wrong, which the user must fix. */
    public boolean userError() {
        return status >= 400 && status < 500 && status != 429 && !code.contains("Throttl")
                && !code.contains("LimitExceeded");
    }
}
