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
 * A loopback RTSP server that never streams: it answers every request 401 (a camera refusing the credentials),
 * accepts connections and never answers (a camera that hangs), or describes and plays an AAC audio track and no
 * video (an audio-only camera or encoder channel).
 */
final class FakeRtspServer implements AutoCloseable {
    enum Mode {
        UNAUTHORIZED, SILENT, AUDIO_ONLY
    }

    private static final String AUDIO_SDP = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=audio\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
            + "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/2\r\n"
            + "a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1190\r\n"
            + "a=control:trackID=1\r\n";

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeRtspServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(this::accept);
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
        try (s;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            String line;
            String cseq = "0";
            String method = "";
            while ((line = in.readLine()) != null) {
                if (line.startsWith("CSeq:")) {
                    cseq = line.substring(5).trim();
                } else if (line.endsWith(" RTSP/1.0")) {
                    requests.add(line);
                    method = line.substring(0, line.indexOf(' '));
                } else if (line.isEmpty() && mode == Mode.UNAUTHORIZED) {
                    out.write(("RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq
                            + "\r\nWWW-Authenticate: Basic realm=\"camera\"\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else if (line.isEmpty() && mode == Mode.AUDIO_ONLY) {
                    out.write(audioOnlyAnswer(method, cseq).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static String audioOnlyAnswer(String method, String cseq) {
        String head = "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n";
        return switch (method) {
            case "OPTIONS" -> head + "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n";
            case "DESCRIBE" -> head + "Content-Type: application/sdp\r\nContent-Length: " + AUDIO_SDP.length()
                    + "\r\n\r\n" + AUDIO_SDP;
            case "SETUP" -> head + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: 12345678\r\n\r\n";
            default -> head + "Session: 12345678\r\n\r\n";
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket c : clients) {
            c.close();
        }
    }
}
