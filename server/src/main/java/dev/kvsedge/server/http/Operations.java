package dev.kvsedge.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.auth.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** Builds the operation table: each entry decodes its input record and calls one domain method. */
public final class Operations {
    private static final ObjectMapper JSON = ApiJson.mapper();
    private final Map<String, OperationHandler> handlers = new LinkedHashMap<>();

    /** A domain method that also learns the agent's hub device (null when an admin calls). */
    @FunctionalInterface
    public interface AgentAware<I> {
        Object apply(Scope scope, String agentHub, I input);
    }

    /** An admin-only operation. */
    public <I> Operations add(String operation, Class<I> input, BiFunction<Scope, I, ?> method) {
        return adminOnly(operation, input, method, false);
    }

    /**
     * An admin-only operation that only reads and blocks only on the database, so that it is tried on the event loop
     * first (see {@link OperationHandler#quick()}).
     */
    public <I> Operations addQuickRead(String operation, Class<I> input, BiFunction<Scope, I, ?> method) {
        return adminOnly(operation, input, method, true);
    }

    private <I> Operations adminOnly(String operation, Class<I> input, BiFunction<Scope, I, ?> method, boolean quick) {
        handlers.put(operation, new OperationHandler(false, input,
                (caller, node) -> method.apply(scope(caller), decode(node, input)), quick));
        return this;
    }

    /** An admin-only operation whose output is empty. */
    public <I> Operations addVoid(String operation, Class<I> input, BiConsumer<Scope, I> method) {
        return add(operation, input, (scope, request) -> {
            method.accept(scope, request);
            return null;
        });
    }

    /** An operation an edge agent may call too; the method checks the agent's hub device. */
    public <I> Operations addForAgents(String operation, Class<I> input, AgentAware<I> method) {
        handlers.put(operation, new OperationHandler(true, input,
                (caller, node) -> method.apply(scope(caller), caller.principal().hubDeviceArn(), decode(node, input))));
        return this;
    }

    /** An operation an edge agent may call too, whose output is empty. */
    public <I> Operations addVoidForAgents(String operation, Class<I> input, AgentAwareVoid<I> method) {
        return addForAgents(operation, input, (scope, hub, request) -> {
            method.accept(scope, hub, request);
            return null;
        });
    }

    @FunctionalInterface
    public interface AgentAwareVoid<I> {
        void accept(Scope scope, String agentHub, I input);
    }

    public Map<String, OperationHandler> build() {
        return Map.copyOf(handlers);
    }

    private static Scope scope(Caller caller) {
        return new Scope(caller.principal().accountId(), caller.region());
    }

    private static <I> I decode(JsonNode node, Class<I> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            // The model validation ran first, so this is a shape the validator let through.
            throw new ApiException(ErrorCode.SERIALIZATION,
                    "The request body does not match the " + type.getSimpleName() + " shape.");
        }
    }
}
