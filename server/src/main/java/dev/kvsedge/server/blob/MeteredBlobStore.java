package dev.kvsedge.server.blob;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A blob store that measures another: how long each call takes (opening an upload, committing it, which is where a
 * fragment becomes durable, opening a read, deleting, listing), and how many fail, by operation. Writes of an upload's bytes
 * are not timed one by one: they are many and small, and the commit pays for them.
 */
public final class MeteredBlobStore implements BlobStore {
    private final BlobStore store;
    private final Operation create;
    private final Operation commit;
    private final Operation read;
    private final Operation delete;
    private final Operation list;

    /** One operation's latency and failures. */
    private record Operation(Timer latency, Counter errors) {
        static Operation of(MeterRegistry registry, String name) {
            return new Operation(Timer.builder("kvs.edge.media.store.latency").tag("operation", name)
                    .description("Media store calls by operation, and how long they took.")
                    .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                            Duration.ofMillis(250),
                            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                    .register(registry),
                    Counter.builder("kvs.edge.media.store.errors").tag("operation", name)
                            .description("Media store calls that failed, by operation.").register(registry));
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    public MeteredBlobStore(BlobStore store, MeterRegistry registry) {
        this.store = store;
        this.create = Operation.of(registry, "create");
        this.commit = Operation.of(registry, "commit");
        this.read = Operation.of(registry, "read");
        this.delete = Operation.of(registry, "delete");
        this.list = Operation.of(registry, "list");
    }

    private static <T> T timed(Operation operation, Call<T> call) throws IOException {
        long start = System.nanoTime();
        try {
            return call.run();
        } catch (BlobNotFoundException e) {
            throw e; // an answer, not a failure of the store
        } catch (IOException | RuntimeException e) {
            operation.errors().increment();
            throw e;
        } finally {
            operation.latency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public BlobUpload create(String key) throws IOException {
        BlobUpload upload = timed(create, () -> store.create(key));
        return new BlobUpload() {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                upload.write(bytes, offset, length);
            }

            @Override
            public long size() {
                return upload.size();
            }

            @Override
            public void commit() throws IOException {
                timed(commit, () -> {
                    upload.commit();
                    return null;
                });
            }

            @Override
            public void close() throws IOException {
                upload.close();
            }
        };
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return timed(read, () -> store.open(key, offset, length));
    }

    @Override
    public void delete(String key) throws IOException {
        timed(delete, () -> {
            store.delete(key);
            return null;
        });
    }

    /** The whole listing is one call (the orphan sweep's), however many blobs it visits. */
    @Override
    public void forEach(BlobVisitor each) throws IOException {
        timed(list, () -> {
            store.forEach(each);
            return null;
        });
    }

    @Override
    public void check() throws IOException {
        store.check();
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
