package dev.kvsedge.camera;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What N cameras with one client each cost: starts the cameras (sharing one encoded loop), connects one client to
 * each (a single thread reading and discarding interleaved RTP), warms up, then measures for a while the CPU time of
 * the cameras' threads, of the client thread and of the whole process, the bytes received, and the memory.
 *
 * <pre>
 * java -cp ... dev.kvsedge.camera.CameraLoad [cameras=64] [seconds=10] [size=1920x1080] [fps=25]
 * </pre>
 *
 * On loopback the kernel's TCP receive work happens in the sender's system call, so the cameras' CPU includes part
 * of what the clients would cost on another machine: an upper bound.
 */
public final class CameraLoad {
    private CameraLoad() {}

    public static void main(String[] args) throws Exception {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int[] size = CameraOptions.parseSize(args.length > 2 ? args[2] : "1920x1080");
        int fps = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        System.out.println(run(cameras, Duration.ofSeconds(seconds), size[0], size[1], fps));
    }

    /** The measurement, as text. */
    static String run(int count, Duration measure, int width, int height, int fps) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CameraOptions options = CameraOptions.anyPort().withSize(width, height).withFps(fps).withGop(fps);
        long heapBefore = usedHeapAfterGc(memory);
        long rssBefore = rssKib();

        long started = System.nanoTime();
        List<SimulatedCamera> cameras = new ArrayList<>();
        try (Reader reader = new Reader()) {
            for (int i = 0; i < count; i++) {
                cameras.add(SimulatedCamera.start(options));
            }
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            for (SimulatedCamera camera : cameras) {
                reader.connect(camera.url());
            }
            reader.start();
            Thread.sleep(3000); // warm-up: JIT, socket buffers
            long heapServing = usedHeapAfterGc(memory);
            long rssServing = rssKib();

            long[] camerasCpu0 = cameraCpu(threads);
            long readerCpu0 = threads.getThreadCpuTime(reader.thread.threadId());
            long processCpu0 = processCpuNanos();
            long bytes0 = reader.bytes;
            long t0 = System.nanoTime();
            Thread.sleep(measure.toMillis());
            long elapsed = System.nanoTime() - t0;
            long[] camerasCpu1 = cameraCpu(threads);
            long readerCpu = threads.getThreadCpuTime(reader.thread.threadId()) - readerCpu0;
            long processCpu = processCpuNanos() - processCpu0;
            long bytes = reader.bytes - bytes0;
            long cameraCpu = camerasCpu1[0] - camerasCpu0[0];
            int playing = cameras.stream().mapToInt(SimulatedCamera::clients).sum();

            StringBuilder report = new StringBuilder();
            report.append(String.format("%d cameras %dx%d %d fps, %d clients playing, %.1f s measured%n", count, width,
                    height,
                    fps, playing, elapsed / 1e9));
            report.append(String.format("start: %d ms for all cameras (one encoding, shared)%n", startMillis));
            report.append(String.format("camera threads: %.2f%% of one core in all, %.3f%% per camera (user %.2f%%)%n",
                    100.0 * cameraCpu / elapsed, 100.0 * cameraCpu / elapsed / count,
                    100.0 * (camerasCpu1[1] - camerasCpu0[1]) / elapsed));
            report.append(String.format("client thread: %.2f%% of one core; whole process: %.2f%%%n",
                    100.0 * readerCpu / elapsed,
                    100.0 * processCpu / elapsed));
            report.append(String.format("received: %.1f Mbit/s in all, %.2f Mbit/s per camera%n", bytes * 8e3 / elapsed,
                    bytes * 8e3 / elapsed / count));
            report.append(String.format(
                    "heap after GC: %.1f MiB before, %.1f MiB serving (%.0f KiB per camera, shared loop included)%n",
                    heapBefore / 1048576.0, heapServing / 1048576.0, (heapServing - heapBefore) / 1024.0 / count));
            report.append(
                    String.format("direct buffers: %.1f MiB (each camera's packet buffer, the client's read buffer)%n",
                            directBytes() / 1048576.0));
            report.append(String.format(
                    "resident set: %.1f MiB before, %.1f MiB serving (FFmpeg's libraries loaded in between)%n",
                    rssBefore / 1024.0, rssServing / 1024.0));
            return report.toString();
        } finally {
            cameras.forEach(SimulatedCamera::close);
        }
    }

    /** CPU and user time of the cameras' threads, nanoseconds. */
    private static long[] cameraCpu(ThreadMXBean threads) {
        long cpu = 0;
        long user = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("kvs-edge-camera-")) {
                cpu += Math.max(0, threads.getThreadCpuTime(thread.threadId()));
                user += Math.max(0, threads.getThreadUserTime(thread.threadId()));
            }
        }
        return new long[] {cpu, user};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum();
    }

    private static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** One thread that reads every client's socket and discards what it gets. */
    private static final class Reader implements AutoCloseable {
        final Selector selector = Selector.open();
        final Thread thread = new Thread(this::run, "camera-load-reader");
        volatile long bytes;
        volatile boolean running = true;

        Reader() throws IOException {}

        /** Connects and plays (blocking), then hands the socket to the reading thread. */
        void connect(String url) throws IOException {
            URI uri = URI.create(url);
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            request(channel, "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n");
            String setup = request(channel, "SETUP " + url + "/trackID=0 RTSP/1.0\r\nCSeq: 2\r\n"
                    + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
            String session = setup.replaceAll("(?s).*Session: ([0-9A-F]+).*", "$1");
            request(channel, "PLAY " + url + "/ RTSP/1.0\r\nCSeq: 3\r\nSession: " + session + "\r\n\r\n");
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        }

        /** Sends a request and reads its response, byte by byte up to the blank line and then its body. */
        private static String request(SocketChannel channel, String request) throws IOException {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            StringBuilder head = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (!head.toString().endsWith("\r\n\r\n")) {
                one.clear();
                if (channel.read(one) < 0) {
                    throw new IOException("closed");
                }
                head.append((char) one.get(0));
            }
            String text = head.toString();
            int length = text.contains("Content-Length: ")
                    ? Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"))
                    : 0;
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining()) {
                channel.read(body);
            }
            if (!text.startsWith("RTSP/1.0 200")) {
                throw new IOException("camera answered " + text);
            }
            return text;
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            try {
                while (running) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        buffer.clear();
                        int n = ((SocketChannel) key.channel()).read(buffer);
                        if (n < 0) {
                            key.cancel();
                        } else {
                            bytes += n;
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            running = false;
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }
}
