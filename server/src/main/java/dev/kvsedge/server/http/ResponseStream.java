package dev.kvsedge.server.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a response body while it is sent. Runs on its own virtual thread; {@code out} blocks while the
 * client is slow (back-pressure) and throws once the client has gone, which ends the stream.
 */
@FunctionalInterface
public interface ResponseStream {
    void writeTo(OutputStream out) throws IOException;
}
