package dev.kvsedge.server.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} promises, run against each implementation by a subclass that supplies a
 * fresh, empty store per test.
 */
abstract class BlobStoreContractTest {

    /** Sizes of the pieces written, in turn: tiny ones fill the buffer, large ones bypass it. */
    private static final int[] PIECES = {1, 7, 100, 65_536, 3, 200_000, 4_095};

    /** A store holding no blobs; the subclass closes it after the test. */
    protected abstract BlobStore store();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64 * 1024 + 1, 5 * 1024 * 1024})
    void committedBlobReadsBackByteForByte(int size) throws IOException {
        byte[] data = bytes(size, size);
        write("fragments/blob-" + size, data);

        assertThat(read("fragments/blob-" + size, 0, -1)).isEqualTo(data);
    }

    @Test
    void uploadCountsTheBytesWritten() throws IOException {
        try (BlobUpload upload = store().create("counted")) {
            writePieces(upload, bytes(70_000, 1));
            assertThat(upload.size()).isEqualTo(70_000);
            upload.commit();
            assertThat(upload.size()).isEqualTo(70_000);
        }
    }

    @Test
    void readsARangeFromAnOffset() throws IOException {
        byte[] data = bytes(200_000, 2);
        write("ranged", data);

        assertThat(read("ranged", 1000, 5000)).isEqualTo(slice(data, 1000, 5000));
        assertThat(read("ranged", 0, 1)).isEqualTo(slice(data, 0, 1));
        assertThat(read("ranged", 199_999, 1)).isEqualTo(slice(data, 199_999, 1));
    }

    @Test
    void readsFromAnOffsetToTheEnd() throws IOException {
        byte[] data = bytes(100_000, 3);
        write("tail", data);

        assertThat(read("tail", 65_537, -1)).isEqualTo(slice(data, 65_537, 100_000 - 65_537));
    }

    @Test
    void aRangePastTheEndIsCutShort() throws IOException {
        byte[] data = bytes(1000, 4);
        write("short", data);

        assertThat(read("short", 900, 500)).isEqualTo(slice(data, 900, 100));
        assertThat(read("short", 1000, 10)).isEmpty();
        assertThat(read("short", 5000, -1)).isEmpty();
        assertThat(read("short", 10, 0)).isEmpty();
    }

    @Test
    void anEmptyBlobReadsEmptyWithAnyRange() throws IOException {
        write("empty", new byte[0]);

        assertThat(read("empty", 0, -1)).isEmpty();
        assertThat(read("empty", 0, 10)).isEmpty();
        assertThat(read("empty", 3, -1)).isEmpty();
    }

    @Test
    void aBlobIsNotVisibleBeforeItsCommit() throws IOException {
        try (BlobUpload upload = store().create("pending")) {
            writePieces(upload, bytes(100_000, 5));
            assertThatThrownBy(() -> read("pending", 0, -1)).isInstanceOf(BlobNotFoundException.class);
            upload.commit();
        }
        assertThat(read("pending", 0, -1)).hasSize(100_000);
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        try (BlobUpload upload = store().create("abandoned")) {
            writePieces(upload, bytes(100_000, 6));
        }
        assertThatThrownBy(() -> read("abandoned", 0, -1)).isInstanceOf(BlobNotFoundException.class);
        assertNoUploadLeftovers();
    }

    @Test
    void commitLeavesNoUploadFilesBehind() throws IOException {
        write("a/b/committed", bytes(70_000, 7));
        assertNoUploadLeftovers();
    }

    @Test
    void anUploadRefusesWritesAfterItsCommit() throws IOException {
        try (BlobUpload upload = store().create("done")) {
            upload.commit();
            assertThatThrownBy(() -> upload.write(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void deleteRemovesTheBlobAndMayBeRepeated() throws IOException {
        write("doomed", bytes(10, 8));

        store().delete("doomed");
        assertThatThrownBy(() -> read("doomed", 0, -1)).isInstanceOf(BlobNotFoundException.class);
        store().delete("doomed");
        store().delete("never/written");
    }

    @Test
    void readingAMissingKeyThrowsBlobNotFound() {
        assertThatThrownBy(() -> store().open("missing", 0, -1)).isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> store().open("missing/deeper", 10, 20)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store().open("missing", 0, 0)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void concurrentWritersToDifferentKeysDoNotMix() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    write("stream-" + n + "/fragment", bytes(300_000 + n, 100 + n));
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < writers; i++) {
            assertThat(read("stream-" + i + "/fragment", 0, -1)).isEqualTo(bytes(300_000 + i, 100 + i));
        }
    }

    @Test
    void twoUploadsToOneKeyDoNotShareAFile() throws IOException {
        byte[] first = bytes(100_000, 9);
        byte[] second = bytes(90_000, 10);
        try (BlobUpload a = store().create("shared"); BlobUpload b = store().create("shared")) {
            writePieces(a, first);
            writePieces(b, second);
            b.commit();
            a.commit();
        }
        assertThat(read("shared", 0, -1)).isEqualTo(first);
    }

    @Test
    void overwritingAKeyReplacesTheBlobAtCommit() throws IOException {
        byte[] old = bytes(100_000, 11);
        byte[] replacement = bytes(50_000, 12);
        write("replaced", old);

        try (BlobUpload upload = store().create("replaced")) {
            writePieces(upload, replacement);
            assertThat(read("replaced", 0, -1)).isEqualTo(old);
            upload.commit();
        }
        assertThat(read("replaced", 0, -1)).isEqualTo(replacement);
    }

    @Test
    void keysWithSlashesNestLikeDirectories() throws IOException {
        write("stream-a/2024/05/01/fragment-1", bytes(10, 13));
        write("stream-a/2024/05/01/fragment-2", bytes(20, 14));
        write("stream-a/2024/05/02/fragment-1", bytes(30, 15));

        assertThat(read("stream-a/2024/05/01/fragment-1", 0, -1)).isEqualTo(bytes(10, 13));
        assertThat(read("stream-a/2024/05/01/fragment-2", 0, -1)).isEqualTo(bytes(20, 14));
        assertThat(read("stream-a/2024/05/02/fragment-1", 0, -1)).isEqualTo(bytes(30, 15));
        assertThatThrownBy(() -> read("stream-a/2024/05/01", 0, -1)).isInstanceOf(BlobNotFoundException.class);
        store().delete("stream-a/2024/05/01/fragment-1");
        assertThat(read("stream-a/2024/05/01/fragment-2", 0, -1)).isEqualTo(bytes(20, 14));
    }

    @Test
    void keysMayUseEveryAllowedCharacter() throws IOException {
        String key = "Az09._-/x.y_z-W/arn-aws-kinesisvideo-us-east-1-123456789012-stream.1.mkv";
        write(key, bytes(5, 16));
        assertThat(read(key, 0, -1)).isEqualTo(bytes(5, 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/absolute", "trailing/", "a//b", "..", "../escape", "a/../b", "a/./b", ".",
            "with space", "back\\slash", "tilde~1.part", "colon:x", "question?", "percent%20", "hash#",
            "caf\u00e9", "new\nline", "nul\u0000"})
    void invalidKeysAreRejected(String key) {
        assertThatThrownBy(() -> store().create(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().open(key, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTooLongKeyIsRejected() {
        assertThatThrownBy(() -> store().create("k".repeat(BlobKeys.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badRangesAreRejected() throws IOException {
        write("range-checked", bytes(10, 17));
        assertThatThrownBy(() -> store().open("range-checked", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().open("range-checked", 0, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locationNamesTheStore() {
        assertThat(store().location()).isNotBlank();
    }

    /** Checks that an upload's temporary files are gone; the subclass knows where they would be. */
    protected abstract void assertNoUploadLeftovers() throws IOException;

    protected void write(String key, byte[] data) throws IOException {
        try (BlobUpload upload = store().create(key)) {
            writePieces(upload, data);
            upload.commit();
        }
    }

    protected byte[] read(String key, long offset, long length) throws IOException {
        try (InputStream in = store().open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void listsEveryCommittedBlobWithItsTimeAndNothingElse() throws IOException {
        java.time.Instant before = java.time.Instant.now().minusSeconds(2);
        for (String key : java.util.List.of("123/us-east-1/abc/1-2.mkv", "123/us-east-1/abc/3-4.mkv", "other")) {
            try (BlobUpload upload = store().create(key)) {
                upload.write(new byte[] {1, 2, 3}, 0, 3);
                upload.commit();
            }
        }
        BlobUpload pending = store().create("123/us-east-1/abc/5-6.mkv");
        pending.write(new byte[] {1}, 0, 1);
        store().delete("other");
        java.util.List<BlobStore.StoredBlob> listed = new java.util.ArrayList<>();
        store().forEach(listed::add);
        pending.close();
        assertThat(listed).extracting(BlobStore.StoredBlob::key)
                .containsExactlyInAnyOrder("123/us-east-1/abc/1-2.mkv", "123/us-east-1/abc/3-4.mkv");
        assertThat(listed).allSatisfy(
                b -> assertThat(b.lastModified()).isBetween(before, java.time.Instant.now().plusSeconds(2)));
    }

    private static void writePieces(BlobUpload upload, byte[] data) throws IOException {
        int at = 0;
        for (int i = 0; at < data.length; i++) {
            int piece = Math.min(PIECES[i % PIECES.length], data.length - at);
            upload.write(data, at, piece);
            at += piece;
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] slice(byte[] data, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(data, offset, out, 0, length);
        return out;
    }
}
