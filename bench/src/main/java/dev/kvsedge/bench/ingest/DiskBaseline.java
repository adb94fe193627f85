package dev.kvsedge.bench.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The disk-write bandwidth of this machine's own filesystem, measured the way kvs-edge writes fragments and
 * plainly, for comparison with the ingest throughput measured in the same run.
 *
 * <ul>
 *   <li>{@code files}: N writers in parallel, each writing fragment-sized files in a folder of its own laid out
 *       like the server's ({@code ROOT/account/region/stream-I/created/NUMBER.mkv}): a part file written through
 *       a 64 KB buffer, {@code fsync}, closed, renamed onto its name, then {@code fsync} of its folder
 *       ({@code --dir-syncs parent}), or of every folder up to ROOT as FileBlobStore does ({@code chain}), or of
 *       none ({@code none}). Reports committed bytes per second and the commit time (fsync, rename, folder fsyncs).</li>
 *   <li>{@code sequential}: one file of {@code --bytes} written in 1 MB writes, then one fsync; the time includes
 *       the fsync ({@code dd bs=1M conv=fsync}).</li>
 * </ul>
 *
 * <pre>java -cp bench/target/kvs-edge-bench.jar dev.kvsedge.bench.ingest.DiskBaseline --dir DIR files|sequential [options]</pre>
 */
public final class DiskBaseline {
    static final String USAGE = """
            usage: DiskBaseline --dir DIR files|sequential [options]
              files:      --writers N (50)  --fragment-bytes B (1000000)  --duration SECONDS (20)
                          --dir-syncs parent|chain|none (parent)
              sequential: --bytes B (1073741824)
              --label NAME   copied into the RESULT line
            DIR is created; what the run writes is deleted at its end.
            """;
    private static final int BUFFER = 64 * 1024;

    private DiskBaseline() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        String mode = null;
        int writers = 50;
        long fragmentBytes = 1_000_000;
        double duration = 20;
        String dirSyncs = "parent";
        long bytes = 1L << 30;
        String label = "disk";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "files", "sequential" -> mode = args[i];
                case "--dir" -> dir = Path.of(args[++i]);
                case "--writers" -> writers = Integer.parseInt(args[++i]);
                case "--fragment-bytes" -> fragmentBytes = Long.parseLong(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--dir-syncs" -> dirSyncs = args[++i];
                case "--bytes" -> bytes = Long.parseLong(args[++i]);
                case "--label" -> label = args[++i];
                default -> {
                    System.err.print("unknown argument " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        if (dir == null || mode == null || !List.of("parent", "chain", "none").contains(dirSyncs)) {
            System.err.print(USAGE);
            System.exit(2);
        }
        Path root = Files.createDirectories(dir).resolve("run-" + System.nanoTime());
        Files.createDirectories(root);
        try {
            if (mode.equals("files")) {
                files(label, root, writers, fragmentBytes, duration, dirSyncs);
            } else {
                sequential(label, root, bytes);
            }
        } finally {
            deleteTree(root);
        }
    }

    private static void files(String label, Path root, int writers, long fragmentBytes, double duration,
            String dirSyncs)
            throws Exception {
        byte[] data = new byte[(int) Math.min(fragmentBytes, 8 << 20) + BUFFER];
        new SplittableRandom(7).nextBytes(data);
        AtomicLong bytes = new AtomicLong();
        List<Samples> commits = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long start = System.nanoTime() + 200_000_000L;
        long stop = start + Math.round(duration * 1e9);
        ProcStats[] stats = new ProcStats[2];
        for (int w = 0; w < writers; w++) {
            Samples samples = new Samples();
            commits.add(samples);
            Path folder = root.resolve("123456789012/us-east-1/stream-" + w + "/1700000000000");
            int writer = w;
            threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                try {
                    Files.createDirectories(folder);
                    sleepUntil(start);
                    for (long n = 0; System.nanoTime() < stop; n++) {
                        Path target = folder.resolve(n + ".mkv");
                        Path part = folder.resolve(n + ".mkv~" + Long.toHexString(writer * 1_000_003L + n) + ".part");
                        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE)) {
                            // As ChannelWriter: the server hands over blocks of about 20 KB, buffered to 64 KB writes.
                            long offset = (n * 4099) % BUFFER;
                            for (long written = 0; written < fragmentBytes;) {
                                int length = (int) Math.min(BUFFER, fragmentBytes - written);
                                ByteBuffer source = ByteBuffer.wrap(data,
                                        (int) ((offset + written) % (data.length - BUFFER)), length);
                                while (source.hasRemaining()) {
                                    channel.write(source);
                                }
                                written += length;
                            }
                            long commitStart = System.nanoTime();
                            channel.force(true);
                            channel.close();
                            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                            if (!dirSyncs.equals("none")) {
                                for (Path d = folder; d != null && d.startsWith(root); d = d.getParent()) {
                                    try (FileChannel dc = FileChannel.open(d, StandardOpenOption.READ)) {
                                        dc.force(true);
                                    }
                                    if (dirSyncs.equals("parent")) {
                                        break;
                                    }
                                }
                            }
                            long end = System.nanoTime();
                            if (end <= stop) {
                                bytes.addAndGet(fragmentBytes);
                                samples.add(end - commitStart);
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        sleepUntil(start);
        stats[0] = ProcStats.take(-1);
        sleepUntil(stop);
        stats[1] = ProcStats.take(-1);
        for (Thread t : threads) {
            t.join();
        }
        Samples all = new Samples();
        for (Samples s : commits) {
            for (int i = 0; i < s.count(); i++) {
                all.add(s.valueAt(i));
            }
        }
        double seconds = (stop - start) / 1e9;
        double rate = bytes.get() / seconds;
        double diskRate = (stats[1].sectorsWritten() - stats[0].sectorsWritten()) * 512.0 / seconds;
        double self = ProcStats.cores(stats[0].self(), stats[1].self(), seconds);
        double others = ProcStats.cores(stats[0].machineBusy(), stats[1].machineBusy(), seconds) - self;
        System.out.printf(Locale.ROOT, "disk, fragment files: %d writers, %,d-byte files, folder fsyncs: %s, %.0f s%n",
                writers, fragmentBytes, dirSyncs, seconds);
        System.out.printf(Locale.ROOT,
                "  committed: %.1f MB/s (%d files, %.1f/s); disk writes %.1f MB/s (all processes)%n",
                rate / 1e6, all.count(), all.count() / seconds, diskRate / 1e6);
        System.out.println("  commit (fsync + rename + folder fsyncs): " + all.summary());
        System.out.printf(Locale.ROOT, "  cpu: baseline %.2f cores, others %.2f cores, iowait %.2f cores%n",
                self, others,
                ProcStats.cores(stats[0].iowait(), stats[1].iowait(), seconds));
        failures.forEach(f -> System.out.println("  writer failed: " + f));
        System.out.printf(Locale.ROOT,
                "RESULT label=%s mode=files writers=%d fragment_bytes=%d dir_syncs=%s seconds=%.1f"
                        + " bytes_per_s=%.0f files=%d disk_write_bytes_per_s=%.0f %s self_cores=%.2f other_cores=%.2f valid=%s%n",
                label, writers, fragmentBytes, dirSyncs, seconds, rate, all.count(), diskRate, all.keyValues("commit"),
                self, others, failures.isEmpty());
    }

    private static void sequential(String label, Path root, long bytes) throws IOException {
        byte[] data = new byte[1 << 20];
        new SplittableRandom(11).nextBytes(data);
        Path file = root.resolve("sequential.bin");
        ProcStats before = ProcStats.take(-1);
        long start = System.nanoTime();
        long writeDone;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes;) {
                ByteBuffer source = ByteBuffer.wrap(data, 0, (int) Math.min(data.length, bytes - written));
                while (source.hasRemaining()) {
                    written += channel.write(source);
                }
            }
            writeDone = System.nanoTime();
            channel.force(true);
        }
        long end = System.nanoTime();
        ProcStats after = ProcStats.take(-1);
        double seconds = (end - start) / 1e9;
        double others = ProcStats.cores(before.machineBusy(), after.machineBusy(), seconds)
                - ProcStats.cores(before.self(), after.self(), seconds);
        System.out.printf(Locale.ROOT, "disk, sequential: %,d bytes in 1 MB writes, then fsync: %.1f MB/s"
                + " (%.2f s: %.2f s writing to the page cache, %.2f s fsync)%n",
                bytes, bytes / seconds / 1e6, seconds, (writeDone - start) / 1e9, (end - writeDone) / 1e9);
        System.out.printf(Locale.ROOT,
                "RESULT label=%s mode=sequential bytes=%d seconds=%.2f bytes_per_s=%.0f fsync_s=%.2f"
                        + " other_cores=%.2f valid=true%n",
                label, bytes, seconds, bytes / seconds, (end - writeDone) / 1e9, others);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            List<Path> all = paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
