package dev.kvsedge.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.shape.Operation;
import dev.kvsedge.model.shape.RequestValidator;
import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.auth.SigV4Verifier;
import dev.kvsedge.server.auth.SignedRequest;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline of a rest-json service, in AWS's order: authenticate, route by path,
 * decode JSON (SerializationException), validate against the model (ValidationException), then
 * call the operation's handler and encode its output. Client input never escapes as a 5xx.
 */
public final class ApiDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final ObjectMapper JSON = ApiJson.mapper();
    /** One JSON value per body: content after it is an error, as it is for AWS. */
    private static final ObjectReader READER = JSON.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final byte[] EMPTY_OUTPUT = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final SigV4Verifier verifier;
    private final ServiceModel model;
    private final RequestValidator validator;
    private final Map<String, OperationHandler> handlers;

    public ApiDispatcher(SigV4Verifier verifier, ServiceModel model, Map<String, OperationHandler> handlers) {
        this.verifier = verifier;
        this.model = model;
        this.validator = new RequestValidator(model);
        this.handlers = Map.copyOf(handlers);
    }

    public ApiResponse handle(ApiRequest request) {
        String requestId = UUID.randomUUID().toString();
        try {
            return ApiResponse.json(200, requestId, serve(request));
        } catch (ApiException e) {
            return ErrorResponses.of(e, requestId);
        } catch (RuntimeException e) {
            LOG.error("request {} failed: {} {}", requestId, request.method(), request.rawPath(), e);
            return ErrorResponses.of(ErrorCode.INTERNAL_FAILURE, "An internal error occurred. Request id " + requestId + ".", requestId);
        }
    }

    private byte[] serve(ApiRequest request) {
        Caller caller = verifier.verify(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), request.body()), model.endpointPrefix());
        Operation operation = model.operationAt(request.rawPath()).orElseThrow(() -> new ApiException(
                ErrorCode.UNKNOWN_OPERATION, "No " + model.endpointPrefix() + " operation is served at " + request.rawPath() + "."));
        if (!operation.method().equals(request.method())) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    operation.name() + " is called with " + operation.method() + ", not " + request.method() + ".");
        }
        OperationHandler handler = handlers.get(operation.name());
        if (handler == null) {
            throw new ApiException(ErrorCode.UNSUPPORTED_OPERATION,
                    "kvs-edge does not support the " + model.endpointPrefix() + " operation " + operation.name() + ".");
        }
        if (!caller.principal().isAdmin() && !handler.agentsAllowed()) {
            throw new ApiException(ErrorCode.ACCESS_DENIED, "User: " + caller.accessKeyId() + " is not authorized to perform: "
                    + model.endpointPrefix() + ":" + operation.name() + " (edge agent credentials reach only what a hub device needs)");
        }
        JsonNode input = parse(request.body());
        if (operation.input() != null) {
            validator.validate(input, operation.input());
        }
        Object output = handler.handle(caller, input);
        return output == null ? EMPTY_OUTPUT : encode(output);
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
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
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
}
