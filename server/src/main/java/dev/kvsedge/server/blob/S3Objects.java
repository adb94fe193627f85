package dev.kvsedge.server.blob;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes whole objects, held in memory, under the prefix of one S3 location: what image generation delivers
 * (fragment media goes through {@link S3BlobStore}). Same signing, retries and addressing as the blob store.
 */
public final class S3Objects implements AutoCloseable {
    private final S3Config config;
    private final S3Requests requests;

    public S3Objects(S3Config config, Clock clock) {
        this.config = config;
        this.requests = new S3Requests(config, clock);
    }

    /**
     * PUTs {@code body} as the object {@code prefix + key}, with its content type and user metadata
     * ({@code x-amz-meta-NAME}).
     *
     * @throws IOException when S3 refuses it or cannot be reached; the message never holds a credential
     */
    public void put(String key, byte[] body, String contentType, Map<String, String> metadata) throws IOException {
        BlobKeys.check(key);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        metadata.forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        S3Requests.S3Response response = requests.send("PUT", requests.objectUri(config.location().objectKey(key)),
                headers, body);
        if (!response.isSuccess()) {
            throw new IOException("S3 refused the object " + config.location() + "/" + key + ": "
                    + requests.readError(response).description());
        }
        response.discard();
    }

    @Override
    public void close() {
        requests.close();
    }
}
