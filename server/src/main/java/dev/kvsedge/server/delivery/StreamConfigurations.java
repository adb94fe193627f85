package dev.kvsedge.server.delivery;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.server.delivery.StreamConfigStore.Entry;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.streams.Stream;
import java.time.Clock;
import java.util.Optional;

/**
 * A stream's configuration of one kind (image generation, notifications), kept with the stream: what the Update and
 * Describe operations of every kind do alike. Enabling starts from the media ingested after the update.
 */
public final class StreamConfigurations {
    private final String kind;
    private final StreamConfigStore configs;
    private final FragmentStore fragments;
    private final Clock clock;

    public StreamConfigurations(String kind, StreamConfigStore configs, FragmentStore fragments, Clock clock) {
        this.kind = kind;
        this.configs = configs;
        this.fragments = fragments;
        this.clock = clock;
    }

    public void remove(Stream stream) {
        configs.delete(stream.key(), kind);
    }

    /** Keeps {@code config} (its API shape) for the stream; deliveries begin after the stream's latest fragment. */
    public void keep(Stream stream, Object config, boolean enabled) {
        long after = fragments.latest(stream.arn()).map(Fragment::number).orElse(-1L);
        if (!configs.put(new Entry(stream.key(), stream.arn(), kind, ConfigJson.write(config), enabled, after),
                clock.instant())) {
            throw ApiException.notFound("The requested stream is not found or not active.");
        }
    }

    /** The stream's configuration, or none (one kept for an earlier stream of the same name is not this stream's). */
    public <T> Optional<T> current(Stream stream, Class<T> type) {
        return configs.find(stream.key(), kind).filter(e -> e.streamArn().equals(stream.arn()))
                .map(e -> ConfigJson.read(e.config(), type));
    }
}
