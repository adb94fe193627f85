package dev.kvsedge.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.BlobUpload;
import dev.kvsedge.server.blob.FileBlobStore;
import dev.kvsedge.server.cluster.NodeId;
import dev.kvsedge.server.disk.DataDisk;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentFeed;
import dev.kvsedge.server.fragments.FragmentNumbers;
import dev.kvsedge.server.fragments.GroupCommit;
import dev.kvsedge.server.fragments.ResentFragments;
import dev.kvsedge.server.store.Database;
import dev.kvsedge.server.store.JdbcFragmentStore;
import dev.kvsedge.server.store.JdbcStreamStore;
import dev.kvsedge.server.store.JdbcUploadLeases;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upload's fragments are committed while the next ones arrive, and still acknowledged in order. */
class IngestSessionTest {
    private static final String STREAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1";
    private static final Track VIDEO = new Track(1, Track.VIDEO, Track.H264, new byte[] {1, 2, 3}, 40_000_000, 64, 48,
            0, 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Database db;
    private JdbcFragmentStore index;
    private FileBlobStore files;
    private DataDisk disk;

    @BeforeEach
    void open() throws IOException {
        disk = DataDisk.open(dir, Clock.systemUTC());
        db = Database.open("jdbc:sqlite:" + dir.resolve("index.sqlite"));
        index = new JdbcFragmentStore(db);
        files = new FileBlobStore(dir.resolve("media"));
        new JdbcStreamStore(db)
                .create(new Stream(new StreamKey(new Scope("123456789012", "us-east-1"), "cam"), STREAM, null, null,
                        null, "v1", Instant.now(), 24, new TreeMap<>()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void laterFragmentsAreReadAndCommittedWhileTheFirstIsStillBeingCommittedAndAcknowledgedInOrder() throws Exception {
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        Acks acks = new Acks();
        CommitHook holdFirst = upload -> {
            if (upload == 0) {
                awaitUninterruptibly(firstCommitMayEnd);
            }
        };
        HookedBlobStore blobs = new HookedBlobStore(files, holdFirst);
        Thread upload = Thread.ofVirtual().start(() -> session(blobs, acks).run(stream(0, 1000, 2000)));

        acks.await("RECEIVED", 2000);
        awaitCommitted(blobs, 2);
        assertThat(acks.types())
                .as("fragments 2 and 3 read and their blobs committed while fragment 1's commit is held, but"
                        + " not acknowledged before it")
                .doesNotContain("PERSISTED");
        assertThat(index.after(STREAM, -1, 10)).as("nor indexed before it: a reader would pass fragment 1").isEmpty();

        firstCommitMayEnd.countDown();
        upload.join(WAIT);
        assertThat(upload.isAlive()).isFalse();
        assertThat(acks.timecodes("PERSISTED")).containsExactly(0L, 1000L, 2000L);
        assertThat(acks.types()).doesNotContain("ERROR");
        List<Long> numbers = acks.numbers("PERSISTED");
        assertThat(numbers).as("numbered in the order the fragments came").isSorted().doesNotHaveDuplicates();
        assertThat(index.after(STREAM, -1, 10)).extracting(Fragment::number).containsExactlyElementsOf(numbers);
    }

    @Test
    void aFragmentWhoseCommitFailsGetsAnErrorAndTheUploadGoesOn() throws Exception {
        Acks acks = new Acks();
        CommitHook failFirst = upload -> {
            if (upload == 0) {
                throw new IOException("No space left on device");
            }
        };
        session(new HookedBlobStore(files, failFirst), acks).run(stream(0, 1000));

        assertThat(acks.lines).filteredOn(a -> a.path("EventType").asText().equals("ERROR"))
                .singleElement().satisfies(error -> {
                    assertThat(error.path("ErrorId").asInt()).isEqualTo(5001);
                    assertThat(error.path("FragmentTimecode").asLong()).isZero();
                });
        assertThat(acks.timecodes("PERSISTED")).containsExactly(1000L);
    }

    private static void awaitCommitted(HookedBlobStore blobs, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (blobs.committed().get() < count) {
            assertThat(System.nanoTime()).as("blobs committed in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private IngestSession session(BlobStore blobs, Acks acks) {
        JdbcUploadLeases leases = new JdbcUploadLeases(db, new NodeId("test-node"));
        IngestContext context = new IngestContext(new GroupCommit(index, new FragmentNumbers(Clock.systemUTC())),
                new ResentFragments(index, blobs), blobs, new FragmentFeed(), Clock.systemUTC(), IngestLimits.AWS,
                leases, disk);
        return new IngestSession(context, STREAM, leases.take(STREAM).orElseThrow(), new TimecodeMode(true, null),
                new AckWriter(acks));
    }

    /** A header and one 1-second cluster of 25 frames (40 KB) per timecode, in milliseconds. */
    private static InputStream stream(long... timecodes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MkvWriter.header(1_000_000, MkvWriter.tracks(List.of(VIDEO)), "test"));
        for (long timecode : timecodes) {
            List<byte[]> blocks = new ArrayList<>();
            for (int f = 0; f < 25; f++) {
                blocks.add(MkvWriter.simpleBlock(1, f * 40, f == 0, new byte[1600]));
            }
            out.writeBytes(MkvWriter.cluster(timecode, blocks));
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    /** The acknowledgement lines as they are written. */
    private static final class Acks extends OutputStream {
        private final ObjectMapper json = new ObjectMapper();
        final List<JsonNode> lines = new CopyOnWriteArrayList<>();

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("acks are written a line at a time");
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                lines.add(json.readTree(new String(b, off, len, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<String> types() {
            return lines.stream().map(a -> a.path("EventType").asText()).toList();
        }

        List<Long> numbers(String type) {
            return lines.stream().filter(a -> a.path("EventType").asText().equals(type))
                    .map(a -> Long.parseLong(a.path("FragmentNumber").asText())).toList();
        }

        List<Long> timecodes(String type) {
            return lines.stream().filter(a -> a.path("EventType").asText().equals(type))
                    .map(a -> a.path("FragmentTimecode").asLong()).toList();
        }

        void await(String type, long timecode) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!timecodes(type).contains(timecode)) {
                assertThat(System.nanoTime()).as("no " + type + " for " + timecode + " in " + types())
                        .isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }

    /** Runs before the commit of the upload of the given index (0 for the first fragment). */
    private interface CommitHook {
        void beforeCommit(int upload) throws IOException;
    }

    /** The blob store with a hook before each upload's commit. */
    private record HookedBlobStore(BlobStore store, CommitHook hook, AtomicInteger created, AtomicInteger committed)
            implements
                BlobStore {
        HookedBlobStore(BlobStore store, CommitHook hook) {
            this(store, hook, new AtomicInteger(), new AtomicInteger());
        }

        @Override
        public BlobUpload create(String key) throws IOException {
            BlobUpload upload = store.create(key);
            int index = created.getAndIncrement();
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
                    hook.beforeCommit(index);
                    upload.commit();
                    committed.incrementAndGet();
                }

                @Override
                public void close() throws IOException {
                    upload.close();
                }
            };
        }

        @Override
        public void check() throws IOException {
            store.check();
        }

        @Override
        public InputStream open(String key, long offset, long length) throws IOException {
            return store.open(key, offset, length);
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }

        @Override
        public void forEach(BlobVisitor each) throws IOException {
            store.forEach(each);
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
}
