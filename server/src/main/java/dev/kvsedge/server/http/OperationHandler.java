package dev.kvsedge.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.server.auth.Caller;
import java.util.function.BiFunction;

/**
 * Serves one operation: takes the validated input, returns the output record (null for an empty
 * output). Only admins may call it unless {@code agentsAllowed}; such handlers check the agent's hub.
 */
public record OperationHandler(boolean agentsAllowed, BiFunction<Caller, JsonNode, Object> body) {

    public Object handle(Caller caller, JsonNode input) {
        return body.apply(caller, input);
    }
}
