package dev.kvsedge.migrations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One step of a schema: version {@code n} of {@code V<n>__<what>.sql}, its name ({@code V<n>__<what>}), the SQL
 * statements it runs, and their checksum (SHA-256 of the statements as run), which is recorded when it is applied so
 * that an applied migration edited afterwards is noticed. Comments, trailing space and line endings are not part of the
 * checksum: they may change.
 */
public record Migration(int version, String name, List<String> statements, String checksum) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + name);
        }
        statements = List.copyOf(statements);
    }

    /**
     * The migration a script makes. Statements are separated by {@code ;}, comments start with {@code --}; neither may
     * appear inside a literal.
     */
    public static Migration of(int version, String name, String script) {
        List<String> statements = statements(script);
        return new Migration(version, name, statements, checksum(statements));
    }

    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.lines().toList()) {
            int comment = line.indexOf("--");
            // Trailing space too is left out, so that a comment added after SQL leaves the SQL and its checksum alone.
            sql.append((comment < 0 ? line : line.substring(0, comment)).stripTrailing()).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return List.copyOf(statements);
    }

    private static String checksum(List<String> statements) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // lines() above already made line endings \n, so a checkout with CRLF sums the same.
            return HexFormat.of()
                    .formatHex(sha256.digest(String.join(";\n", statements).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
