package dev.kvsedge.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configurations the agent last received, in {@code configs.json} in its data dir: what it runs after a
 * restart, also while the server is unreachable. Written atomically and readable by the owner only.
 *
 * <p>The camera URIs in it (they may hold the camera's password) are sealed with AES-GCM under the hub's key file
 * {@value #KEY_FILE}, made on first start, each bound to its stream's ARN; the README says what this protects against.
 */
public final class SavedConfigs {
    public static final String FILE_NAME = "configs.json";
    public static final String KEY_FILE = "agent.key";
    /** Marks a sealed URI; a URI without it was written by an agent from before sealing, and is sealed at once. */
    private static final String SEALED = "aes-gcm:";
    private static final Logger LOG = LoggerFactory.getLogger(SavedConfigs.class);
    private static final ObjectMapper JSON = ApiJson.mapper();
    private static final TypeReference<List<HeldConfig>> LIST = new TypeReference<>() {};

    private final Path file;
    private final SecretBox box;

    public SavedConfigs(Path dataDir, SecretBox box) {
        this.file = dataDir.resolve(FILE_NAME);
        this.box = box;
    }

    /**
     * The saved configurations of a data dir, with its key file, made if absent.
     *
     * @throws StartupException when the key file cannot be read or made, or is not a key
     */
    public static SavedConfigs open(Path dataDir) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        try {
            return new SavedConfigs(dataDir, SecretBox.openOrCreate(keyFile));
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, "--data-dir", dataDir.toString(),
                    "cannot read or make the key file " + keyFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // never quoted: it would show part of the key
            throw new StartupException(StartupException.Kind.CONFIGURATION, "--data-dir", dataDir.toString(),
                    "the key file "
                            + keyFile
                            + " does not hold base64 of 32 bytes (delete it: the agent then reads the camera secrets again)",
                    e);
        }
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
        List<HeldConfig> stored;
        try {
            stored = JSON.readValue(bytes, LIST);
        } catch (JsonProcessingException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("{} is not a list of configurations ({}); moved to {}, starting from the server's", file,
                    e.getOriginalMessage(), aside);
            return List.of();
        }
        List<HeldConfig> configs = new ArrayList<>();
        boolean plain = false;
        for (HeldConfig config : stored) {
            plain |= config.mediaUri() != null && !config.mediaUri().startsWith(SEALED);
            configs.add(opened(config));
        }
        if (plain) {
            save(configs);
            LOG.info("sealed the camera URIs {} held in clear (written by an older agent)", file);
        }
        return List.copyOf(configs);
    }

    public void save(List<HeldConfig> configs) throws IOException {
        List<HeldConfig> sealed = configs.stream().map(this::sealed).toList();
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(sealed), true);
    }

    private HeldConfig sealed(HeldConfig config) {
        if (config.mediaUri() == null) {
            return config;
        }
        byte[] sealed = box.seal(config.mediaUri().getBytes(StandardCharsets.UTF_8), place(config));
        return config.withMediaUri(SEALED + Base64.getEncoder().encodeToString(sealed));
    }

    /**
     * With its camera URI in clear. One that does not open (the key file was replaced, the value edited) is
     * forgotten and the configuration left PENDING, so the agent reads the camera secret again from the server.
     */
    private HeldConfig opened(HeldConfig config) {
        String value = config.mediaUri();
        if (value == null || !value.startsWith(SEALED)) {
            return config;
        }
        try {
            byte[] sealed = Base64.getDecoder().decode(value.substring(SEALED.length()));
            return config.withMediaUri(new String(box.open(sealed, place(config)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.warn(
                    "{}: the saved camera URI does not open with {} (another key, or edited); the camera secret is read "
                            + "again from the server",
                    config.streamArn(), KEY_FILE);
            return new HeldConfig(config.streamArn(), config.streamName(), config.edgeConfig(), config.syncStatus(),
                    HeldConfig.Applied.PENDING, "the saved camera URI does not open with the hub's key", null);
        }
    }

    /** Binds a sealed URI to its stream, so a value copied to another entry does not open. */
    private static byte[] place(HeldConfig config) {
        return config.streamArn().getBytes(StandardCharsets.UTF_8);
    }
}
