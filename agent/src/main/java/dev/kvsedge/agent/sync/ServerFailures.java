package dev.kvsedge.agent.sync;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Set;
import javax.net.ssl.SSLException;

/** Failures to talk to the server, in words for a user: the cause, not a Java class name. */
final class ServerFailures {
    /** The errors of a key pair the server does not take: unknown or revoked, a wrong secret, another hub's key. */
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("UnrecognizedClientException",
            "InvalidSignatureException",
            "IncompleteSignatureException", "MissingAuthenticationTokenException", "AccessDeniedException");

    private ServerFailures() {}

    /** Whether the server refused the agent's key pair. */
    static boolean credentialsRejected(ApiCallException e) {
        return e.status() == 403 && CREDENTIAL_ERRORS.contains(e.code());
    }

    /** Why the server could not be reached: "connection refused", "no answer within 25 s"... */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection could be made in time";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer in time (the server is stalled, or a network in between is)";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
            }
            if (t instanceof ConnectException) {
                return "connection refused (nothing listens there)";
            }
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
