package dev.kvsedge.server.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.http.ApiRequest;
import dev.kvsedge.server.http.ApiResponse;
import dev.kvsedge.server.http.RawRoute;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code GET /health}, without signature, for load balancers, orchestrators and people: 200 when the server can
 * reach its database and its media store, 503 when it cannot reach one of them. The body says which, how fast each
 * answered, the version and the uptime; nothing secret (the reasons of a failure go to the log only).
 */
public final class HealthRoute implements RawRoute {
    public static final String PATH = "/health";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final long startedNanos = System.nanoTime();
    private final Probe database;
    private final Probe mediaStore;

    /** Asks a dependency whether it answers; throws to say it does not. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    public HealthRoute(String version, Check database, Check mediaStore, Executor executor) {
        this.version = version;
        this.database = new Probe("database", database, executor, TIMEOUT);
        this.mediaStore = new Probe("media store", mediaStore, executor, TIMEOUT);
    }

    @Override
    public boolean signed() {
        return false;
    }

    @Override
    public boolean agentsAllowed() {
        return true;
    }

    @Override
    public String service() {
        return "kvs-edge";
    }

    @Override
    public ApiResponse handle(Caller caller, ApiRequest request, String requestId) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "/health is read with GET.");
        }
        Probe.Result db = database.run();
        Probe.Result media = mediaStore.run();
        boolean up = db.reachable() && media.reachable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("version", version);
        body.put("uptimeSeconds", Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
        body.put("database", dependency(db));
        body.put("mediaStore", dependency(media));
        try {
            return ApiResponse.json(up ? 200 : 503, requestId, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> dependency(Probe.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reachable", result.reachable());
        if (result.reachable()) {
            out.put("latencyMillis", Math.round(result.latencyMillis() * 1000) / 1000.0);
        }
        return out;
    }
}
