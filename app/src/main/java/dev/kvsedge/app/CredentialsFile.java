package dev.kvsedge.app;

import dev.kvsedge.model.StartupException;
import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.auth.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads admin key pairs from a file in the AWS shared credentials format, so an operator can reuse
 * one: every profile with {@code aws_access_key_id} and {@code aws_secret_access_key} is an admin.
 */
final class CredentialsFile {
    private static final String SETTING = "--credentials";
    private CredentialsFile() {}

    /** @throws StartupException naming the file and what is wrong in it, never quoting a line */
    static List<Credential> read(Path file, String accountId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, SETTING, file.toString(), "cannot be read: "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        int lineNumber = 0;
        for (String raw : lines) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = profiles.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
                        k -> new LinkedHashMap<>());
            } else if (current != null && line.contains("=")) {
                int eq = line.indexOf('=');
                current.put(line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
                        line.substring(eq + 1).strip());
            } else {
                // Never quote the line: it may hold a secret.
                throw StartupException.configuration(SETTING, file.toString(),
                        "line " + lineNumber + " is neither a [profile] nor key = value");
            }
        }
        List<Credential> credentials = new ArrayList<>();
        profiles.forEach((name, keys) -> {
            String id = keys.get("aws_access_key_id");
            String secret = keys.get("aws_secret_access_key");
            if (id == null || secret == null) {
                throw StartupException.configuration(SETTING, file.toString(),
                        "profile [" + name + "] needs aws_access_key_id and aws_secret_access_key");
            }
            credentials.add(new Credential(id, secret, new Principal(accountId, null)));
        });
        if (credentials.isEmpty()) {
            throw StartupException.configuration(SETTING, file.toString(), "holds no credentials");
        }
        return credentials;
    }
}
