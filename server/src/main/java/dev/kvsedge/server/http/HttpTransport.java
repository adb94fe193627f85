package dev.kvsedge.server.http;

import dev.kvsedge.model.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP side of the server, on Vert.x: reads a request body up to a limit on the event loop,
 * runs the pipeline on a virtual thread (handlers block on the database), and writes the response
 * back on the connection's event loop. A request the pipeline can answer without blocking (a quick read the caches
 * answer) is answered on the event loop itself, without the two thread hand-offs. Requests to a streamed path (PutMedia) reach the pipeline as
 * soon as their headers arrive, with the body as a flow-controlled stream; streamed responses (media,
 * acknowledgements) are written by their producer on the worker thread while the client reads. A
 * {@link ConnectionGuard} closes connections held for nothing and refuses those past the cap; a body read whole must
 * arrive within {@link ConnectionLimits#requestBody}, and a streamed response whose client stops reading is cut after
 * {@link ConnectionLimits#sendStall}.
 */
public final class HttpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    /** The log context key of the client's address. */
    public static final String CLIENT = "client";
    private final Vertx vertx;
    private final Function<ApiRequest, ApiResponse> pipeline;
    private final Function<ApiRequest, ApiResponse> withoutBlocking;
    private final ExecutorService workers;
    private final int maxBodyBytes;
    private final HttpDate date;
    private final Set<String> streamedPaths;
    private final ConnectionLimits limits;
    private final ConnectionGuard guard;

    public HttpTransport(Vertx vertx, Function<ApiRequest, ApiResponse> pipeline, ExecutorService workers,
            int maxBodyBytes,
            Clock clock, Set<String> streamedPaths, ConnectionLimits limits) {
        this(vertx, pipeline, request -> null, workers, maxBodyBytes, clock, streamedPaths, limits);
    }

    /**
     * {@code withoutBlocking} is tried first, on the event loop, for every request read whole: it answers, or returns
     * null (having done nothing visible) and the request goes to {@code pipeline} on a worker.
     */
    public HttpTransport(Vertx vertx, Function<ApiRequest, ApiResponse> pipeline,
            Function<ApiRequest, ApiResponse> withoutBlocking, ExecutorService workers, int maxBodyBytes, Clock clock,
            Set<String> streamedPaths, ConnectionLimits limits) {
        this.vertx = vertx;
        this.withoutBlocking = withoutBlocking;
        this.limits = limits;
        this.guard = new ConnectionGuard(limits);
        this.streamedPaths = Set.copyOf(streamedPaths);
        this.pipeline = pipeline;
        this.workers = workers;
        this.maxBodyBytes = maxBodyBytes;
        this.date = new HttpDate(clock);
    }

    /** Listens with one server per event loop, up to one per core (each listen from here takes the next loop). */
    public Listening listen(String host, int port) throws Exception {
        // Vert.x shares a port among the servers listening on it, except port 0; a negative port is its way of
        // asking for one random port that all the servers given the same negative number share.
        int shared = port == 0 ? -1 : port;
        List<HttpServer> servers = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            servers.add(listenOn(host, shared));
        }
        long sweeps = vertx.setPeriodic(limits.sweepPeriod().toMillis(), id -> guard.sweep());
        return new Listening(servers, () -> vertx.cancelTimer(sweeps));
    }

    private HttpServer listenOn(String host, int port) throws Exception {
        // Body pieces of up to 64 KB rather than Netty's default 8 KB: a PutMedia upload costs a hand-over to its
        // reader per piece.
        // No HTTP/2 over plain http (h2c): with it, Vert.x makes a connection (and tells the guard) only once the first
        // request's headers are in, so idle sockets and slowloris senders would go unseen. No client needs it: the AWS
        // SDKs, boto3 and browsers speak HTTP/1.1 on http://, and the JDK's client falls back from its upgrade offer.
        HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024).setMaxChunkSize(64 * 1024);
        return vertx.createHttpServer(options).connectionHandler(guard::opened).requestHandler(this::accept)
                .listen(port, host).toCompletionStage().toCompletableFuture().get();
    }

    private void accept(HttpServerRequest request) {
        if (!guard.admit(request)) {
            refuse(request, ErrorCode.SERVICE_UNAVAILABLE, "kvs-edge is serving its limit of " + guard.cap()
                    + " connections at once; retry shortly.");
            return;
        }
        if (streamedPaths.contains(request.path())) {
            Context context = vertx.getOrCreateContext();
            RequestBodyStream body = new RequestBodyStream(request, context);
            guard.whenClosed(request, body::connectionClosed);
            run(request,
                    new ApiRequest(request.method().name(), request.path(), request.query(), headers(request), null,
                            body),
                    context);
            return;
        }
        String declared = request.getHeader("content-length");
        if (declared != null && parseLength(declared) > maxBodyBytes) {
            tooLarge(request);
            return;
        }
        if (expectsContinue(request)) {
            // The signature covers the body's hash, so nothing can be checked before the body is here.
            request.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] answered = {false};
        long deadline = vertx.setTimer(limits.requestBody().toMillis(), id -> {
            if (!answered[0]) {
                answered[0] = true;
                refuse(request, ErrorCode.REQUEST_TIMEOUT, "The request body did not arrive within "
                        + limits.requestBody().toSeconds() + " seconds.");
            }
        });
        request.handler(chunk -> {
            if (answered[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                answered[0] = true;
                vertx.cancelTimer(deadline);
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            vertx.cancelTimer(deadline);
            if (!answered[0]) {
                answered[0] = true;
                dispatch(request, body.getBytes());
            }
        });
    }

    private void dispatch(HttpServerRequest request, byte[] body) {
        ApiRequest apiRequest = new ApiRequest(request.method().name(), request.path(), request.query(),
                headers(request),
                body);
        String client = client(request);
        if (client != null) {
            MDC.put(CLIENT, client);
        }
        ApiResponse answered;
        try {
            answered = answer(withoutBlocking, apiRequest);
        } finally {
            MDC.remove(CLIENT);
        }
        if (answered != null) {
            write(request.response(), answered);
            return;
        }
        run(request, apiRequest, vertx.getOrCreateContext());
    }

    private void run(HttpServerRequest request, ApiRequest apiRequest, Context context) {
        String client = client(request);
        workers.execute(() -> {
            // The log context of this exchange: the client's address here, the request id from the pipeline.
            if (client != null) {
                MDC.put(CLIENT, client);
            }
            try {
                respond(request, apiRequest, context, answer(pipeline, apiRequest));
            } finally {
                MDC.clear();
            }
        });
    }

    /** The pipeline's answer; whatever escapes it (a bug) is a 500, never a request left without a response. */
    private static ApiResponse answer(Function<ApiRequest, ApiResponse> pipeline, ApiRequest apiRequest) {
        try {
            return pipeline.apply(apiRequest);
        } catch (RuntimeException | Error e) {
            String requestId = RequestIds.next();
            LOG.error("request {} failed: {} {}", requestId, apiRequest.method(), apiRequest.rawPath(), e);
            return ErrorResponses.of(ErrorCode.INTERNAL_FAILURE,
                    "An internal error occurred. Request id " + requestId + ".",
                    requestId);
        }
    }

    private void respond(HttpServerRequest request, ApiRequest apiRequest, Context context, ApiResponse response) {
        if (response.stream() != null) {
            // A buffered request that expected it got its 100 Continue when it arrived (accept).
            stream(request, response, context, apiRequest.streamed() && expectsContinue(request));
            return;
        }
        context.runOnContext(v -> {
            if (apiRequest.streamed() && request.version() != HttpVersion.HTTP_2) {
                // Refused before its body was read: the rest of the upload is not wanted (discarded, then closed).
                request.response().putHeader("Connection", "close");
                request.response().endHandler(e -> LingeringClose.after(vertx, request));
            }
            write(request.response(), response);
        });
    }

    /**
     * Sends the status and headers at once, then lets the response's producer write the body on this thread. An
     * upload that waits for {@code 100 Continue} gets it here: its signature and the caller's rights are checked
     * by now, and a refused upload got its 4xx from {@link #run} without a byte of its body being asked for.
     */
    private void stream(HttpServerRequest request, ApiResponse response, Context context, boolean sayContinue) {
        HttpServerResponse out = request.response();
        context.runOnContext(v -> {
            if (sayContinue) {
                out.writeContinue();
            }
            out.setStatusCode(response.status()).setChunked(true);
            out.putHeader("Date", date.now());
            response.headers().forEach(out::putHeader);
            out.writeHead();
        });
        ResponseOutputStream body = new ResponseOutputStream(out, context, limits.sendStall());
        try {
            response.stream().writeTo(body);
            // An upload the server stopped reading (an error, a replacing connection, the idle timeout): once the
            // response is out, discard the rest of the upload and close. Set before the response ends.
            context.runOnContext(v -> {
                if (!request.isEnded()) {
                    out.endHandler(e -> LingeringClose.after(vertx, request));
                }
            });
            body.close();
        } catch (IOException | RuntimeException e) {
            // The status line is gone already: cut the connection so the client sees an incomplete body.
            LOG.debug("streamed response ended early: {}", e.toString());
            context.runOnContext(v -> out.reset());
        }
    }

    private void tooLarge(HttpServerRequest request) {
        refuse(request, ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                "The request body is larger than " + maxBodyBytes + " bytes.");
    }

    /** Answers an error before the request was read whole, and ends its connection: the rest is not wanted. */
    private void refuse(HttpServerRequest request, ErrorCode code, String message) {
        ApiResponse response = ErrorResponses.of(code, message, RequestIds.next());
        HttpServerResponse out = request.response();
        if (request.version() != HttpVersion.HTTP_2) {
            // The rest of the body is not wanted: the connection ends (after discarding it) with this response.
            out.putHeader("Connection", "close");
            out.endHandler(v -> LingeringClose.after(vertx, request));
        }
        write(out, response);
    }

    private void write(HttpServerResponse out, ApiResponse response) {
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(response.status());
        out.putHeader("Date", date.now());
        response.headers().forEach(out::putHeader);
        out.end(Buffer.buffer(response.body()));
    }

    private static String client(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private static Map<String, List<String>> headers(HttpServerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers()
                .forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                        .add(e.getValue()));
        // HTTP/2 carries the host as the :authority pseudo-header; SigV4 signs it as "host".
        if (!headers.containsKey("host") && request.authority() != null) {
            headers.put("host", List.of(request.authority().toString()));
        }
        return headers;
    }

    /** HTTP/1.1 clients that send {@code Expect: 100-continue} (curl, libcurl) hold the body back until told. */
    private static boolean expectsContinue(HttpServerRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader("expect"));
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
