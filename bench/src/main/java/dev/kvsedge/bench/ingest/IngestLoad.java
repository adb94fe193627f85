package dev.kvsedge.bench.ingest;

import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * PutMedia ingest load: N concurrent uploads (one stream each) of synthetic H.264 Matroska, paced at a bit
 * rate or as fast as possible; measures the bytes per second that reach PERSISTED and the time from a
 * fragment's end to its PERSISTED acknowledgement.
 *
 * <pre>java -cp bench/target/kvs-edge-bench.jar dev.kvsedge.bench.ingest.IngestLoad --endpoint http://127.0.0.1:PORT
 *      [--mode paced|fast] [--streams 50] ...</pre>
 *
 * Prints a readable report and one {@code RESULT key=value ...} line for scripts.
 */
public final class IngestLoad {
    static final String USAGE = """
            usage: IngestLoad --endpoint http://127.0.0.1:PORT [options]
              --mode paced|fast        paced: frames sent at their due time (bit rate below); fast: as fast as
                                       the server takes them (default: paced)
              --streams N              concurrent uploads, one stream each (default: 50)
              --bitrate BITS_PER_S     per stream; sets the fragment size (default: 4000000)
              --fps N                  frames per second, must divide 1000 (default: 25)
              --fragment-seconds S     media per fragment (one Cluster each) (default: 2)
              --fragment-bytes B       bytes per fragment, instead of bitrate x seconds
              --cluster-size known|unknown
                                       known: the server sees a fragment end with its last block; unknown (as
                                       live producers write): only when the next Cluster begins (default: known)
              --no-stagger             paced: all streams start their fragments together (default: spread
                                       evenly over one fragment duration)
              --warmup SECONDS         load before measuring (default: 10)
              --duration SECONDS       measured window (default: 30)
              --drain SECONDS          wait for the last acknowledgements (default: 30)
              --stream-prefix NAME     streams are NAME-0 .. NAME-(N-1), created when absent (default: ingest)
              --variants N             distinct pre-rendered fragments (random data) (default: 8)
              --server-pid PID         report the server's CPU
              --label NAME             copied into the RESULT line
              --region R --access-key ID --secret-key S   SigV4 (default: us-east-1, test, test)
            """;

    private IngestLoad() {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        SigV4Signer signer = new SigV4Signer(o.accessKey, o.secretKey, Clock.systemUTC());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < o.streams; i++) {
            names.add(o.streamPrefix + "-" + i);
        }
        createStreams(o, signer, names);

        int frames = Math.toIntExact(Math.round(o.fps * o.fragmentSeconds));
        long fragmentBytes = o.fragmentBytes > 0 ? o.fragmentBytes : Math.round(o.bitrate / 8.0 * o.fragmentSeconds);
        SyntheticMkv mkv = new SyntheticMkv(o.fps, frames, fragmentBytes, o.variants, 42);
        boolean paced = o.mode.equals("paced");
        System.out.printf(Locale.ROOT,
                "ingest %s: %d streams, fragments of %d frames (%d ms) and %,d bytes, clusters of %s size%s%n",
                o.mode, o.streams, frames, mkv.fragmentMillis(), mkv.fragmentBytes(0), o.clusterSize,
                paced
                        ? String.format(Locale.ROOT, ", %.2f Mbit/s per stream, %.1f MB/s offered in all",
                                mkv.fragmentBytes(0) * 8e3 / mkv.fragmentMillis() / 1e6,
                                mkv.fragmentBytes(0) * 1e3 / mkv.fragmentMillis() * o.streams / 1e6)
                        : "");

        List<StreamUpload> uploads = new ArrayList<>();
        Instant producerStart = Instant.now();
        for (int i = 0; i < o.streams; i++) {
            StreamUpload upload = new StreamUpload(o.endpoint, signer, o.region, names.get(i), mkv, i, paced,
                    o.clusterSize.equals("known"));
            upload.open(producerStart);
            uploads.add(upload);
        }
        long fragmentNanos = mkv.fragmentMillis() * 1_000_000L;
        long t0 = System.nanoTime() + 300_000_000L;
        long measureStart = t0 + Math.round(o.warmupSeconds * 1e9);
        long stop = measureStart + Math.round(o.durationSeconds * 1e9);
        List<Thread> writers = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            StreamUpload upload = uploads.get(i);
            long start = t0 + (paced && o.stagger ? fragmentNanos * i / uploads.size() : 0);
            readers.add(
                    Thread.ofVirtual().name("acks-" + i).start(() -> upload.readAcks((int) (o.drainSeconds * 1000))));
            writers.add(Thread.ofVirtual().name("upload-" + i).start(() -> upload.write(start, stop)));
        }
        sleepUntil(measureStart);
        ProcStats before = ProcStats.take(o.serverPid);
        sleepUntil(stop);
        ProcStats after = ProcStats.take(o.serverPid);
        for (Thread t : writers) {
            t.join();
        }
        long drainDeadline = System.nanoTime() + Math.round(o.drainSeconds * 1e9);
        for (Thread t : readers) {
            long left = drainDeadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                break;
            }
        }
        uploads.forEach(StreamUpload::close);
        for (Thread t : readers) {
            t.join(Duration.ofSeconds(2));
        }
        report(o, mkv, uploads, measureStart, stop, before, after);
    }

    private static void report(Options o, SyntheticMkv mkv, List<StreamUpload> uploads, long from, long to,
            ProcStats before,
            ProcStats after) {
        double seconds = (to - from) / 1e9;
        Samples persisted = new Samples(); // end visible -> PERSISTED: the target's measure
        Samples lastByte = new Samples(); // last byte written -> PERSISTED
        Samples received = new Samples(); // end visible -> RECEIVED
        Samples commit = new Samples(); // RECEIVED -> PERSISTED: blob commit and index insert
        long persistedBytesInWindow = 0;
        long sentBytesInWindow = 0;
        long fragmentsInWindow = 0;
        long missing = 0;
        long errored = 0;
        long negative = 0;
        long failedStreams = 0;
        long maxLate = 0;
        Map<String, Long> errorCodes = new TreeMap<>();
        long errorAcks = 0;
        long unmatched = 0;
        long totalPersisted = 0;
        for (StreamUpload u : uploads) {
            if (u.failure != null) {
                failedStreams++;
                System.out.println("  stream failed: " + u.failure);
            }
            maxLate = Math.max(maxLate, u.maxLateNanos);
            u.errorCodes.forEach((k, v) -> errorCodes.merge(k, v, Long::sum));
            errorAcks += u.errorAcks.get();
            unmatched += u.unmatchedAcks.get();
            for (FragmentRecord r : u.sent) {
                if (r.persistedNanos != 0) {
                    totalPersisted++;
                    if (r.persistedNanos >= from && r.persistedNanos < to) {
                        persistedBytesInWindow += r.bytes;
                    }
                }
                if (r.lastByteNanos >= from && r.lastByteNanos < to) {
                    sentBytesInWindow += r.bytes;
                }
                if (r.endVisibleNanos < from || r.endVisibleNanos >= to) {
                    continue;
                }
                fragmentsInWindow++;
                if (r.error != null) {
                    errored++;
                    continue;
                }
                if (r.persistedNanos == 0) {
                    missing++;
                    continue;
                }
                if (r.persistedNanos < r.endVisibleNanos) {
                    negative++; // the ack was read before the writer stamped its write: count as 0
                }
                persisted.add(Math.max(0, r.persistedNanos - r.endVisibleNanos));
                lastByte.add(Math.max(0, r.persistedNanos - r.lastByteNanos));
                if (r.receivedNanos != 0) {
                    received.add(Math.max(0, r.receivedNanos - r.endVisibleNanos));
                    commit.add(Math.max(0, r.persistedNanos - r.receivedNanos));
                }
            }
        }
        long errors = errorAcks + missing + failedStreams + unmatched;
        double persistedRate = persistedBytesInWindow / seconds;
        double serverCores = ProcStats.cores(before.server(), after.server(), seconds);
        double selfCores = ProcStats.cores(before.self(), after.self(), seconds);
        double machineCores = ProcStats.cores(before.machineBusy(), after.machineBusy(), seconds);
        double others = machineCores - selfCores - (Double.isNaN(serverCores) ? 0 : serverCores);
        double iowaitCores = ProcStats.cores(before.iowait(), after.iowait(), seconds);
        double diskWriteRate = before.sectorsWritten() < 0
                ? Double.NaN
                : (after.sectorsWritten() - before.sectorsWritten()) * 512.0 / seconds;

        System.out.printf(Locale.ROOT, "measured window: %.1f s after %.1f s of warm-up%n", seconds, o.warmupSeconds);
        System.out.printf(Locale.ROOT,
                "  persisted:   %.1f MB/s (%.1f Mbit/s; fragment bytes whose PERSISTED came in the window)%n",
                persistedRate / 1e6, persistedRate * 8 / 1e6);
        System.out.printf(Locale.ROOT, "  sent:        %.1f MB/s (fragments whose last byte went out in the window)%n",
                sentBytesInWindow / seconds / 1e6);
        System.out.printf(Locale.ROOT, "  disk writes: %.1f MB/s (all processes, /proc/diskstats)%n",
                diskWriteRate / 1e6);
        System.out.printf(Locale.ROOT,
                "  fragments ending in the window: %d (%.1f/s); PERSISTED for all but %d missing, %d with an ERROR%n",
                fragmentsInWindow, fragmentsInWindow / seconds, missing, errored);
        System.out.println("  fragment end -> PERSISTED:  " + persisted.summary());
        if (!o.clusterSize.equals("known")) {
            System.out.println("  last byte -> PERSISTED:     " + lastByte.summary());
        }
        System.out.println("  fragment end -> RECEIVED:   " + received.summary());
        System.out.println("  RECEIVED -> PERSISTED:      " + commit.summary());
        System.out.printf(Locale.ROOT,
                "  errors: %d (ERROR acks %d %s, fragments never PERSISTED %d, failed streams %d,"
                        + " unmatched acks %d); acks read before the write returned: %d%n",
                errors, errorAcks, errorCodes, missing,
                failedStreams, unmatched, negative);
        System.out.printf(Locale.ROOT, "  cpu (cores): server %.2f, load generator %.2f, others %.2f, iowait %.2f%s%n",
                serverCores, selfCores, others, iowaitCores,
                o.mode.equals("paced")
                        ? String.format(Locale.ROOT, "; generator at most %.1f ms late for a frame", maxLate / 1e6)
                        : "");
        System.out.printf(Locale.ROOT,
                "RESULT label=%s mode=%s streams=%d cluster_size=%s fragment_bytes=%d fragment_ms=%d"
                        + " seconds=%.1f persisted_bytes_per_s=%.0f sent_bytes_per_s=%.0f disk_write_bytes_per_s=%.0f"
                        + " fragments=%d %s %s %s %s errors=%d error_acks=%d missing=%d failed_streams=%d"
                        + " server_cores=%.2f loadgen_cores=%.2f other_cores=%.2f iowait_cores=%.2f max_late_ms=%.1f"
                        + " total_persisted=%d valid=%s%n",
                o.label, o.mode, o.streams, o.clusterSize, mkv.fragmentBytes(0), mkv.fragmentMillis(), seconds,
                persistedRate,
                sentBytesInWindow / seconds, diskWriteRate, fragmentsInWindow, persisted.keyValues("persisted"),
                lastByte.keyValues("lastbyte"), received.keyValues("received"), commit.keyValues("commit"), errors,
                errorAcks,
                missing, failedStreams, serverCores, selfCores, others, iowaitCores, maxLate / 1e6, totalPersisted,
                errors == 0 && fragmentsInWindow > 0);
    }

    private static void createStreams(Options o, SigV4Signer signer, List<String> names)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int created = 0;
        for (String name : names) {
            String body = "{\"StreamName\":\"" + name + "\",\"DataRetentionInHours\":1}";
            HttpResponse<String> response = signedPost(http, o, signer, "/createStream", body);
            if (response.statusCode() == 200) {
                created++;
            } else if (!response.body().contains("ResourceInUse")) {
                throw new IOException(
                        "CreateStream " + name + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
        }
        System.out.println("streams: " + names.size() + " (" + created + " created)");
    }

    private static HttpResponse<String> signedPost(HttpClient http, Options o, SigV4Signer signer, String path,
            String json)
            throws IOException, InterruptedException {
        URI uri = o.endpoint.resolve(path);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> auth = signer.sign("POST", uri, o.region, "kinesisvideo",
                Map.of("content-type", "application/json"), body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("content-type", "application/json");
        auth.forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    /** Command-line settings. */
    private static final class Options {
        URI endpoint;
        String mode = "paced";
        int streams = 50;
        long bitrate = 4_000_000;
        int fps = 25;
        double fragmentSeconds = 2;
        long fragmentBytes = -1;
        String clusterSize = "known";
        boolean stagger = true;
        double warmupSeconds = 10;
        double durationSeconds = 30;
        double drainSeconds = 30;
        String streamPrefix = "ingest";
        int variants = 8;
        long serverPid = -1;
        String label = "kvs-edge";
        String region = "us-east-1";
        String accessKey = "test";
        String secretKey = "test";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--no-stagger")) {
                    o.stagger = false;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String v = args[++i];
                switch (name) {
                    case "--endpoint" -> o.endpoint = URI.create(v);
                    case "--mode" -> o.mode = oneOf(v, "paced", "fast");
                    case "--streams" -> o.streams = Integer.parseInt(v);
                    case "--bitrate" -> o.bitrate = Long.parseLong(v);
                    case "--fps" -> o.fps = Integer.parseInt(v);
                    case "--fragment-seconds" -> o.fragmentSeconds = Double.parseDouble(v);
                    case "--fragment-bytes" -> o.fragmentBytes = Long.parseLong(v);
                    case "--cluster-size" -> o.clusterSize = oneOf(v, "known", "unknown");
                    case "--warmup" -> o.warmupSeconds = Double.parseDouble(v);
                    case "--duration" -> o.durationSeconds = Double.parseDouble(v);
                    case "--drain" -> o.drainSeconds = Double.parseDouble(v);
                    case "--stream-prefix" -> o.streamPrefix = v;
                    case "--variants" -> o.variants = Integer.parseInt(v);
                    case "--server-pid" -> o.serverPid = Long.parseLong(v);
                    case "--label" -> o.label = v;
                    case "--region" -> o.region = v;
                    case "--access-key" -> o.accessKey = v;
                    case "--secret-key" -> o.secretKey = v;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.endpoint == null) {
                throw new IllegalArgumentException("--endpoint is required");
            }
            return o;
        }

        private static String oneOf(String value, String... allowed) {
            for (String a : allowed) {
                if (a.equals(value)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", allowed) + ": " + value);
        }
    }
}
