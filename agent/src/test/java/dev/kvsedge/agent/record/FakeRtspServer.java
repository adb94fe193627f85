package dev.kvsedge.agent.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback RTSP server that never streams: it answers every request 401 (a camera refusing the credentials), or
 * accepts connections and never answers (a camera that hangs).
 */
final class FakeRtspServer implements AutoCloseable {
    enum Mode { UNAUTHORIZED, SILENT }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakeRtspServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request lines received (method and URL). */
    List<String> requests() {
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                Thread.ofPlatform().daemon().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            String line;
            String cseq = "0";
            while ((line = in.readLine()) != null) {
                if (line.startsWith("CSeq:")) {
                    cseq = line.substring(5).trim();
                } else if (line.endsWith(" RTSP/1.0")) {
                    requests.add(line);
                } else if (line.isEmpty() && mode == Mode.UNAUTHORIZED) {
                    out.write(("RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq
                            + "\r\nWWW-Authenticate: Basic realm=\"camera\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket c : clients) {
            c.close();
        }
    }
}
