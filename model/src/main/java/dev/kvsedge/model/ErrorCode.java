package dev.kvsedge.model;

/**
 * Every error the server can answer with: the wire code (sent as {@code x-amzn-ErrorType}) and its
 * HTTP status. Modeled kinesisvideo errors keep the model's status; authentication and protocol
 * errors use the codes and statuses AWS's front end sends.
 */
public enum ErrorCode {
    // Modeled kinesisvideo errors. AccessDenied is 401 in the model, but AWS answers IAM denials with 403.
    ACCESS_DENIED("AccessDeniedException", 403),
    ACCOUNT_STREAM_LIMIT_EXCEEDED("AccountStreamLimitExceededException", 400),
    CLIENT_LIMIT_EXCEEDED("ClientLimitExceededException", 400),
    INVALID_ARGUMENT("InvalidArgumentException", 400),
    INVALID_RESOURCE_FORMAT("InvalidResourceFormatException", 400),
    NO_DATA_RETENTION("NoDataRetentionException", 400),
    NOT_AUTHORIZED("NotAuthorizedException", 401),
    MISSING_CODEC_PRIVATE_DATA("MissingCodecPrivateDataException", 400),
    INVALID_CODEC_PRIVATE_DATA("InvalidCodecPrivateDataException", 400),
    UNSUPPORTED_STREAM_MEDIA_TYPE("UnsupportedStreamMediaTypeException", 400),
    INVALID_MEDIA_FRAME("InvalidMediaFrameException", 400),
    CONNECTION_LIMIT_EXCEEDED("ConnectionLimitExceededException", 400),
    RESOURCE_IN_USE("ResourceInUseException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    STREAM_EDGE_CONFIGURATION_NOT_FOUND("StreamEdgeConfigurationNotFoundException", 404),
    TAGS_PER_RESOURCE_EXCEEDED_LIMIT("TagsPerResourceExceededLimitException", 400),
    VERSION_MISMATCH("VersionMismatchException", 400),

    // Modeled secretsmanager errors: an awsJson service answers every error with 400, a missing secret too.
    SECRET_NOT_FOUND("ResourceNotFoundException", 400),
    RESOURCE_EXISTS("ResourceExistsException", 400),
    INVALID_PARAMETER("InvalidParameterException", 400),
    INVALID_REQUEST("InvalidRequestException", 400),
    INVALID_NEXT_TOKEN("InvalidNextTokenException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    DECRYPTION_FAILURE("DecryptionFailure", 400),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocumentException", 400),

    // Protocol errors of the AWS front end (not in the model).
    VALIDATION("ValidationException", 400),
    SERIALIZATION("SerializationException", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 404),
    UNSUPPORTED_OPERATION("UnsupportedOperationException", 400),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLargeException", 413),
    METHOD_NOT_ALLOWED("MethodNotAllowedException", 405),
    /** The request did not arrive whole in time; the SDKs retry RequestTimeoutException. */
    REQUEST_TIMEOUT("RequestTimeoutException", 408),

    // Authentication errors; AWS sends these with a lowercase "message" member.
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 403),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 403),
    INVALID_SIGNATURE("InvalidSignatureException", 403),

    // Never caused by client input: a bug or an unavailable dependency. A 503 is retried by every SDK: the server is
    // shutting down, serves its limit of connections, or its data disk is full.
    INTERNAL_FAILURE("InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** AWS's authentication layer names its message member {@code message}; services use {@code Message}. */
    public boolean lowercaseMessage() {
        return this == MISSING_AUTHENTICATION_TOKEN || this == INCOMPLETE_SIGNATURE
                || this == UNRECOGNIZED_CLIENT || this == INVALID_SIGNATURE;
    }
}
