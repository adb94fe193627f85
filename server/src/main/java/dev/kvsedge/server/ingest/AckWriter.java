package dev.kvsedge.server.ingest;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes acknowledgements to the PutMedia response. The session and its idle ticker both send, so writes are
 * serialized; once the client is gone, sending does nothing (the upload then ends on its next read).
 */
final class AckWriter {
    private final OutputStream out;
    private boolean broken;

    AckWriter(OutputStream out) {
        this.out = out;
    }

    synchronized void send(Ack ack) {
        if (broken) {
            return;
        }
        try {
            out.write(ack.line());
        } catch (IOException e) {
            broken = true;
        }
    }
}
