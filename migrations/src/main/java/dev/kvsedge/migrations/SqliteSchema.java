package dev.kvsedge.migrations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what SQLite keeps of a schema (each table's and index's CREATE statement, in {@code sqlite_master}) with the
 * statements of a migration. SQLite stores the statement as written, less {@code IF NOT EXISTS} and leading space, so
 * both sides are compared without that clause and with white space made uniform.
 */
final class SqliteSchema {
    private static final Pattern CREATE = Pattern.compile(
            "CREATE\\s+(?:UNIQUE\\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?([A-Za-z0-9_]+)\"?.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern IF_NOT_EXISTS = Pattern.compile("\\s+IF\\s+NOT\\s+EXISTS\\s+",
            Pattern.CASE_INSENSITIVE);

    private SqliteSchema() {}

    /** The objects {@code statements} create, name to normalized statement; statements that create nothing are left out. */
    static Map<String, String> objects(List<String> statements) {
        Map<String, String> objects = new TreeMap<>();
        for (String statement : statements) {
            Matcher m = CREATE.matcher(statement.strip());
            if (m.matches()) {
                objects.put(m.group(1), normalize(statement));
            }
        }
        return objects;
    }

    static String normalize(String sql) {
        return IF_NOT_EXISTS.matcher(sql.strip()).replaceFirst(" ")
                .replaceAll("\\s+", " ")
                .replaceAll(" ?([(),]) ?", "$1");
    }

    /** What differs, by name, for a message. */
    static String difference(Map<String, String> expected, Map<String, String> found) {
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        expected.forEach((name, sql) -> {
            if (!found.containsKey(name)) {
                missing.add(name);
            } else if (!found.get(name).equals(sql)) {
                changed.add(name);
            }
        });
        found.keySet().stream().filter(name -> !expected.containsKey(name)).forEach(extra::add);
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing " + String.join(", ", missing));
        }
        if (!changed.isEmpty()) {
            parts.add("different " + String.join(", ", changed));
        }
        if (!extra.isEmpty()) {
            parts.add("unexpected " + String.join(", ", extra));
        }
        return String.join("; ", parts);
    }
}
