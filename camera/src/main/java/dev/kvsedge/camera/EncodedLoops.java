package dev.kvsedge.camera;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * The process's encoded loops, one per {@link LoopSpec}: 64 cameras of the same size and rate cost one encoding
 * and one copy in memory. Cameras starting at once with the same spec wait for the one encoding; a failed encoding
 * is forgotten, so the next camera tries again. Loops are kept for the life of the process (about 1 MB for four
 * seconds of 1080p).
 */
final class EncodedLoops {
    private static final ConcurrentMap<LoopSpec, CompletableFuture<EncodedLoop>> LOOPS = new ConcurrentHashMap<>();

    private EncodedLoops() {}

    static EncodedLoop get(LoopSpec spec) {
        CompletableFuture<EncodedLoop> mine = new CompletableFuture<>();
        CompletableFuture<EncodedLoop> existing = LOOPS.putIfAbsent(spec, mine);
        if (existing == null) {
            try {
                mine.complete(LoopEncoder.encode(spec));
            } catch (RuntimeException | Error e) {
                LOOPS.remove(spec, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the test pattern to be encoded", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("encoding the test pattern failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
