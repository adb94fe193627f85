package dev.kvsedge.agent.config;

import dev.kvsedge.model.Arns;
import java.nio.file.Path;

/**
 * Where each stream's local media lives: {@code DATA_DIR/media/NAME-CREATIONMILLIS}, one folder per stream holding
 * its segments and nothing else. The ARN's creation time is part of the name, so a stream deleted and created again
 * under the same name never shares a folder with the old one, whose media may still be waiting for deletion.
 */
public final class StreamDirectories {
    private final Path root;

    public StreamDirectories(Path dataDir) {
        this.root = dataDir.resolve("media");
    }

    /** The folder of every stream's folder. */
    public Path root() {
        return root;
    }

    public Path of(String streamArn) {
        return root.resolve(Arns.parse(streamArn)
                .map(arn -> arn.name() + "-" + arn.creationMillis())
                // Not a kinesisvideo stream ARN: a name that cannot leave the media folder.
                .orElseGet(() -> streamArn.replaceAll("[^a-zA-Z0-9_.-]", "_") + "-"
                        + Integer.toHexString(streamArn.hashCode())));
    }
}
