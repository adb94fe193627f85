package dev.kvsedge.server;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.model.shape.Shape;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Pairs a Java type with a model shape as the JSON codec ({@link ApiJson}) reads or writes it: every member of a
 * structure with a record component of the same wire name and a fitting type, every component with a member, down
 * through lists, maps and nested structures. A component the codec reads is {@code @Nullable} exactly when its member
 * is optional: an absent member is null, and NullAway makes the code that reads it check. A component the codec
 * writes may be {@code @Nullable} (left out) unless its member is required. What does not pair is collected as one
 * line each.
 */
final class ShapePairing {
    /** Whether the record is decoded from a request (as Jackson deserializes) or encoded into a response. */
    enum Direction {
        READ, WRITE
    }

    private static final ObjectMapper JSON = ApiJson.mapper();

    private final ServiceModel model;
    /** "Shape.Member" left unpaired on purpose, with why; each must be used, or it is reported as stale. */
    private final Map<String, String> deliberate;
    private final Set<String> deliberateUsed = new HashSet<>();
    private final Set<String> paired = new HashSet<>();
    private final List<String> mismatches = new ArrayList<>();
    /** "record.component" to how its members are: a record shared by shapes is @Nullable if any of them may omit it. */
    private final Map<String, Nullability> nullability = new LinkedHashMap<>();

    private static final class Nullability {
        boolean nullable;
        /** A member read from requests that may be absent, for the message. */
        String optionalWhenRead;
        /** A member that may be absent, read or written. */
        String optional;
        String required;
    }

    ShapePairing(ServiceModel model, Map<String, String> deliberate) {
        this.model = model;
        this.deliberate = deliberate;
    }

    void pair(String where, Class<?> type, String shapeName, Direction direction) {
        pair(where, JSON.constructType(type), shapeName, direction);
    }

    List<String> mismatches() {
        List<String> all = new ArrayList<>(mismatches);
        nullability.forEach((component, n) -> {
            if (!n.nullable && n.optionalWhenRead != null) {
                all.add(component + ": " + n.optionalWhenRead + " is optional, so the component must say @Nullable");
            } else if (n.nullable && n.optional == null) {
                all.add(component + ": " + n.required + " is required, so the component must not say @Nullable");
            }
        });
        return all;
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
        Map<String, BeanPropertyDefinition> components = properties(type, direction);
        String record = type.getRawClass().getSimpleName();
        shape.members().forEach((member, memberShape) -> {
            BeanPropertyDefinition component = components.get(member);
            if (component != null) {
                pair(where + "." + member, component.getPrimaryType(), memberShape, direction);
                checkNullability(type.getRawClass(), component.getInternalName(), shape, member, direction);
            } else if (!excused(shape.name() + "." + member)) {
                mismatches.add(where + ": " + shape.name() + "." + member + " has no component in " + record);
            }
        });
        components.keySet().stream().filter(c -> !shape.members().containsKey(c))
                .filter(c -> !excused(shape.name() + "." + c))
                .forEach(c -> mismatches.add(where + ": " + record + "'s " + c + " is no member of " + shape.name()));
    }

    private void checkNullability(Class<?> record, String componentName, Shape shape, String member,
            Direction direction) {
        RecordComponent component = Arrays.stream(record.getRecordComponents())
                .filter(c -> c.getName().equals(componentName)).findFirst().orElse(null);
        if (component == null || component.getType().isPrimitive()) {
            return; // a primitive is never null: the codec gives it its default
        }
        Nullability n = nullability.computeIfAbsent(record.getName() + "." + componentName, k -> new Nullability());
        n.nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
        String where = shape.name() + "." + member;
        if (shape.required().contains(member)) {
            n.required = where;
        } else {
            n.optional = where;
            if (direction == Direction.READ) {
                n.optionalWhenRead = where;
            }
        }
    }

    private boolean excused(String key) {
        if (deliberate.containsKey(key)) {
            deliberateUsed.add(key);
            return true;
        }
        return false;
    }

    /** The record's components by wire name, as the codec sees them when it reads or when it writes. */
    private static Map<String, BeanPropertyDefinition> properties(JavaType type, Direction direction) {
        BeanDescription description = direction == Direction.READ
                ? JSON.getDeserializationConfig().introspect(type)
                : JSON.getSerializationConfig().introspect(type);
        Map<String, BeanPropertyDefinition> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            properties.put(property.getName(), property);
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
