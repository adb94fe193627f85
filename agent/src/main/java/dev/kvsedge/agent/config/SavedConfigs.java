package dev.kvsedge.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configurations the agent last received, in {@code configs.json} in its data dir: what it runs after a
 * restart, also while the server is unreachable. Written atomically and readable by the owner only.
 */
public final class SavedConfigs {
    public static final String FILE_NAME = "configs.json";
    private static final Logger LOG = LoggerFactory.getLogger(SavedConfigs.class);
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

    /**
     * The saved configurations, none on a first start. A file that cannot be read as configurations (a disk
     * error, an edit by hand) is moved aside to {@code configs.json.unreadable} and none are returned: the agent
     * then starts from what the server sends, rather than not at all.
     */
    public List<HeldConfig> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(bytes, LIST));
        } catch (JsonProcessingException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("{} is not a list of configurations ({}); moved to {}, starting from the server's", file,
                    e.getOriginalMessage(), aside);
            return List.of();
        }
    }

    public void save(List<HeldConfig> configs) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(configs), true);
    }
}
