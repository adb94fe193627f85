package dev.kvsedge.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.server.auth.Caller;

/** Serves one operation: takes the validated input, returns the output record (null for an empty output). */
@FunctionalInterface
public interface OperationHandler {
    Object handle(Caller caller, JsonNode input);
}
