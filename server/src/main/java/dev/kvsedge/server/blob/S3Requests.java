package dev.kvsedge.server.blob;

import dev.kvsedge.model.sigv4.SigV4;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Signed S3 requests over the JDK's HTTP client, with a few retries for the failures S3 documents as
 * transient (500, 503 SlowDown, a dropped connection). Every request it makes is idempotent, which is what
 * makes retrying safe.
 *
 * <p>URLs are made of the bucket and object keys unchanged: both are restricted to unreserved characters and
 * '/', so they need no percent-encoding, and {@link SigV4Signer}'s second encoding of the path (right for
 * other services, wrong for S3) changes nothing in them.
 */
final class S3Requests implements AutoCloseable {

    static final String SERVICE = "s3";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final int ATTEMPTS = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the response headers: an upload's whole body goes first, so PUT gets longer. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PUT_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final S3Config config;
    private final SigV4Signer signer;
    private final HttpClient http;
    private final String basePath;

    S3Requests(S3Config config, Clock clock) {
        this.config = config;
        this.signer = new SigV4Signer(config.accessKeyId(), config.secretAccessKey(), clock);
        // HTTP/1.1: on plain http the JDK would otherwise try an h2c upgrade that S3-compatible servers refuse.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
        String path = config.endpoint().getRawPath();
        this.basePath = path == null ? "" : path.replaceAll("/+$", "");
    }

    /** The URL of an object, path-style {@code endpoint/bucket/key} or virtual-host {@code bucket.host/key}. */
    URI objectUri(String objectKey) {
        return uri("/" + objectKey, null);
    }

    /** The URL of the bucket itself with a query (no '?'), for bucket-level calls. */
    URI bucketUri(String rawQuery) {
        return uri(config.pathStyle() ? "" : "/", rawQuery);
    }

    private URI uri(String path, String rawQuery) {
        URI endpoint = config.endpoint();
        String host = config.pathStyle() ? endpoint.getHost() : config.location().bucket() + "." + endpoint.getHost();
        String fullPath = basePath + (config.pathStyle() ? "/" + config.location().bucket() : "") + path;
        return URI
                .create(endpoint.getScheme() + "://" + host + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort())
                        + fullPath + (rawQuery == null ? "" : "?" + rawQuery));
    }

    /**
     * Sends a request without a body. The response body is open: the caller reads or closes it.
     *
     * @param headers further headers to send and sign (e.g. range), lower-case names
     */
    S3Response send(String method, URI uri, Map<String, String> headers) throws IOException {
        return send(method, uri, headers, (HttpRequest.BodyPublisher) null, EMPTY_SHA256);
    }

    /** Sends {@code bodyFile} (null: no body), whose SHA-256 is {@code payloadSha256Hex}. */
    S3Response send(String method, URI uri, Map<String, String> headers, Path bodyFile, String payloadSha256Hex)
            throws IOException {
        // A file's publisher reopens the file for each attempt.
        return send(method, uri, headers, bodyFile == null ? null : HttpRequest.BodyPublishers.ofFile(bodyFile),
                payloadSha256Hex);
    }

    /** Sends {@code body}, a few bytes held in memory (an image). */
    S3Response send(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
        return send(method, uri, headers, HttpRequest.BodyPublishers.ofByteArray(body), SigV4.sha256Hex(body));
    }

    private S3Response send(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body,
            String payloadSha256Hex)
            throws IOException {
        IOException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                S3Response response = sendOnce(method, uri, headers, body, payloadSha256Hex);
                if (!isTransient(response.status()) || attempt == ATTEMPTS) {
                    return response;
                }
                response.body().close();
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failure = e;
            }
        }
        throw failure;
    }

    private S3Response sendOnce(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body,
            String payloadSha256Hex)
            throws IOException {
        // Signed anew for each attempt: the signature carries the time.
        Map<String, String> added = signer.signPayloadHash(method, uri, config.region(), SERVICE, headers,
                payloadSha256Hex);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(body == null ? TIMEOUT : PUT_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        headers.forEach(request::header);
        // The JDK sets Host itself, to the value the signer signed (host, and port unless the default).
        added.forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new S3Response(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted during S3 " + method + " " + uri.getRawPath());
        }
    }

    /** Reads an error response and closes it. */
    S3Error readError(S3Response response) throws IOException {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        }
        String xml = new String(body, StandardCharsets.UTF_8);
        return new S3Error(response.status(), S3Errors.element(xml, "Code"),
                S3Errors.describe(response.status(), body, config.secretAccessKey()));
    }

    private static boolean isTransient(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }

    private static void pause(int attempt) throws InterruptedIOException {
        try {
            Thread.sleep(100L << (2 * (attempt - 2))); // 100 ms, then 400 ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted between S3 retries");
        }
    }

    /**
     * Lets requests in flight finish for a few seconds, then aborts them: HttpClient.close() alone would wait
     * for every response body, also one that a reader never closes.
     */
    @Override
    public void close() {
        http.shutdown();
        try {
            if (!http.awaitTermination(CLOSE_GRACE)) {
                http.shutdownNow();
            }
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A response whose body is still to be read or closed. */
    record S3Response(int status, HttpHeaders headers, InputStream body) {

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** Reads the rest of a body that is not needed, so the connection can serve the next request. */
        void discard() throws IOException {
            try (InputStream in = body) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    /**
     * An S3 error: its status, its code when the body had one (HEAD responses have none) and a description
     * for exception messages, "HTTP 404 NoSuchKey: The specified key does not exist.".
     */
    record S3Error(int status, String code, String description) {}
}
