package dev.kvsedge.server.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract against a real S3 server (S3Proxy, which checks every signature), each test under a prefix
 * of its own in one bucket; then what only S3 has: credentials, buckets, spool files, and objects that a
 * standard client (the AWS SDK) reads as written.
 */
class S3BlobStoreTest extends BlobStoreContractTest {

    private static final String BUCKET = "media";
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static S3ProxyServer server;

    @TempDir
    Path spoolDir;

    private String prefix;
    private S3BlobStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() throws IOException {
        prefix = "test-" + TESTS.incrementAndGet() + "/";
        store = S3BlobStore.connect(config("s3://" + BUCKET + "/" + prefix, S3ProxyServer.SECRET_KEY), spoolDir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected void assertNoUploadLeftovers() throws IOException {
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aWrongSecretFailsAtStartWithS3sErrorAndNoSecret() {
        String wrongSecret = "wrongSecretKeyValue/0123456789abcdefEXAMPLE";
        assertThatThrownBy(() -> S3BlobStore.connect(config("s3://" + BUCKET, wrongSecret), spoolDir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageContaining("403")
                .hasMessageContaining(BUCKET)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongSecret, S3ProxyServer.SECRET_KEY,
                        "Signature=", "AWS4-HMAC-SHA256", "x-amz-date"));
    }

    @Test
    void anUnknownAccessKeyFailsAtStart() {
        S3Config unknown = S3Config.forEndpoint(S3Location.parse("s3://" + BUCKET), server.endpoint(),
                S3ProxyServer.REGION, "AKIDUNKNOWN", S3ProxyServer.SECRET_KEY);
        assertThatThrownBy(() -> S3BlobStore.connect(unknown, spoolDir)).isInstanceOf(IOException.class)
                .hasMessageContaining("InvalidAccessKeyId")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(S3ProxyServer.SECRET_KEY));
    }

    @Test
    void aMissingBucketFailsAtStart() {
        assertThatThrownBy(() -> S3BlobStore.connect(config("s3://no-such-bucket", S3ProxyServer.SECRET_KEY),
                spoolDir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-bucket")
                .hasMessageContaining("NoSuchBucket");
    }

    @Test
    void anUnreachableEndpointFailsAtStart() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3Config nowhere = S3Config.forEndpoint(S3Location.parse("s3://" + BUCKET),
                URI.create("http://127.0.0.1:" + closedPort), S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY);
        assertThatThrownBy(() -> S3BlobStore.connect(nowhere, spoolDir)).isInstanceOf(IOException.class);
    }

    @Test
    void blobsAreObjectsUnderThePrefixThatAStandardClientReads() throws IOException {
        byte[] ours = bytes(300_000, 21);
        write("stream-1/fragment-1", ours);
        byte[] theirs = bytes(70_000, 22);

        try (S3Client sdk = sdkClient()) {
            assertThat(sdk.getObjectAsBytes(get -> get.bucket(BUCKET).key(prefix + "stream-1/fragment-1"))
                    .asByteArray()).isEqualTo(ours);
            sdk.putObject(put -> put.bucket(BUCKET).key(prefix + "stream-1/fragment-2"), RequestBody.fromBytes(theirs));
        }
        assertThat(read("stream-1/fragment-2", 0, -1)).isEqualTo(theirs);
        assertThat(read("stream-1/fragment-2", 1000, 10)).isEqualTo(Arrays.copyOfRange(theirs, 1000, 1010));
    }

    @Test
    void aBodyChangedAfterHashingIsRefused() throws IOException {
        try (BlobUpload upload = store.create("tampered")) {
            byte[] data = bytes(200_000, 23);
            upload.write(data, 0, data.length); // past the buffer: on disk already
            Path spool = spoolFiles().getFirst();
            try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {(byte) ~data[0]}), 0);
            }
            assertThatThrownBy(upload::commit).isInstanceOf(IOException.class).hasMessageContaining("PUT");
        }
        assertThatThrownBy(() -> read("tampered", 0, -1)).isInstanceOf(BlobNotFoundException.class);
        assertNoUploadLeftovers();
    }

    @Test
    void startingRemovesSpoolFilesACrashLeft() throws IOException {
        Path stale = Files.write(spoolDir.resolve(S3BlobStore.SPOOL_PREFIX + "123" + S3BlobStore.SPOOL_SUFFIX),
                new byte[10]);
        Path unrelated = Files.write(spoolDir.resolve("keep.txt"), new byte[1]);

        S3BlobStore.connect(config("s3://" + BUCKET, S3ProxyServer.SECRET_KEY), spoolDir).close();

        assertThat(stale).doesNotExist();
        assertThat(unrelated).exists();
    }

    @Test
    void locationAndConfigurationShowNoSecret() {
        assertThat(store.location()).isEqualTo("s3://" + BUCKET + "/" + prefix.substring(0, prefix.length() - 1));
        assertThat(config("s3://" + BUCKET, S3ProxyServer.SECRET_KEY).toString())
                .doesNotContain(S3ProxyServer.SECRET_KEY).contains(S3ProxyServer.ACCESS_KEY);
    }

    private static S3Config config(String location, String secret) {
        return S3Config.forEndpoint(S3Location.parse(location), server.endpoint(), S3ProxyServer.REGION,
                S3ProxyServer.ACCESS_KEY, secret);
    }

    private static S3Client sdkClient() {
        return S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(S3ProxyServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    private List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(S3BlobStore.SPOOL_PREFIX)).toList();
        }
    }
}
