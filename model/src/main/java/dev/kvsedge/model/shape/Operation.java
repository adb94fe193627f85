package dev.kvsedge.model.shape;

import java.util.List;

/** One operation of a service model: where it is served and which shapes it reads and writes. */
public record Operation(String name, String method, String path, String input, String output, List<String> errors) {}
