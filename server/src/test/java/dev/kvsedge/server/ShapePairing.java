package dev.kvsedge.server;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.model.shape.Shape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pairs a Java type with a model shape as the JSON codec ({@link ApiJson}) reads or writes it: every member of a
 * structure with a record component of the same wire name and a fitting type, every component with a member, down
 * through lists, maps and nested structures. What does not pair is collected as one line each.
 */
final class ShapePairing {
    /** Whether the record is decoded from a request (as Jackson deserializes) or encoded into a response. */
    enum Direction { READ, WRITE }

    private static final ObjectMapper JSON = ApiJson.mapper();

    private final ServiceModel model;
    /** "Shape.Member" left unpaired on purpose, with why; each must be used, or it is reported as stale. */
    private final Map<String, String> deliberate;
    private final Set<String> deliberateUsed = new HashSet<>();
    private final Set<String> paired = new HashSet<>();
    private final List<String> mismatches = new ArrayList<>();

    ShapePairing(ServiceModel model, Map<String, String> deliberate) {
        this.model = model;
        this.deliberate = deliberate;
    }

    void pair(String where, Class<?> type, String shapeName, Direction direction) {
        pair(where, JSON.constructType(type), shapeName, direction);
    }

    List<String> mismatches() {
        return mismatches;
    }

    /** The exceptions that no member needed (the model or the record changed since they were written). */
    Set<String> unusedExceptions(Set<String> keys) {
        Set<String> unused = new HashSet<>(keys);
        unused.removeAll(deliberateUsed);
        return unused;
    }

    private void pair(String where, JavaType type, String shapeName, Direction direction) {
        Shape shape = model.shape(shapeName);
        switch (shape.type()) {
            case STRUCTURE -> pairStructure(where, type, shape, direction);
            case LIST -> {
                if (!type.isCollectionLikeType()) {
                    mismatches.add(where + ": " + type + " for the list " + shapeName);
                } else {
                    pair(where + "[]", type.getContentType(), shape.member(), direction);
                }
            }
            case MAP -> {
                if (!type.isMapLikeType() || type.getKeyType().getRawClass() != String.class) {
                    mismatches.add(where + ": " + type + " for the map " + shapeName);
                } else {
                    pair(where + "{}", type.getContentType(), shape.value(), direction);
                }
            }
            default -> {
                if (!fits(type.getRawClass(), shape.type())) {
                    mismatches.add(where + ": " + type.getRawClass().getSimpleName() + " for " + shapeName + " ("
                            + shape.type().name().toLowerCase(Locale.ROOT) + ")");
                }
            }
        }
    }

    private void pairStructure(String where, JavaType type, Shape shape, Direction direction) {
        if (!type.getRawClass().isRecord()) {
            mismatches.add(where + ": " + type + " for the structure " + shape.name() + " (a record expected)");
            return;
        }
        if (!paired.add(type.getRawClass().getName() + "=" + shape.name() + "/" + direction)) {
            return; // a record used in many places is paired once
        }
        Map<String, JavaType> components = properties(type, direction);
        String record = type.getRawClass().getSimpleName();
        shape.members().forEach((member, memberShape) -> {
            JavaType component = components.get(member);
            if (component != null) {
                pair(where + "." + member, component, memberShape, direction);
            } else if (!excused(shape.name() + "." + member)) {
                mismatches.add(where + ": " + shape.name() + "." + member + " has no component in " + record);
            }
        });
        components.keySet().stream().filter(c -> !shape.members().containsKey(c))
                .filter(c -> !excused(shape.name() + "." + c))
                .forEach(c -> mismatches.add(where + ": " + record + "'s " + c + " is no member of " + shape.name()));
    }

    private boolean excused(String key) {
        if (deliberate.containsKey(key)) {
            deliberateUsed.add(key);
            return true;
        }
        return false;
    }

    /** The record's components by wire name, as the codec sees them when it reads or when it writes. */
    private static Map<String, JavaType> properties(JavaType type, Direction direction) {
        BeanDescription description = direction == Direction.READ
                ? JSON.getDeserializationConfig().introspect(type)
                : JSON.getSerializationConfig().introspect(type);
        Map<String, JavaType> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            properties.put(property.getName(), property.getPrimaryType());
        }
        return properties;
    }

    private static boolean fits(Class<?> type, Shape.ShapeType shape) {
        return switch (shape) {
            case STRING -> type == String.class;
            case INTEGER -> type == Integer.class || type == int.class;
            case LONG -> type == Long.class || type == long.class;
            case BOOLEAN -> type == Boolean.class || type == boolean.class;
            case TIMESTAMP -> type == Instant.class;
            case BLOB -> type == byte[].class;
            case DOUBLE -> type == Double.class || type == double.class;
            case FLOAT -> type == Float.class || type == float.class;
            case STRUCTURE, LIST, MAP -> false;
        };
    }
}
