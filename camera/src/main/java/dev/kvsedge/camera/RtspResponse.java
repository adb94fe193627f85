package dev.kvsedge.camera;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RTSP response being built: status, headers in order, optional body. */
final class RtspResponse {
    private final int status;
    private final String reason;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private RtspResponse(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** A response to {@code request} (may be null when it could not be parsed), echoing its CSeq. */
    static RtspResponse to(RtspRequest request, int status, String reason) {
        RtspResponse response = new RtspResponse(status, reason);
        if (request != null && request.cseq() != null) {
            response.header("CSeq", request.cseq());
        }
        response.header("Server", "kvs-edge-camera");
        return response;
    }

    static RtspResponse ok(RtspRequest request) {
        return to(request, 200, "OK");
    }

    int status() {
        return status;
    }

    RtspResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String header(String name) {
        return headers.get(name);
    }

    RtspResponse body(String contentType, String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        headers.put("Content-Type", contentType);
        return this;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    ByteBuffer toBytes() {
        StringBuilder text = new StringBuilder(256).append("RTSP/1.0 ").append(status).append(' ').append(reason)
                .append("\r\n");
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0) {
            text.append("Content-Length: ").append(body.length).append("\r\n");
        }
        text.append("\r\n");
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    }

    @Override
    public String toString() {
        return status + " " + reason + " " + headers;
    }
}
