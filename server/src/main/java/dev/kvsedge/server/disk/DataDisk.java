package dev.kvsedge.server.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server able to delete when its data disk fills up. The database and the media share the data dir; once
 * media has taken the last byte, SQLite cannot even write the log of a DELETE, and after a restart (which gives its
 * write-ahead log back to whoever writes first) not even open it for writing, so no API call could free space again.
 *
 * <p>So the server holds a reserve: a file of {@link #reserveBytes} ({@value #MAX_RESERVE_MIB} MiB at most, a
 * sixteenth of the disk on a small one) in the data dir, written with real bytes so that the space is taken, not just
 * promised. The rule, read from the disk each time (so a restart keeps it):
 * <ul>
 *   <li>the disk is <b>full</b> when less than a quarter of a reserve is free, or when no reserve is held and less than
 *       two are free;</li>
 *   <li>while it is full, media is refused (PutMedia answers 503, an upload's fragments ERROR 5001) while everything
 *       else goes on: deleting streams, lowering their retention, reading;</li>
 *   <li>once it is full the reserve is deleted, which gives the database the room to delete with; once two reserves are
 *       free again (space freed by deletes and retention) it is written back and media is accepted.</li>
 * </ul>
 * A reserve file rather than only a free-space threshold: what fills the disk is not always the server's own media
 * (the edge agent of {@code kvs-edge up} records into the same data dir, other programs share the disk, several
 * uploads overshoot a threshold at once), and a file's blocks are really held whoever writes.
 */
public final class DataDisk {
    private static final Logger LOG = LoggerFactory.getLogger(DataDisk.class);
    static final String RESERVE_FILE = "disk-reserve";
    static final long MAX_RESERVE_MIB = 32;
    private static final long MIB = 1 << 20;
    private static final Duration SUMMARY_PERIOD = Duration.ofMinutes(1);

    private final Path reserve;
    private final LongSupplier usableBytes;
    private final long reserveBytes;
    private final Clock clock;
    private final AtomicInteger refusedSinceSummary = new AtomicInteger();
    private int refusedWhileFull;
    private boolean full;
    private Instant lastSummary;

    DataDisk(Path dataDir, LongSupplier usableBytes, long totalBytes, Clock clock) {
        this.reserve = dataDir.resolve(RESERVE_FILE);
        this.usableBytes = usableBytes;
        this.reserveBytes = Math.min(MAX_RESERVE_MIB * MIB, Math.max(MIB, totalBytes / 16));
        this.clock = clock;
        this.lastSummary = clock.instant();
    }

    /**
     * The data dir's disk, checked at once: when it is full and a reserve is held, the reserve goes now, before the
     * database opens (after a restart on a full disk, that is what lets it write again). A missing reserve is written by
     * the first {@link #check}, once the server runs: start-up does not wait for 32 MiB to be written.
     */
    public static DataDisk open(Path dataDir, Clock clock) throws IOException {
        Files.createDirectories(dataDir);
        FileStore store = Files.getFileStore(dataDir);
        DataDisk disk = new DataDisk(dataDir, () -> {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, store.getTotalSpace(), clock);
        disk.check(false);
        return disk;
    }

    /** Whether media may be stored now: false while the disk is full. */
    public boolean hasRoomForMedia() {
        return !isFull(usable(), held());
    }

    /**
     * Whether a fragment may be stored now; one refused while the disk is full is counted for the log's summary
     * (the log says when the disk fills, then once a minute how many fragments were refused, not one line each).
     */
    public boolean admitFragment() {
        if (hasRoomForMedia()) {
            return true;
        }
        refusedSinceSummary.incrementAndGet();
        synchronized (this) {
            if (!full) {
                check(); // the state changed since the last check: release the reserve and say so now
            }
        }
        return false;
    }

    /**
     * Whether a failure to store media is explained by a full disk (checked again now, which releases the reserve
     * if it is): then it is counted rather than logged, and the caller need not log it.
     */
    public boolean explainsFailure() {
        check();
        synchronized (this) {
            if (full) {
                refusedSinceSummary.incrementAndGet();
            }
            return full;
        }
    }

    /**
     * Looks at the disk: releases the reserve when it is full, writes it back when there is room for two, logs when the
     * state changes and, while it lasts, a summary once a minute. The server calls this every second.
     */
    public void check() {
        check(true);
    }

    private synchronized void check(boolean mayWrite) {
        long usable = usable();
        boolean held = held();
        boolean released = false;
        if (isFull(usable, held) && Files.exists(reserve)) {
            released = release();
            held = false;
            usable = usable();
        } else if (mayWrite && !held && usable >= 2 * reserveBytes) {
            held = write();
            usable = usable();
        }
        boolean nowFull = isFull(usable, held);
        if (nowFull != full) {
            logChange(nowFull, usable, released);
        } else if (nowFull && !clock.instant().isBefore(lastSummary.plus(SUMMARY_PERIOD))) {
            int refused = refusedSinceSummary.getAndSet(0);
            refusedWhileFull += refused;
            lastSummary = clock.instant();
            if (refused > 0) {
                LOG.warn("The data disk is still full ({} MiB free): refused {} fragments in the last minute",
                        usable / MIB,
                        refused);
            }
        }
        full = nowFull;
    }

    private void logChange(boolean nowFull, long usable, boolean released) {
        if (nowFull) {
            LOG.warn(
                    "The data disk is full ({} MiB free in {}){}; PutMedia refuses media (503 ServiceUnavailableException,"
                            + " ERROR 5001) until {} MiB are free. Delete streams or lower their retention to free space.",
                    usable / MIB, reserve.getParent(), released
                            ? ": released the " + reserveBytes / MIB
                                    + " MiB reserve so that deleting streams keeps working"
                            : "",
                    2 * reserveBytes / MIB);
            lastSummary = clock.instant();
            refusedWhileFull = 0;
        } else {
            refusedWhileFull += refusedSinceSummary.getAndSet(0);
            LOG.info(
                    "The data disk has room again ({} MiB free): the reserve is back and PutMedia accepts media ({} fragments"
                            + " were refused while it was full)",
                    usable / MIB, refusedWhileFull);
        }
    }

    long reserveBytes() {
        return reserveBytes;
    }

    private boolean isFull(long usable, boolean held) {
        return usable < reserveBytes / 4 || !held && usable < 2 * reserveBytes;
    }

    /** A reserve is held when its file is whole (a crash while writing it leaves a short one, written again). */
    private boolean held() {
        try {
            return Files.size(reserve) == reserveBytes;
        } catch (IOException e) {
            return false;
        }
    }

    private long usable() {
        try {
            return usableBytes.getAsLong();
        } catch (UncheckedIOException e) {
            // The disk cannot be measured: media goes on as if there were room, and writes fail on their own if not.
            LOG.debug("cannot measure the data disk: {}", e.getCause().toString());
            return Long.MAX_VALUE;
        }
    }

    private boolean release() {
        try {
            return Files.deleteIfExists(reserve);
        } catch (IOException e) {
            LOG.warn("could not release the data disk reserve {}: {}", reserve, e.toString());
            return false;
        }
    }

    /** Writes the reserve whole (bytes that no file system can compress away or leave sparse); false if it could not. */
    private boolean write() {
        byte[] chunk = new byte[(int) Math.min(MIB, reserveBytes)];
        Arrays.fill(chunk, (byte) 0x6B);
        try (FileChannel file = FileChannel.open(reserve, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < reserveBytes;) {
                ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, reserveBytes - written));
                while (bytes.hasRemaining()) {
                    written += file.write(bytes);
                }
            }
            return true;
        } catch (IOException e) {
            LOG.debug("could not write the data disk reserve: {}", e.toString());
            try {
                Files.deleteIfExists(reserve);
            } catch (IOException | RuntimeException ignored) {
                // NoSuchFileException or the same trouble: the next check tries again
            }
            return false;
        }
    }
}
