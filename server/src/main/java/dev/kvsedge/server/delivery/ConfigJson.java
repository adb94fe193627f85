package dev.kvsedge.server.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kvsedge.model.ApiJson;

/** A stream's delivery configuration as it is stored: its API shape as JSON, written and read with ApiJson. */
public final class ConfigJson {
    private ConfigJson() {}

    public static String write(Object config) {
        try {
            return ApiJson.mapper().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + config.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return ApiJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " does not read back", e);
        }
    }
}
