package dev.kvsedge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a server that misbehaves as a bad network does, one planned fault per connection, in the
 * order they are accepted (connections past the plan go through unchanged). Byte counts are of what the client sent
 * on that connection, the HTTP request head included.
 */
final class FaultProxy implements AutoCloseable {

    /** What happens to one connection. */
    sealed interface Fault {}

    /** Goes through, each read held {@code delay} in both directions: a slow link. */
    record Slow(Duration delay) implements Fault {}

    /** The first {@code bytes} reach the server, then the link breaks: both sides are reset. */
    record Cut(long bytes) implements Fault {}

    /**
     * The request goes through whole, but nothing comes back after the first {@code bytes} were sent, for
     * {@code stall}: the acknowledgements of what the server stored are lost.
     */
    record LoseAcks(long bytes, Duration stall) implements Fault {}

    /**
     * The client's bytes after the first {@code bytes} are held (the client hears nothing of them) until the client
     * gives up and closes; then they still reach the server: a timed-out attempt's body that arrives late.
     */
    record LateBody(long bytes) implements Fault {}

    /**
     * Everything goes through until the client has heard {@code persisted} PERSISTED acknowledgements; then the link
     * breaks: the client knows those fragments are stored, and the server gets no more of the body.
     */
    record CutAfterAcks(int persisted) implements Fault {}

    /** The first {@code bytes} go through, then {@code action} runs (a test kills the client there) and the link stays. */
    record Hook(long bytes, Runnable action) implements Fault {}

    private static final Fault PASS = new Slow(Duration.ZERO);
    private static final Pattern PERSISTED = Pattern.compile("\"EventType\"\\s*:\\s*\"PERSISTED\"");

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Deque<Fault> plan;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread acceptor;

    private FaultProxy(InetSocketAddress target, List<Fault> plan) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.plan = new ArrayDeque<>(plan);
        this.acceptor = Thread.ofVirtual().name("fault-proxy").start(this::accept);
    }

    static FaultProxy start(URI server, List<Fault> plan) throws IOException {
        return new FaultProxy(new InetSocketAddress(server.getHost(), server.getPort()), plan);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Bytes of the clients' requests that reached the server, over all connections. */
    long delivered() {
        return delivered.get();
    }

    /** Faults of the plan not used yet. */
    synchronized int unused() {
        return plan.size();
    }

    private synchronized Fault nextFault() {
        return plan.isEmpty() ? PASS : plan.poll();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                Fault fault = nextFault();
                Thread.ofVirtual().name("fault-proxy-link").start(() -> link(client, fault));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void link(Socket client, Fault fault) {
        try (client; Socket server = new Socket()) {
            server.connect(target, 5_000);
            Link link = new Link(client, server, fault);
            Thread back = Thread.ofVirtual().name("fault-proxy-back").start(link::pumpBack);
            link.pumpForth();
            back.join();
        } catch (IOException | InterruptedException e) {
            // the link is over
        }
    }

    /** One client connection and its server connection. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final Fault fault;
        private volatile long sent;

        Link(Socket client, Socket server, Fault fault) {
            this.client = client;
            this.server = server;
            this.fault = fault;
        }

        /** Client to server, with the fault applied. */
        void pumpForth() {
            ByteArrayOutputStream held = new ByteArrayOutputStream();
            long limit = switch (fault) {
                case Cut c -> c.bytes();
                case LateBody l -> l.bytes();
                case Hook h -> h.bytes();
                default -> Long.MAX_VALUE;
            };
            try {
                InputStream in = client.getInputStream();
                OutputStream out = server.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    int pass = (int) Math.min(n, Math.max(0, limit - sent));
                    pause();
                    forward(out, buffer, 0, pass);
                    if (pass == n) {
                        continue;
                    }
                    switch (fault) {
                        case Cut c -> {
                            reset();
                            return;
                        }
                        case LateBody l -> held.write(buffer, pass, n - pass);
                        case Hook h -> {
                            forward(out, buffer, pass, n - pass);
                            limit = Long.MAX_VALUE;
                            h.action().run();
                        }
                        default -> throw new IllegalStateException("no limit for " + fault);
                    }
                }
            } catch (IOException e) {
                // the client went away (a late body is still delivered below)
            }
            try {
                // The client is done or gone; a held body arrives now, late.
                forward(server.getOutputStream(), held.toByteArray(), 0, held.size());
                server.shutdownOutput();
            } catch (IOException e) {
                // the server went away too
            }
        }

        private void forward(OutputStream out, byte[] bytes, int from, int length) throws IOException {
            if (length > 0) {
                out.write(bytes, from, length);
                out.flush();
                sent += length;
                delivered.addAndGet(length);
            }
        }

        /** Server to client: the acknowledgements, lost for a while after a LoseAcks point. */
        void pumpBack() {
            try {
                InputStream in = server.getInputStream();
                OutputStream out = client.getOutputStream();
                byte[] buffer = new byte[8192];
                StringBuilder answer = new StringBuilder();
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    if (fault instanceof LoseAcks lose && sent >= lose.bytes()) {
                        Thread.sleep(lose.stall().toMillis());
                        reset(); // what came back in the meantime never arrives
                        return;
                    }
                    if (fault instanceof LateBody late && sent >= late.bytes()) {
                        continue; // the client hears nothing of the held part
                    }
                    pause();
                    out.write(buffer, 0, n);
                    out.flush();
                    if (fault instanceof CutAfterAcks cut
                            && persisted(answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII))) >= cut
                                    .persisted()) {
                        // The client reads every acknowledgement it got (an orderly end); the server is cut off.
                        client.shutdownOutput();
                        server.setSoLinger(true, 0);
                        server.close();
                        return;
                    }
                }
                client.shutdownOutput(); // the answer ended: an orderly end, so the client reads all of it
            } catch (IOException | InterruptedException e) {
                reset();
            }
        }

        private static int persisted(CharSequence answer) {
            return (int) PERSISTED.matcher(answer).results().count();
        }

        private void pause() {
            if (fault instanceof Slow slow && !slow.delay().isZero()) {
                try {
                    Thread.sleep(slow.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Breaks both connections at once, as a dropped link does (RST rather than an orderly close). */
        private void reset() {
            for (Socket s : List.of(client, server)) {
                try {
                    s.setSoLinger(true, 0);
                    s.close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
