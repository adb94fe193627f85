package dev.kvsedge.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.shape.Operation;
import dev.kvsedge.server.auth.AuthFailures;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.auth.SigV4Verifier;
import dev.kvsedge.server.auth.SignedRequest;
import dev.kvsedge.server.loop.OnEventLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The request pipeline, in AWS's order: pick the service (X-Amz-Target names an awsJson one, else the
 * rest-json one), authenticate for it, route to the operation, check the caller may call it, decode
 * JSON (SerializationException), validate against the model (ValidationException), then call the
 * handler and encode its output. Client input never escapes as a 5xx.
 *
 * <p>Each request's id is in the log context ({@value #REQUEST_ID}) while it is served, and each is counted: by
 * operation, with its latency, and by error code when it is answered with an error.
 */
public final class ApiDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final ObjectMapper JSON = ApiJson.mapper();
    /** One JSON value per body: content after it is an error, as it is for AWS. */
    private static final ObjectReader READER = JSON.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final byte[] EMPTY_OUTPUT = "{}".getBytes(StandardCharsets.UTF_8);
    /** The log context key of the request id. */
    public static final String REQUEST_ID = "requestId";

    private final SigV4Verifier verifier;
    private final List<ApiService> restJson;
    private final Map<String, ApiService> byTargetPrefix;
    private final Map<String, RawRoute> rawRoutes;
    private final Map<String, String> rawOperations;
    private final RequestMeters meters;
    private final AuthFailures authFailures;

    /** How far routing got, for the metrics: the service and operation, or {@link RequestMeters#UNKNOWN}. */
    private static final class Route {
        String service = RequestMeters.UNKNOWN;
        String operation = RequestMeters.UNKNOWN;
    }

    /**
     * {@code restJson} serve requests without X-Amz-Target by path (the first is the main service, which
     * answers unknown paths); each of {@code awsJson} those whose target names it; {@code rawRoutes} the
     * paths that no model describes (a key ending in {@code /*} serves every path under it).
     */
    public ApiDispatcher(SigV4Verifier verifier, List<ApiService> restJson, List<ApiService> awsJson,
            Map<String, RawRoute> rawRoutes, MeterRegistry registry, AuthFailures authFailures) {
        this.verifier = verifier;
        this.restJson = List.copyOf(restJson);
        this.byTargetPrefix = awsJson.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                s -> s.model().targetPrefix(), s -> s));
        this.rawRoutes = Map.copyOf(rawRoutes);
        this.rawOperations = rawRoutes.keySet().stream().collect(Collectors.toUnmodifiableMap(p -> p,
                p -> operationAt(p.endsWith("/*") ? p.substring(0, p.length() - 2) : p)));
        this.meters = new RequestMeters(registry);
        this.authFailures = authFailures;
    }

    /**
     * Serves one request on the calling thread, and leaves its id in that thread's log context: a streamed response
     * goes on being written there. The caller clears the context when the exchange is over.
     */
    public ApiResponse handle(ApiRequest request) {
        String requestId = RequestIds.next();
        MDC.put(REQUEST_ID, requestId);
        long start = System.nanoTime();
        Route route = new Route();
        ApiResponse response;
        try {
            response = serve(request, requestId, route);
        } catch (ApiException e) {
            response = ErrorResponses.of(e, requestId);
        } catch (OnEventLoop.WouldBlock e) {
            throw e; // an attempt on the event loop, abandoned: served again on a worker, counted then
        } catch (RuntimeException e) {
            LOG.error("request {} failed: {} {}", requestId, request.method(), request.rawPath(), e);
            response = ErrorResponses.of(ErrorCode.INTERNAL_FAILURE,
                    "An internal error occurred. Request id " + requestId + ".", requestId);
        }
        meters.record(route.service, route.operation, System.nanoTime() - start);
        String error = response.headers().get("x-amzn-ErrorType");
        if (error != null) {
            meters.error(route.service, route.operation, error);
        }
        return response;
    }

    /**
     * Serves the request on the calling thread, an event loop, if it can without blocking: an operation marked
     * {@link OperationHandler#quick() quick} whose reads the caches answer. Else null, having left nothing that serving
     * it again on a worker thread would repeat (no metrics, no log context).
     */
    public ApiResponse handleWithoutBlocking(ApiRequest request) {
        if (!quick(request)) {
            return null;
        }
        try {
            return OnEventLoop.attempt(() -> handle(request));
        } finally {
            MDC.remove(REQUEST_ID);
        }
    }

    /** Whether the request is for a quick operation of a rest-json service (routing alone: nothing checked yet). */
    private boolean quick(ApiRequest request) {
        if (request.streamed() || request.header("x-amz-target") != null || rawRouteKey(request) != null) {
            return false;
        }
        ApiService service = serviceAt(request.rawPath());
        OperationHandler handler = service.model().operationAt(request.rawPath())
                .map(operation -> service.handlers().get(operation.name())).orElse(null);
        return handler != null && handler.quick();
    }

    private ApiResponse serve(ApiRequest request, String requestId, Route route) {
        String target = request.header("x-amz-target");
        String rawKey = target == null ? rawRouteKey(request) : null;
        if (rawKey != null) {
            RawRoute raw = rawRoutes.get(rawKey);
            route.service = raw.service();
            route.operation = rawOperations.get(rawKey);
            return serveRaw(raw, request, requestId);
        }
        if (request.streamed()) {
            throw new IllegalStateException("no raw route streams " + request.rawPath());
        }
        ApiService service = target == null ? serviceAt(request.rawPath()) : serviceFor(target);
        route.service = service.model().endpointPrefix();
        Caller caller = authenticate(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), request.body()), service.model().endpointPrefix());
        Operation operation = target == null ? routeByPath(service, request) : routeByTarget(service, target, request);
        route.operation = operation.name();
        OperationHandler handler = service.handlers().get(operation.name());
        if (handler == null) {
            throw new ApiException(ErrorCode.UNSUPPORTED_OPERATION, "kvs-edge does not support the "
                    + service.model().endpointPrefix() + " operation " + operation.name() + ".");
        }
        if (!caller.principal().isAdmin() && !handler.agentsAllowed()) {
            throw new ApiException(ErrorCode.ACCESS_DENIED,
                    "User: " + caller.accessKeyId() + " is not authorized to perform: "
                            + service.model().endpointPrefix() + ":" + operation.name()
                            + " (edge agent credentials reach only what a hub device needs)");
        }
        JsonNode input = parse(request.body());
        if (operation.input() != null) {
            service.validator().validate(input, operation.input());
        }
        Object output = handler.handle(caller, input);
        if (output instanceof MediaOutput media) {
            return ApiResponse.streaming(200,
                    Map.of("Content-Type", media.contentType(), "x-amzn-RequestId", requestId),
                    media.body());
        }
        byte[] body = output == null ? EMPTY_OUTPUT : encode(output);
        return new ApiResponse(200, Map.of("Content-Type", service.contentType(), "x-amzn-RequestId", requestId), body);
    }

    /**
     * The key of the raw route of the request's path: that exact path, else its first segment with {@code *}
     * ({@code /console/*} serves {@code /console/js/app.js}); only if its route accepts the request's method.
     */
    private String rawRouteKey(ApiRequest request) {
        String path = request.rawPath();
        String key = path;
        int slash = path.indexOf('/', 1);
        if (!rawRoutes.containsKey(key) && slash > 0) {
            key = path.substring(0, slash + 1) + "*";
        }
        RawRoute route = rawRoutes.get(key);
        return route != null && route.accepts(request.method()) ? key : null;
    }

    private ApiResponse serveRaw(RawRoute route, ApiRequest request, String requestId) {
        Caller caller = null;
        if (route.signed()) {
            caller = authenticate(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                    request.headers(), request.body()), restJson.getFirst().model().endpointPrefix());
            if (!caller.principal().isAdmin() && !route.agentsAllowed()) {
                throw new ApiException(ErrorCode.ACCESS_DENIED, "User: " + caller.accessKeyId()
                        + " is not authorized to perform this operation (edge agent credentials reach only what a hub"
                        + " device needs)");
            }
        }
        return route.handle(caller, request, requestId);
    }

    private Caller authenticate(SignedRequest request, String service) {
        try {
            return verifier.verify(request, service);
        } catch (ApiException e) {
            authFailures.refused(request, e);
            throw e;
        }
    }

    /** A raw route's operation for the metrics, from its path: {@code /hls/v1/getTSFragment.ts} is GetTSFragment. */
    private static String operationAt(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        name = dot < 0 ? name : name.substring(0, dot);
        return name.isEmpty()
                ? RequestMeters.UNKNOWN
                : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    /** The rest-json service whose model serves the path; the main one when none does (it answers the 404). */
    private ApiService serviceAt(String rawPath) {
        for (ApiService service : restJson) {
            if (service.model().operationAt(rawPath).isPresent()) {
                return service;
            }
        }
        return restJson.getFirst();
    }

    private ApiService serviceFor(String target) {
        int dot = target.indexOf('.');
        ApiService service = dot < 0 ? null : byTargetPrefix.get(target.substring(0, dot));
        if (service == null) {
            throw new ApiException(ErrorCode.UNKNOWN_OPERATION,
                    "No service here answers the X-Amz-Target " + target + ".");
        }
        return service;
    }

    private static Operation routeByPath(ApiService service, ApiRequest request) {
        Operation operation = service.model().operationAt(request.rawPath()).orElseThrow(() -> new ApiException(
                ErrorCode.UNKNOWN_OPERATION, "No " + service.model().endpointPrefix() + " operation is served at "
                        + request.rawPath() + "."));
        if (!operation.method().equals(request.method())) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    operation.name() + " is called with " + operation.method() + ", not " + request.method() + ".");
        }
        return operation;
    }

    private static Operation routeByTarget(ApiService service, String target, ApiRequest request) {
        Operation operation = service.model().operationNamed(target.substring(target.indexOf('.') + 1))
                .orElseThrow(() -> new ApiException(ErrorCode.UNKNOWN_OPERATION,
                        "The X-Amz-Target " + target + " names no operation."));
        if (!request.method().equals("POST")) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    operation.name() + " is called with POST, not " + request.method() + ".");
        }
        return operation;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = READER.readValue(body);
            return node == null || node.isMissingNode() ? JSON.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the body, which may hold secrets: say only where it broke.
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw new ApiException(ErrorCode.SERIALIZATION, "The request body is not valid JSON" + where + ".");
        } catch (IOException e) {
            throw new ApiException(ErrorCode.SERIALIZATION, "The request body could not be read as JSON.");
        }
    }

    private static byte[] encode(Object output) {
        try {
            return JSON.writeValueAsBytes(output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + output.getClass().getSimpleName(), e);
        }
    }

    /** The services answered here with their operations, rest-json ones first. */
    public List<ApiService> services() {
        List<ApiService> all = new java.util.ArrayList<>(restJson);
        all.addAll(byTargetPrefix.values());
        return List.copyOf(all);
    }
}
