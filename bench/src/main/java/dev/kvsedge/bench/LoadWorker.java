package dev.kvsedge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** One thread with one selector driving a share of the connections until the run is over. */
final class LoadWorker implements Runnable {
    private final SignedRequestPool requests;
    private final RunPhases phases;
    private final WorkerStats stats = new WorkerStats();
    private final Selector selector;
    private final List<ClientConnection> connections = new ArrayList<>();
    private long sent;
    private boolean stopping;
    private volatile Throwable failure;

    LoadWorker(InetSocketAddress address, int connectionCount, int depth, SignedRequestPool requests, RunPhases phases,
            int workerIndex) throws IOException {
        this.requests = requests;
        this.phases = phases;
        this.sent = workerIndex * 7919L;
        this.selector = Selector.open();
        int maxRequestBytes = requests.get(0).length + 64;
        for (int i = 0; i < connectionCount; i++) {
            ClientConnection connection = new ClientConnection(address, selector, this, depth, maxRequestBytes);
            connection.open();
            connections.add(connection);
        }
    }

    WorkerStats stats() {
        return stats;
    }

    RunPhases phases() {
        return phases;
    }

    boolean stopping() {
        return stopping;
    }

    Throwable failure() {
        return failure;
    }

    byte[] nextRequest() {
        return requests.get(sent++);
    }

    @Override
    public void run() {
        try {
            for (ClientConnection connection : connections) {
                connection.fill();
            }
            loop();
        } catch (Throwable t) {
            failure = t;
        } finally {
            connections.forEach(ClientConnection::close);
            try {
                selector.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    private void loop() throws IOException {
        while (true) {
            long now = System.nanoTime();
            if (phases.over(now)) {
                stopping = true;
                if (connections.stream().allMatch(c -> c.inFlight() == 0)) {
                    return;
                }
                if (now - phases.measureEndNanos() > RunPhases.DRAIN_NANOS) {
                    connections.forEach(
                            c -> c.lose("no response " + RunPhases.DRAIN_NANOS / 1_000_000 + " ms after the end"));
                    return;
                }
            }
            selector.select(50);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                handle(key, (ClientConnection) key.attachment());
            }
        }
    }

    private void handle(SelectionKey key, ClientConnection connection) {
        try {
            if (key.isValid() && key.isReadable() && !connection.read()) {
                reopen(connection);
                return;
            }
            if (key.isValid()) {
                connection.fill();
            }
        } catch (IOException | RuntimeException e) {
            connection.lose(e.toString());
            reopen(connection);
        }
    }

    private void reopen(ClientConnection connection) {
        if (stopping) {
            return;
        }
        try {
            connection.open();
            stats.reconnects++;
            connection.fill();
        } catch (IOException e) {
            connection.lose("reconnect failed: " + e);
            throw new IllegalStateException("cannot reconnect to the target", e);
        }
    }
}
