package dev.kvsedge.model.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A service's operations and shapes, read from the constraint table that {@code tools/extract-model.py}
 * takes from botocore's model. The table is the contract: validation is driven by it, not typed by hand.
 */
public final class ServiceModel {
    private final String endpointPrefix;
    private final @Nullable String targetPrefix;
    private final Map<String, Operation> operations;
    private final Map<String, Operation> operationsByPath;
    private final Map<String, Shape> shapes;

    private ServiceModel(String endpointPrefix, @Nullable String targetPrefix, Map<String, Operation> operations,
            Map<String, Shape> shapes) {
        this.endpointPrefix = endpointPrefix;
        this.targetPrefix = targetPrefix;
        this.operations = Map.copyOf(operations);
        this.shapes = Map.copyOf(shapes);
        Map<String, Operation> byPath = new LinkedHashMap<>();
        operations.values().forEach(op -> byPath.put(op.path(), op));
        this.operationsByPath = Map.copyOf(byPath);
    }

    /**
     * Loads {@code /dev/kvsedge/model/TABLE.json} tables from the class path into one model: the first
     * is the service's own, later ones add operations and shapes (kvs-edge's documented extensions).
     */
    public static ServiceModel load(String... tables) {
        Map<String, Operation> operations = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        String endpointPrefix = null;
        String targetPrefix = null;
        for (String table : tables) {
            JsonNode root = read(table + ".json");
            if (endpointPrefix == null) {
                endpointPrefix = root.path("metadata").path("endpointPrefix").asText();
                targetPrefix = textOrNull(root.path("metadata"), "targetPrefix");
            }
            root.path("operations").properties()
                    .forEach(e -> operations.put(e.getKey(), operation(e.getKey(), e.getValue())));
            root.path("shapes").properties().forEach(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
        }
        if (endpointPrefix == null) {
            throw new IllegalArgumentException("no model table to load");
        }
        return new ServiceModel(endpointPrefix, targetPrefix, operations, shapes);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ServiceModel.class.getResourceAsStream("/dev/kvsedge/model/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing model table " + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Operation operation(String name, JsonNode op) {
        List<String> errors = new ArrayList<>();
        op.path("errors").forEach(err -> errors.add(err.asText()));
        return new Operation(name, op.path("method").asText(), op.path("path").asText(),
                textOrNull(op, "input"), textOrNull(op, "output"), List.copyOf(errors));
    }

    private static Shape shape(String name, JsonNode node) {
        Map<String, String> members = new LinkedHashMap<>();
        node.path("members").properties().forEach(m -> members.put(m.getKey(), m.getValue().path("shape").asText()));
        Set<String> required = new LinkedHashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        List<String> enumValues = new ArrayList<>();
        node.path("enum").forEach(v -> enumValues.add(v.asText()));
        String pattern = textOrNull(node, "pattern");
        return new Shape(name,
                Shape.ShapeType.valueOf(node.path("type").asText().toUpperCase(Locale.ROOT)),
                members,
                required,
                textOrNull(node.path("member"), "shape"),
                textOrNull(node.path("key"), "shape"),
                textOrNull(node.path("value"), "shape"),
                node.has("min") ? node.get("min").asLong() : null,
                node.has("max") ? node.get("max").asLong() : null,
                pattern == null ? null : Pattern.compile(pattern),
                List.copyOf(enumValues),
                node.path("sensitive").asBoolean(false));
    }

    private static @Nullable String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public String endpointPrefix() {
        return endpointPrefix;
    }

    /** The X-Amz-Target prefix of an awsJson service (say {@code secretsmanager}), or null for a rest-json one. */
    public @Nullable String targetPrefix() {
        return targetPrefix;
    }

    /** The operation an awsJson request names in {@code X-Amz-Target: PREFIX.Operation}. */
    public Optional<Operation> operationNamed(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public Optional<Operation> operationAt(String path) {
        return Optional.ofNullable(operationsByPath.get(path));
    }

    public Operation operation(String name) {
        Operation op = operations.get(name);
        if (op == null) {
            throw new IllegalArgumentException("no operation " + name);
        }
        return op;
    }

    public Map<String, Operation> operations() {
        return operations;
    }

    public Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no shape " + name);
        }
        return shape;
    }
}
