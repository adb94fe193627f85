package dev.kvsedge.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.streams.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** Builds the operation table: each entry decodes its input record and calls one domain method. */
public final class Operations {
    private static final ObjectMapper JSON = ApiJson.mapper();
    private final Map<String, OperationHandler> handlers = new LinkedHashMap<>();

    public <I> Operations add(String operation, Class<I> input, BiFunction<Scope, I, ?> method) {
        handlers.put(operation, (caller, node) -> method.apply(scope(caller), decode(node, input)));
        return this;
    }

    /** For operations whose output is empty. */
    public <I> Operations addVoid(String operation, Class<I> input, BiConsumer<Scope, I> method) {
        return add(operation, input, (scope, request) -> {
            method.accept(scope, request);
            return null;
        });
    }

    public Map<String, OperationHandler> build() {
        return Map.copyOf(handlers);
    }

    private static Scope scope(Caller caller) {
        return new Scope(caller.principal().accountId(), caller.region());
    }

    private static <I> I decode(com.fasterxml.jackson.databind.JsonNode node, Class<I> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            // The model validation ran first, so this is a shape the validator let through.
            throw new ApiException(ErrorCode.SERIALIZATION, "The request body does not match the " + type.getSimpleName() + " shape.");
        }
    }
}
