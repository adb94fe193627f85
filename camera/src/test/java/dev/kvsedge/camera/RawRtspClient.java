package dev.kvsedge.camera;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bare RTSP client over one blocking socket, for tests that look at the protocol itself: sends requests, reads
 * responses, and reads interleaved RTP and RTCP frames (kept in order while a response is awaited).
 */
final class RawRtspClient implements AutoCloseable {
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** One interleaved frame: its channel and the RTP or RTCP packet. */
    record Interleaved(int channel, byte[] data) {
        boolean rtcp() {
            return (channel & 1) == 1;
        }

        int seq() {
            return (data[2] & 0xFF) << 8 | data[3] & 0xFF;
        }

        long timestamp() {
            return ((data[4] & 0xFFL) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        }

        boolean marker() {
            return (data[1] & 0x80) != 0;
        }

        /** The NAL unit type of a single NAL unit packet, or of the fragmented unit of an FU-A. */
        int nalType() {
            int type = data[12] & 0x1F;
            return type == 28 ? data[13] & 0x1F : type;
        }

        boolean fuStart() {
            return (data[12] & 0x1F) != 28 || (data[13] & 0x80) != 0;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String url;
    private final ArrayDeque<Interleaved> frames = new ArrayDeque<>();
    private int cseq;
    String session;

    RawRtspClient(String url) throws IOException {
        this(url, 0);
    }

    /** @param receiveBuffer the socket's receive buffer size, 0 for the default */
    RawRtspClient(String url, int receiveBuffer) throws IOException {
        this.url = url;
        URI uri = URI.create(url);
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    String url() {
        return url;
    }

    Response request(String method, String target, String... headers) throws IOException {
        StringBuilder text = new StringBuilder(method).append(' ').append(target).append(" RTSP/1.0\r\n");
        text.append("CSeq: ").append(++cseq).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            text.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (session != null) {
            text.append("Session: ").append(session).append("\r\n");
        }
        text.append("\r\n");
        sendRaw(text.toString().getBytes(StandardCharsets.UTF_8));
        Response response = readResponse();
        if (!String.valueOf(cseq).equals(response.header("CSeq"))) {
            throw new IOException("CSeq " + response.header("CSeq") + " answers request " + cseq);
        }
        return response;
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** OPTIONS, DESCRIBE, SETUP (interleaved 0-1) and PLAY; returns the PLAY response. */
    Response playTcp() throws IOException {
        request("DESCRIBE", url, "Accept", "application/sdp");
        Response setup = request("SETUP", url + "/" + Sdp.TRACK, "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
        session = setup.header("Session").split(";")[0];
        return request("PLAY", url + "/", "Range", "npt=0.000-");
    }

    /** The next response, keeping interleaved frames that come before it. */
    Response readResponse() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                frames.add(readInterleavedBody());
                continue;
            }
            String statusLine = (char) first + readLine();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String line;
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
            byte[] body = new byte[length];
            in.readFully(body);
            String[] parts = statusLine.split(" ", 3);
            if (!parts[0].equals("RTSP/1.0")) {
                throw new IOException("not an RTSP response: " + statusLine);
            }
            return new Response(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The next interleaved frame (one kept from before a response first). */
    Interleaved readInterleaved() throws IOException {
        if (!frames.isEmpty()) {
            return frames.poll();
        }
        int first = in.readUnsignedByte();
        if (first != '$') {
            throw new IOException("expected an interleaved frame, got " + first);
        }
        return readInterleavedBody();
    }

    /** The next RTP packet, skipping RTCP. */
    Interleaved readRtp() throws IOException {
        while (true) {
            Interleaved frame = readInterleaved();
            if (!frame.rtcp()) {
                return frame;
            }
        }
    }

    private Interleaved readInterleavedBody() throws IOException {
        int channel = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        byte[] data = new byte[length];
        in.readFully(data);
        return new Interleaved(channel, data);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    void setSoTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Closes with a TCP reset, as a crashed client's connection ends. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
