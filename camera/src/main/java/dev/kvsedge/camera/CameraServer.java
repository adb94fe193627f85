package dev.kvsedge.camera;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's RTSP server: a single thread with a selector that accepts connections, answers requests and, on the
 * camera's frame clock, sends each frame of the encoded loop to every receiving client. Nothing is encoded here;
 * a frame costs each client one copy of its pre-made packets with four fields patched, and one non-blocking write.
 * The thread sleeps between frames (and entirely when nobody is receiving), so an idle camera costs nothing and a
 * busy one a few hundred microseconds a second per client.
 *
 * <p>The frame clock: frame n is due at {@code start + n / fps} and shows loop picture {@code n mod frames}. All
 * clients see the same frame at the same time, like a live camera; a client that starts playing (or resumes after
 * the camera was paused) begins at the next key frame. If the thread falls more than a second behind, it skips ahead
 * rather than bursting, and every client restarts at a key frame.
 */
final class CameraServer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraServer.class);
    private static final int MAX_CONNECTIONS = 256;
    private static final long HOUSEKEEPING_NANOS = 1_000_000_000L;
    /** A UDP client that sends no request for this long after its session's timeout is gone. */
    private static final long UDP_GRACE_NANOS = 10_000_000_000L;
    private static final Object UDP = new Object();

    private final CameraOptions options;
    private final EncodedLoop loop;
    private final String url;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final RtspHandler handler;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();
    /** Connections whose session is playing, in the order they started. */
    private final List<Connection> receivers = new ArrayList<>();
    private final List<Connection> dropped = new ArrayList<>();
    private final ByteBuffer packetBuffer;
    private final ByteBuffer reportBuffer = ByteBuffer.allocateDirect(256);
    private final long maxBacklog;
    private final int sendBuffer;
    private final long sdpSessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final long startNanos;
    private final long startWallNanos;
    private final Thread thread;
    private DatagramChannel udpRtp;
    private DatagramChannel udpRtcp;
    private long nextFrame;
    private long nextHousekeeping;
    private boolean paused;
    /** Whether accepting stopped after an error, until the next housekeeping. */
    private boolean acceptPaused;
    private volatile boolean running = true;
    private volatile int receiving;
    private volatile int connected;
    private volatile long framesSent;

    private CameraServer(CameraOptions options, EncodedLoop loop, Selector selector, ServerSocketChannel listener) {
        this.options = options;
        this.loop = loop;
        this.selector = selector;
        this.listener = listener;
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        this.url = "rtsp://" + host + ":" + options.port() + options.path();
        this.handler = new RtspHandler(this, options.path(), options.credentials());
        this.packetBuffer = ByteBuffer.allocateDirect(loop.largestUnit());
        long bytesPerSecond = loop.bytes() * loop.spec().fps() / loop.frames();
        this.maxBacklog = Math.max(1 << 20, 2 * bytesPerSecond);
        this.sendBuffer = Math.max(256 * 1024, 2 * loop.largestUnit());
        this.startNanos = System.nanoTime();
        this.startWallNanos = System.currentTimeMillis() * 1_000_000L;
        this.thread = new Thread(this, "kvs-edge-camera-" + options.port());
        this.thread.setDaemon(true);
    }

    /** Binds the listener (so that a port in use fails here) and starts the thread. */
    static CameraServer start(CameraOptions options, EncodedLoop loop) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(options.host(), options.port()), 64);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            listener.close();
            selector.close();
            throw e;
        }
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        CameraServer server = new CameraServer(options.withPort(port), loop, selector, listener);
        server.thread.start();
        return server;
    }

    CameraOptions options() {
        return options;
    }

    EncodedLoop loop() {
        return loop;
    }

    String url() {
        return url;
    }

    String host() {
        return options.host();
    }

    long sdpSessionId() {
        return sdpSessionId;
    }

    int receiving() {
        return receiving;
    }

    int connected() {
        return connected;
    }

    long framesSent() {
        return framesSent;
    }

    Thread thread() {
        return thread;
    }

    /** Runs {@code task} on the camera's thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void pause() {
        execute(() -> paused = true);
    }

    void resume() {
        execute(() -> {
            if (paused) {
                paused = false;
                restartAtKeyFrame(System.nanoTime());
            }
        });
    }

    void disconnectAll() {
        execute(() -> List.copyOf(connections).forEach(c -> drop(c, null)));
    }

    /** Stops the thread, closing every connection and the listener, and waits for it. */
    void close() {
        execute(() -> running = false);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                runTasks();
                if (!running) {
                    break;
                }
                if (ticking()) {
                    sendDueFrames(now);
                }
                if (now >= nextHousekeeping) {
                    housekeeping(now);
                    nextHousekeeping = now + HOUSEKEEPING_NANOS;
                }
                selector.select(timeoutMillis(System.nanoTime()));
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key, now);
                }
                selector.selectedKeys().clear();
                closeDropped();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Camera {} failed and stops", url, e);
        } finally {
            shutDown();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        closeDropped();
    }

    private boolean ticking() {
        return !receivers.isEmpty() && !paused;
    }

    /** Milliseconds until the next frame is due; the housekeeping second while clients are connected; else forever. */
    private long timeoutMillis(long now) {
        if (ticking()) {
            return Math.max(1, (dueNanos(nextFrame) - now + 999_999) / 1_000_000);
        }
        return connections.isEmpty() && udpRtp == null && !acceptPaused ? 0 : HOUSEKEEPING_NANOS / 1_000_000;
    }

    private long dueNanos(long frame) {
        return startNanos + frame * 1_000_000_000L / loop.spec().fps();
    }

    /** The frame whose time it is at {@code now} (the last one due). */
    private long frameAt(long now) {
        return (now - startNanos) * loop.spec().fps() / 1_000_000_000L;
    }

    /** The frame a client that plays now starts from, at the earliest. */
    long nextFrame(long now) {
        return ticking() ? nextFrame : frameAt(now) + 1;
    }

    void sessionStarted(Connection connection) {
        if (!ticking()) {
            nextFrame = frameAt(System.nanoTime()) + 1;
        }
        receivers.add(connection);
        receiving = receivers.size();
    }

    void sessionStopped(Connection connection) {
        receivers.remove(connection);
        receiving = receivers.size();
    }

    private void sendDueFrames(long now) {
        long current = frameAt(now);
        if (current - nextFrame > loop.spec().fps()) {
            LOG.warn("Camera {} fell {} frames behind; skipping ahead", url, current - nextFrame);
            restartAtKeyFrame(now);
        }
        while (dueNanos(nextFrame) <= now) {
            sendFrame(nextFrame, now);
            nextFrame++;
        }
        closeDropped();
    }

    /** After a gap in the frames sent (a pause, or the thread was starved): every client starts at the next key frame. */
    private void restartAtKeyFrame(long now) {
        nextFrame = frameAt(now) + 1;
        for (Connection c : receivers) {
            c.session.play(nextFrame, loop.spec().gopFrames());
        }
    }

    private void sendFrame(long frame, long now) {
        EncodedLoop.AccessUnit unit = loop.units().get((int) (frame % loop.frames()));
        RtpPackets packets = unit.packets();
        for (Connection c : receivers) {
            Session s = c.session;
            if (s.state == Session.State.WAITING_FOR_KEY) {
                if (!unit.key() || frame < s.startFrame) {
                    continue;
                }
                s.state = Session.State.PLAYING;
                s.startFrame = frame;
            }
            int timestamp = s.timestamp(frame);
            boolean ok = true;
            if (now >= s.nextReportNanos) {
                // the first report goes before the first frame: receivers can map timestamps to wall-clock time at once
                ok = sendReport(c, s, frame, timestamp, now);
                s.nextReportNanos = now + Session.REPORT_INTERVAL_NANOS;
            }
            packetBuffer.clear();
            s.nextSeq = packets.copyTo(packetBuffer, s.transport.rtpChannel(), s.nextSeq, timestamp, s.ssrc);
            packetBuffer.flip();
            ok = ok && (s.transport.tcp() ? c.send(packetBuffer, now) : sendUdp(packets, s.rtpAddress));
            s.packets += packets.count();
            s.octets += packets.size() - (long) packets.count() * (RtpPackets.PREFIX + RtpPackets.HEADER);
            if (!ok) {
                dropped.add(c);
            }
        }
        framesSent++;
    }

    /** Sends the packets in the packet buffer as datagrams; a full socket buffer loses them, as UDP may. */
    private boolean sendUdp(RtpPackets packets, InetSocketAddress to) {
        for (int i = 0; i < packets.count(); i++) {
            int start = packets.offset(i) + RtpPackets.PREFIX;
            packetBuffer.limit(start + packets.rtpLength(i)).position(start);
            try {
                udpRtp.send(packetBuffer, to);
            } catch (IOException e) {
                return true; // the client's port may be closed for now; its session times out if it is gone
            }
        }
        return true;
    }

    private boolean sendReport(Connection c, Session s, long frame, int timestamp, long now) {
        reportBuffer.clear();
        long wallNanos = startWallNanos + frame * 1_000_000_000L / loop.spec().fps();
        boolean tcp = s.transport.tcp();
        RtcpSenderReport.write(reportBuffer, tcp ? s.transport.rtcpChannel() : -1, s.ssrc, wallNanos, timestamp,
                s.packets, s.octets);
        reportBuffer.flip();
        if (tcp) {
            return c.send(reportBuffer, now);
        }
        try {
            udpRtcp.send(reportBuffer, s.rtcpAddress);
        } catch (IOException e) {
            // as for RTP
        }
        return true;
    }

    /** Drops stalled clients and UDP clients that stopped sending keep-alives. */
    private void housekeeping(long now) {
        if (acceptPaused) {
            acceptPaused = false;
            listener.keyFor(selector).interestOps(SelectionKey.OP_ACCEPT);
        }
        for (Connection c : connections) {
            if (c.stalled(now)) {
                LOG.info("Camera {}: client {} took nothing for {} s; dropping it", url, c.remote,
                        Connection.STALL_NANOS / 1_000_000_000L);
                dropped.add(c);
            } else if (c.session != null && !c.session.transport.tcp()
                    && now - c.lastRequestNanos > Session.TIMEOUT_SECONDS * 1_000_000_000L + UDP_GRACE_NANOS) {
                LOG.info("Camera {}: UDP client {} sent no keep-alive; dropping it", url, c.remote);
                dropped.add(c);
            }
        }
        closeDropped();
    }

    private void handle(SelectionKey key, long now) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() == listener || key.attachment() == UDP) {
            try {
                if (key.channel() == listener) {
                    accept(now);
                } else {
                    drain((DatagramChannel) key.channel());
                }
            } catch (IOException e) {
                // out of file descriptors, say: the camera goes on serving the clients it has, and stops accepting
                // for a second rather than spin on a listener that stays ready
                LOG.warn("Camera {}: {}", url, e.toString());
                if (key.channel() == listener) {
                    key.interestOps(0);
                    acceptPaused = true;
                }
            }
        } else {
            Connection c = (Connection) key.attachment();
            try {
                if (key.isWritable() && !c.flush(now)) {
                    dropped.add(c);
                    return;
                }
                if (key.isReadable()) {
                    serve(c, now);
                }
            } catch (RuntimeException e) {
                // one client's trouble must not stop the camera for the others
                LOG.warn("Camera {}: dropping client {} after an error", url, c.remote, e);
                dropped.add(c);
            }
        }
    }

    private void accept(long now) throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            if (connections.size() >= MAX_CONNECTIONS) {
                channel.close();
                continue;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                // a fixed kernel buffer, as a camera has, rather than the megabytes loopback autotuning grows to:
                // a stalled client then shows within seconds, and 64 connections do not pin 256 MB of kernel memory
                channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                Connection c = new Connection(channel, key, maxBacklog, now);
                key.attach(c);
                connections.add(c);
                connected = connections.size();
            } catch (IOException e) {
                channel.close();
            }
        }
    }

    /** Reads and answers the client's requests. */
    private void serve(Connection c, long now) {
        if (!c.read()) {
            dropped.add(c);
            return;
        }
        while (!c.closed()) {
            RtspRequest request;
            try {
                request = c.nextRequest();
            } catch (RtspRequest.MalformedException e) {
                LOG.debug("Camera {}: bad request from {}: {}", url, c.remote, e.getMessage());
                c.send(RtspResponse.to(null, 400, "Bad Request").toBytes(), now);
                dropped.add(c);
                return;
            }
            if (request == null) {
                return;
            }
            c.lastRequestNanos = now;
            RtspResponse response = handler.handle(c, request, now);
            // the path only: a client may put user:password@ in the request's URL
            LOG.debug("Camera {}: {} {} from {} -> {}", url, request.method(), RtspHandler.pathOf(request.uri()),
                    c.remote,
                    response.status());
            if (!c.send(response.toBytes(), now)) {
                dropped.add(c);
                return;
            }
        }
    }

    /** Reads and discards what clients send to the UDP ports (RTCP receiver reports, NAT keep-alives). */
    private static void drain(DatagramChannel channel) throws IOException {
        ByteBuffer discard = ByteBuffer.allocate(2048);
        while (channel.receive(discard) != null) {
            discard.clear();
        }
    }

    /** The server's UDP ports for RTP and RTCP (an even port and the next), opened on first use. */
    int[] udpPorts() throws IOException {
        if (udpRtp == null) {
            openUdp();
        }
        return new int[] {((InetSocketAddress) udpRtp.getLocalAddress()).getPort(),
                ((InetSocketAddress) udpRtcp.getLocalAddress()).getPort()};
    }

    private void openUdp() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramChannel rtp = DatagramChannel.open();
            DatagramChannel rtcp = null;
            try {
                rtp.bind(new InetSocketAddress(options.host(), 0));
                int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
                if (port % 2 != 0 || port == 65534) {
                    rtp.close();
                    continue;
                }
                rtcp = DatagramChannel.open();
                rtcp.bind(new InetSocketAddress(options.host(), port + 1));
                rtp.configureBlocking(false);
                rtcp.configureBlocking(false);
                rtp.register(selector, SelectionKey.OP_READ, UDP);
                rtcp.register(selector, SelectionKey.OP_READ, UDP);
                udpRtp = rtp;
                udpRtcp = rtcp;
                return;
            } catch (IOException e) {
                rtp.close();
                if (rtcp != null) {
                    rtcp.close();
                }
            }
        }
        throw new IOException("no free pair of UDP ports");
    }

    private void drop(Connection c, String reason) {
        if (c.closed()) {
            return;
        }
        if (reason != null) {
            LOG.info("Camera {}: dropping client {}: {}", url, c.remote, reason);
        }
        // the counts first: whoever sees the socket close then sees them right
        connections.remove(c);
        receivers.remove(c);
        connected = connections.size();
        receiving = receivers.size();
        c.close();
    }

    private void closeDropped() {
        if (dropped.isEmpty()) {
            return;
        }
        for (Connection c : dropped) {
            if (c.slow() && !c.closed()) {
                LOG.info("Camera {}: client {} is too slow (over {} KiB waiting); dropping it", url, c.remote,
                        maxBacklog / 1024);
            } else if (!c.closed()) {
                LOG.debug("Camera {}: client {} gone", url, c.remote);
            }
            drop(c, null);
        }
        dropped.clear();
    }

    private void shutDown() {
        running = false;
        List.copyOf(connections).forEach(c -> drop(c, null));
        closeQuietly(listener);
        closeQuietly(udpRtp);
        closeQuietly(udpRtcp);
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
