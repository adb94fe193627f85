package dev.kvsedge.server.blob;

import dev.kvsedge.server.blob.S3Requests.S3Error;
import dev.kvsedge.server.blob.S3Requests.S3Response;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Blobs as objects in an S3 bucket (Amazon S3 or any S3-compatible server), under {@code prefix + key}.
 * Speaks the few S3 calls it needs itself, over the JDK's HTTP client with the project's SigV4 signer, so
 * that the server carries no AWS SDK. Uploads are spooled to local files (see {@link S3Upload}) in a
 * directory that belongs to this store: files a crash left there are deleted at start.
 *
 * <p>Thread-safe: one instance serves the whole server.
 */
public final class S3BlobStore implements BlobStore {

    static final String SPOOL_PREFIX = "s3-upload-";
    static final String SPOOL_SUFFIX = ".spool";
    private static final String NO_SUCH_BUCKET = "NoSuchBucket";

    private final S3Config config;
    private final S3Requests requests;
    private final Path spoolDir;

    private S3BlobStore(S3Config config, Path spoolDir, Clock clock) {
        this.config = config;
        this.requests = new S3Requests(config, clock);
        this.spoolDir = spoolDir;
    }

    /**
     * Connects and checks at once that the bucket exists and the credentials are accepted (a ListObjectsV2
     * of one key), so that a wrong configuration stops the server at start, not at the first fragment.
     *
     * @param spoolDir where uploads wait for their commit; created if missing
     * @throws IOException naming the bucket and S3's error code, for instance NoSuchBucket or
     *                     SignatureDoesNotMatch; never a secret
     */
    public static S3BlobStore connect(S3Config config, Path spoolDir) throws IOException {
        return connect(config, spoolDir, Clock.systemUTC());
    }

    static S3BlobStore connect(S3Config config, Path spoolDir, Clock clock) throws IOException {
        Files.createDirectories(spoolDir);
        S3BlobStore store = new S3BlobStore(config, spoolDir, clock);
        try {
            store.removeStaleSpoolFiles();
            store.check();
            return store;
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public BlobUpload create(String key) throws IOException {
        String objectKey = config.location().objectKey(BlobKeys.check(key));
        Path spool = Files.createTempFile(spoolDir, SPOOL_PREFIX, SPOOL_SUFFIX);
        try {
            return new S3Upload(this, objectKey, spool);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    /**
     * GetObject with a Range header. A range that starts at or past the end gives an empty stream (S3 answers
     * 416 to it), as reading past the end of a file would.
     */
    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileBlobStore.checkRange(offset, length);
        String objectKey = config.location().objectKey(BlobKeys.check(key));
        URI uri = requests.objectUri(objectKey);
        if (length == 0) {
            // There is no empty Range; a HEAD still tells a missing blob from an empty read.
            S3Response head = requests.send("HEAD", uri, Map.of());
            expectFound(head, "HEAD", key, objectKey);
            head.discard();
            return InputStream.nullInputStream();
        }
        // No Range for a whole read: "bytes=0-" is unsatisfiable for an empty object.
        Map<String, String> range = offset == 0 && length < 0
                ? Map.of()
                : Map.of("range", "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1)));
        S3Response response = requests.send("GET", uri, range);
        if (response.status() == 416) {
            response.discard();
            return InputStream.nullInputStream();
        }
        expectFound(response, "GET", key, objectKey);
        if (response.status() == 200 && !range.isEmpty()) {
            // A server that ignores Range sends the whole object: cut the range out of it here.
            InputStream whole = response.body();
            try {
                whole.skipNBytes(offset);
            } catch (EOFException pastTheEnd) {
                whole.close();
                return InputStream.nullInputStream();
            }
            return length < 0 ? whole : new BoundedInputStream(whole, length);
        }
        return response.body();
    }

    /** DeleteObject; S3 answers 204 whether or not the key existed, some servers 404 when it did not. */
    @Override
    public void delete(String key) throws IOException {
        String objectKey = config.location().objectKey(BlobKeys.check(key));
        S3Response response = requests.send("DELETE", requests.objectUri(objectKey), Map.of());
        if (response.isSuccess()) {
            response.discard();
            return;
        }
        S3Error error = requests.readError(response);
        if (error.status() != 404 || NO_SUCH_BUCKET.equals(error.code())) {
            throw failure("DELETE", objectKey, error);
        }
    }

    /** ListObjectsV2 under the store's prefix, a page of 1,000 at a time. */
    @Override
    public void forEach(BlobVisitor each) throws IOException {
        String prefix = config.location().prefix();
        String token = null;
        do {
            S3Response response = requests.send("GET", requests.bucketUri(S3Listing.query(prefix, token)), Map.of());
            if (!response.isSuccess()) {
                throw failure("GET (list)", prefix, requests.readError(response));
            }
            S3Listing.Page page;
            try (InputStream in = response.body()) {
                page = S3Listing.parse(in);
            }
            for (S3Listing.Entry entry : page.entries()) {
                String key = entry.objectKey().startsWith(prefix) ? entry.objectKey().substring(prefix.length()) : "";
                if (BlobKeys.isValid(key)) {
                    each.visit(new StoredBlob(key, entry.lastModified()));
                }
            }
            token = page.nextToken();
        } while (token != null);
    }

    @Override
    public String location() {
        return config.location().toString();
    }

    @Override
    public void close() {
        requests.close();
    }

    /** PutObject of a spool file, called by {@link S3Upload#commit()}. */
    void put(String objectKey, Path spool, String payloadSha256Hex) throws IOException {
        S3Response response = requests.send("PUT", requests.objectUri(objectKey),
                Map.of("content-type", "application/octet-stream"), spool, payloadSha256Hex);
        if (!response.isSuccess()) {
            throw failure("PUT", objectKey, requests.readError(response));
        }
        response.discard();
    }

    /** A ListObjectsV2 of one key: the bucket exists and takes these credentials. */
    @Override
    public void check() throws IOException {
        S3Response response = requests.send("GET", requests.bucketUri("list-type=2&max-keys=1"), Map.of());
        if (!response.isSuccess()) {
            throw new IOException("S3 bucket " + config.location().bucket() + " at " + config.endpoint()
                    + " is not usable: " + requests.readError(response).description());
        }
        response.discard();
    }

    /** Passes a 2xx response; turns a missing key (but not a missing bucket) into BlobNotFoundException. */
    private void expectFound(S3Response response, String method, String key, String objectKey)
            throws IOException {
        if (response.isSuccess()) {
            return;
        }
        S3Error error = requests.readError(response);
        if (error.status() == 404 && !NO_SUCH_BUCKET.equals(error.code())) {
            throw new BlobNotFoundException(key);
        }
        throw failure(method, objectKey, error);
    }

    private IOException failure(String method, String objectKey, S3Error error) {
        return new IOException("S3 " + method + " s3://" + config.location().bucket() + "/" + objectKey
                + " failed: " + error.description());
    }

    private void removeStaleSpoolFiles() throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(spoolDir, SPOOL_PREFIX + "*" + SPOOL_SUFFIX)) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
    }
}
