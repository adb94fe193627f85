package dev.kvsedge.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.server.auth.Caller;
import java.util.function.BiFunction;

/**
 * Serves one operation: takes the validated input, returns the output record (null for an empty
 * output). Only admins may call it unless {@code agentsAllowed}; such handlers check the agent's hub.
 *
 * @param input the record the input is decoded into (tests pair its components with the model's members)
 * @param quick whether it may be tried on the event loop: it only reads, and blocks only on the database (which
 *              abandons the attempt, see {@code OnEventLoop}), so that a cache hit answers it without a worker thread
 */
public record OperationHandler(boolean agentsAllowed, Class<?> input, BiFunction<Caller, JsonNode, Object> body,
        boolean quick) {

    public OperationHandler(boolean agentsAllowed, Class<?> input, BiFunction<Caller, JsonNode, Object> body) {
        this(agentsAllowed, input, body, false);
    }

    public Object handle(Caller caller, JsonNode input) {
        return body.apply(caller, input);
    }
}
