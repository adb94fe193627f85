package dev.kvsedge.model;

/** An error answered to the caller: a code from {@link ErrorCode} and a message safe to show them. */
public class ApiException extends RuntimeException {
    private final ErrorCode errorCode;

    public ApiException(ErrorCode errorCode, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    public static ApiException invalidArgument(String message) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
