package dev.kvsedge.server.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Writes acknowledgements to the PutMedia response. The session and its idle ticker both send, so writes are
 * serialized; once the client is gone, sending does nothing (the upload then ends on its next read). Every ack the
 * upload produces is also shown to a listener (the upload's tally), whether or not the client still reads.
 */
final class AckWriter {
    private final OutputStream out;
    private final Consumer<Ack> listener;
    private boolean broken;

    AckWriter(OutputStream out) {
        this(out, ack -> {});
    }

    AckWriter(OutputStream out, Consumer<Ack> listener) {
        this.out = out;
        this.listener = listener;
    }

    synchronized void send(Ack ack) {
        listener.accept(ack);
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
