package dev.kvsedge.agent.upload;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 chunked transfer coding of a request body whose length is not known up front. */
final class ChunkedOutputStream extends FilterOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private boolean finished;

    ChunkedOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** One chunk per call: a whole cluster goes out as one chunk. */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("the body is finished");
        }
        if (len == 0) {
            return; // a zero-length chunk would end the body
        }
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, off, len);
        out.write(CRLF);
    }

    /** Writes the last chunk: the server sees the body end cleanly. The connection stays open for the answer. */
    void finish() throws IOException {
        if (!finished) {
            finished = true;
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
