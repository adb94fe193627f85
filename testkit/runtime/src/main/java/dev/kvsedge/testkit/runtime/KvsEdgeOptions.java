package dev.kvsedge.testkit.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The options the testkit passes, by name: {@code port}, {@code dataDir} (Path), {@code database},
 * {@code publicUrl}, {@code accountId}, {@code region}, {@code accessKeyId}, {@code secretAccessKey},
 * {@code syncTimeout} (Duration), {@code maxEdgeConfigurationsPerHub}, {@code masterKey}, {@code mediaStore}
 * ({@code s3://BUCKET[/PREFIX]}), {@code s3Endpoint} (URI), {@code s3Region}, {@code s3AccessKeyId},
 * {@code s3SecretAccessKey}, {@code clock} and {@code signatureClock} (Clock). The testkit fills in every default.
 */
final class KvsEdgeOptions {
    private final Map<String, Object> values;

    KvsEdgeOptions(Map<String, Object> values) {
        this.values = new HashMap<>(values); // absent options are nulls, which Map.copyOf refuses
    }

    Object value(String name) {
        return values.get(name);
    }

    String string(String name) {
        return (String) values.get(name);
    }

    int integer(String name) {
        return (Integer) values.get(name);
    }

    Path path(String name) {
        return (Path) values.get(name);
    }

    Duration duration(String name) {
        return (Duration) values.get(name);
    }

    Clock clock(String name) {
        return (Clock) values.get(name);
    }
}
