package dev.kvsedge.model.shape;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One operation of a service model: where it is served and which shapes it reads and writes. */
public record Operation(String name, String method, String path, @Nullable String input, @Nullable String output,
        List<String> errors) {}
