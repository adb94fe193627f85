package dev.kvsedge.model.shape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks a decoded JSON request against its input shape in AWS's order: wrong JSON types are a
 * {@code SerializationException} at once; constraint violations are collected and reported together
 * as one {@code ValidationException} worded like AWS's ({@code 1 validation error detected: Value
 * '...' at 'streamName' failed to satisfy constraint: ...}). Unknown members are ignored.
 */
public final class RequestValidator {
    private static final int MAX_REPORTED = 10;
    private static final String NOT_NULL = "Member must not be null";
    private static final double EARLIEST_SECONDS = -62_135_596_800d; // 0001-01-01T00:00:00Z
    private static final double LATEST_SECONDS = 253_402_300_799d; // 9999-12-31T23:59:59Z

    private final ServiceModel model;

    public RequestValidator(ServiceModel model) {
        this.model = model;
    }

    public void validate(JsonNode body, String shapeName) {
        if (!body.isObject()) {
            throw serialization("Start of structure or map expected.");
        }
        List<String> violations = new ArrayList<>();
        checkStructure(body, model.shape(shapeName), "", violations);
        if (!violations.isEmpty()) {
            int shown = Math.min(violations.size(), MAX_REPORTED);
            String head = violations.size() == 1
                    ? "1 validation error detected: "
                    : violations.size() + " validation errors detected: ";
            throw new ApiException(ErrorCode.VALIDATION, head + String.join("; ", violations.subList(0, shown)));
        }
    }

    private void check(JsonNode node, Shape shape, String path, boolean sensitive, List<String> out) {
        boolean hidden = sensitive || shape.sensitive();
        switch (shape.type()) {
            case STRUCTURE -> {
                if (!node.isObject()) {
                    throw serialization(unexpected(node));
                }
                checkStructure(node, shape, path + ".", out);
            }
            case LIST -> checkList(node, shape, path, hidden, out);
            case MAP -> checkMap(node, shape, path, hidden, out);
            case STRING -> checkString(node, shape, path, hidden, out);
            case INTEGER, LONG -> checkInteger(node, shape, path, hidden, out);
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw serialization(token(node) + " can not be converted to a Boolean");
                }
            }
            case TIMESTAMP -> checkTimestamp(node);
            case DOUBLE, FLOAT -> {
                if (!node.isNumber()) {
                    throw serialization(token(node) + " can not be converted to a Double");
                }
            }
            case BLOB -> {
                if (!node.isTextual()) {
                    throw serialization(unexpected(node));
                }
            }
        }
    }

    private void checkStructure(JsonNode node, Shape shape, String prefix, List<String> out) {
        for (Map.Entry<String, String> member : shape.members().entrySet()) {
            JsonNode value = node.get(member.getKey());
            String path = prefix + lowerFirst(member.getKey());
            if (value == null || value.isNull()) {
                if (shape.required().contains(member.getKey())) {
                    out.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            check(value, model.shape(member.getValue()), path, false, out);
        }
    }

    private void checkList(JsonNode node, Shape shape, String path, boolean hidden, List<String> out) {
        if (!node.isArray()) {
            throw serialization(unexpected(node));
        }
        checkSize(node.size(), shape, path, render(node, hidden), out);
        Shape member = model.shape(Objects.requireNonNull(shape.member(), "the member shape of a list"));
        for (int i = 0; i < node.size(); i++) {
            String memberPath = path + "." + (i + 1) + ".member";
            if (node.get(i).isNull()) {
                out.add("Value null at '" + memberPath + "' failed to satisfy constraint: Member must not be null");
            } else {
                check(node.get(i), member, memberPath, hidden, out);
            }
        }
    }

    private void checkMap(JsonNode node, Shape shape, String path, boolean hidden, List<String> out) {
        if (!node.isObject()) {
            throw serialization(unexpected(node));
        }
        String rendered = render(node, hidden);
        checkSize(node.size(), shape, path, rendered, out);
        Shape key = model.shape(Objects.requireNonNull(shape.key(), "the key shape of a map"));
        Shape value = model.shape(Objects.requireNonNull(shape.value(), "the value shape of a map"));
        List<String> keyViolations = new ArrayList<>();
        List<String> valueViolations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            stringConstraints(entry.getKey(), key).stream().filter(v -> !keyViolations.contains(v))
                    .forEach(keyViolations::add);
            if (entry.getValue().isNull()) {
                if (!valueViolations.contains(NOT_NULL)) {
                    valueViolations.add(NOT_NULL);
                }
                continue;
            }
            if (!entry.getValue().isTextual() && value.type() == Shape.ShapeType.STRING) {
                throw serialization(token(entry.getValue()) + " cannot be converted to String");
            }
            stringConstraints(entry.getValue().asText(), value).stream()
                    .filter(v -> !valueViolations.contains(v)).forEach(valueViolations::add);
        }
        if (!keyViolations.isEmpty()) {
            out.add(prefix(rendered, path) + "Map keys must satisfy constraint: [" + String.join(", ", keyViolations)
                    + "]");
        }
        if (!valueViolations.isEmpty()) {
            out.add(prefix(rendered, path) + "Map value must satisfy constraint: [" + String.join(", ", valueViolations)
                    + "]");
        }
    }

    private void checkString(JsonNode node, Shape shape, String path, boolean hidden, List<String> out) {
        if (!node.isTextual()) {
            throw serialization(token(node) + " cannot be converted to String");
        }
        @Nullable
        String rendered = hidden ? null : node.asText();
        stringConstraints(node.asText(), shape).forEach(v -> out.add(prefix(rendered, path) + v));
    }

    private static List<String> stringConstraints(String text, Shape shape) {
        List<String> violations = new ArrayList<>();
        int length = text.codePointCount(0, text.length());
        if (shape.max() != null && length > shape.max()) {
            violations.add("Member must have length less than or equal to " + shape.max());
        }
        if (shape.min() != null && length < shape.min()) {
            violations.add("Member must have length greater than or equal to " + shape.min());
        }
        if (shape.pattern() != null && !shape.pattern().matcher(text).matches()) {
            violations.add("Member must satisfy regular expression pattern: " + shape.pattern().pattern());
        }
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            violations.add("Member must satisfy enum value set: " + shape.enumValues());
        }
        return violations;
    }

    private void checkInteger(JsonNode node, Shape shape, String path, boolean hidden, List<String> out) {
        String target = shape.type() == Shape.ShapeType.LONG ? "a Long" : "an Integer";
        if (!node.isIntegralNumber()) {
            throw serialization(token(node) + " can not be converted to " + target);
        }
        if (shape.type() == Shape.ShapeType.INTEGER ? !node.canConvertToInt() : !node.canConvertToLong()) {
            throw serialization("Numeric value out of range of " + target);
        }
        long value = node.asLong();
        @Nullable
        String rendered = hidden ? null : Long.toString(value);
        if (shape.max() != null && value > shape.max()) {
            out.add(prefix(rendered, path) + "Member must have value less than or equal to " + shape.max());
        }
        if (shape.min() != null && value < shape.min()) {
            out.add(prefix(rendered, path) + "Member must have value greater than or equal to " + shape.min());
        }
    }

    /**
     * Timestamps travel as epoch seconds. One outside years 1 to 9999 is no date a client can read
     * back (botocore fails on it), so it is refused rather than stored.
     */
    private static void checkTimestamp(JsonNode node) {
        if (!node.isNumber()) {
            throw serialization(token(node) + " can not be converted to a Timestamp");
        }
        double seconds = node.asDouble();
        if (!Double.isFinite(seconds) || seconds < EARLIEST_SECONDS || seconds > LATEST_SECONDS) {
            throw serialization(
                    "Timestamp " + node.asText() + " is outside the years 1 to 9999 (epoch seconds expected).");
        }
    }

    private static void checkSize(int size, Shape shape, String path, @Nullable String rendered, List<String> out) {
        if (shape.max() != null && size > shape.max()) {
            out.add(prefix(rendered, path) + "Member must have length less than or equal to " + shape.max());
        }
        if (shape.min() != null && size < shape.min()) {
            out.add(prefix(rendered, path) + "Member must have length greater than or equal to " + shape.min());
        }
    }

    /** AWS leaves the value of a sensitive member out of the message. */
    private static String prefix(@Nullable String renderedValue, String path) {
        String value = renderedValue == null ? "Value" : "Value '" + renderedValue + "'";
        return value + " at '" + path + "' failed to satisfy constraint: ";
    }

    private static @Nullable String render(JsonNode node, boolean hidden) {
        if (hidden) {
            return null;
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
            return items.toString();
        }
        if (node.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            node.properties().forEach(e -> sb.append(sb.length() > 1 ? ", " : "").append(e.getKey()).append('=')
                    .append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            return sb.append('}').toString();
        }
        return node.asText();
    }

    private static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String token(JsonNode node) {
        if (node.isNumber()) {
            return "NUMBER_VALUE";
        }
        if (node.isTextual()) {
            return "STRING_VALUE";
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "TRUE_VALUE" : "FALSE_VALUE";
        }
        return node.isArray() ? "START_ARRAY" : "START_OBJECT";
    }

    private static String unexpected(JsonNode node) {
        if (node.isObject()) {
            return "Start of structure or map found where not expected.";
        }
        if (node.isArray()) {
            return "Start of list found where not expected.";
        }
        return "Unexpected " + token(node) + " where a structure, list or map was expected.";
    }

    private static ApiException serialization(String message) {
        return new ApiException(ErrorCode.SERIALIZATION, message);
    }
}
