package dev.kvsedge.agent.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The configurations the agent last received, in {@code configs.json} in its data dir: what it runs after a
 * restart, also while the server is unreachable. Written atomically and readable by the owner only.
 */
public final class SavedConfigs {
    public static final String FILE_NAME = "configs.json";
    private static final ObjectMapper JSON = ApiJson.mapper();
    private static final TypeReference<List<HeldConfig>> LIST = new TypeReference<>() {
    };

    private final Path file;

    public SavedConfigs(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The saved configurations, none on a first start. */
    public List<HeldConfig> load() throws IOException {
        try {
            return List.copyOf(JSON.readValue(Files.readAllBytes(file), LIST));
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    public void save(List<HeldConfig> configs) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(configs), true);
    }
}
