package dev.kvsedge.agent.sync;

/**
 * The server answered a call with an AWS error. A 4xx other than throttling is the caller's problem and retrying
 * the same call will not help; a 5xx or a throttle is the server's, and is retried like a network failure.
 */
public final class ApiCallException extends Exception {
    private final int status;
    private final String code;

    public ApiCallException(int status, String code, String message) {
        super(status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The x-amzn-ErrorType (or awsJson __type) without any namespace, e.g. ResourceNotFoundException. */
    public String code() {
        return code;
    }

    /** Whether the same request would fail again: the request or the resources are wrong, not the server. */
    public boolean permanent() {
        return status >= 400 && status < 500 && status != 429 && !code.contains("Throttl")
                && !code.equals("LimitExceededException");
    }
}
