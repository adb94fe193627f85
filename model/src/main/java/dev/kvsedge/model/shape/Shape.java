package dev.kvsedge.model.shape;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One shape of an AWS service model with the constraints the wire enforces.
 *
 * @param members for structures, member name to the member's shape name, in model order
 * @param pattern compiled for a full match, as the server applies it
 */
public record Shape(
        String name,
        ShapeType type,
        Map<String, String> members,
        Set<String> required,
        @Nullable String member,
        @Nullable String key,
        @Nullable String value,
        @Nullable Long min,
        @Nullable Long max,
        @Nullable Pattern pattern,
        List<String> enumValues,
        boolean sensitive) {

    public enum ShapeType {
        STRUCTURE, LIST, MAP, STRING, INTEGER, LONG, BOOLEAN, TIMESTAMP, BLOB, DOUBLE, FLOAT
    }
}
