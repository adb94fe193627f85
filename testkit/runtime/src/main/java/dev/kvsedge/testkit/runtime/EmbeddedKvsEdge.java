package dev.kvsedge.testkit.runtime;

import dev.kvsedge.camera.CameraOptions;
import dev.kvsedge.camera.SimulatedCamera;
import dev.kvsedge.server.KvsEdgeServer;
import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.auth.Principal;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.blob.S3Location;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The testkit's handle on a server in the testkit's own class loader. The testkit calls it by reflection, and only
 * JDK types cross between the two class loaders: options come as a map of {@link KvsEdgeOptions}' keys, results are
 * strings, numbers and {@link AutoCloseable}s.
 */
public final class EmbeddedKvsEdge implements AutoCloseable {
    private final KvsEdgeServer server;
    private final KvsEdgeOptions options;

    private EmbeddedKvsEdge(KvsEdgeServer server, KvsEdgeOptions options) {
        this.server = server;
        this.options = options;
    }

    /** Starts a server; see {@link KvsEdgeOptions} for the keys of {@code options}. */
    public static EmbeddedKvsEdge start(Map<String, Object> options) throws Exception {
        KvsEdgeOptions o = new KvsEdgeOptions(options);
        if (o.string("database") == null) {
            SchemaTemplate.copyInto(o.path("dataDir"));
        }
        ServerConfig config = new ServerConfig("127.0.0.1", o.integer("port"), o.path("dataDir"), o.string("database"),
                o.string("publicUrl"), o.string("accountId"), admins(o), ServerConfig.DEFAULT_MAX_BODY_BYTES,
                o.duration("syncTimeout"), o.integer("maxEdgeConfigurationsPerHub"), o.string("masterKey"), media(o));
        return new EmbeddedKvsEdge(KvsEdgeServer.start(config, o.clock("clock"), o.clock("signatureClock")), o);
    }

    private static List<Credential> admins(KvsEdgeOptions o) {
        String accessKeyId = o.string("accessKeyId");
        if (accessKeyId.equals(KvsEdgeServer.TEST_ACCESS_KEY_ID)
                && o.string("secretAccessKey").equals(KvsEdgeServer.TEST_SECRET_ACCESS_KEY)) {
            return List.of(); // the server's own default: test/test on loopback
        }
        return List.of(
                new Credential(accessKeyId, o.string("secretAccessKey"), new Principal(o.string("accountId"), null)));
    }

    private static MediaConfig media(KvsEdgeOptions o) {
        String store = o.string("mediaStore");
        if (store == null) {
            return MediaConfig.DEFAULTS;
        }
        S3Location location = S3Location.parse(store);
        URI endpoint = (URI) o.value("s3Endpoint");
        String region = o.string("s3Region");
        S3Config s3 = endpoint == null
                ? S3Config.forAws(location, region, o.string("s3AccessKeyId"), o.string("s3SecretAccessKey"))
                : S3Config.forEndpoint(location, endpoint, region, o.string("s3AccessKeyId"),
                        o.string("s3SecretAccessKey"));
        return MediaConfig.DEFAULTS.withS3(s3);
    }

    public String url() {
        return server.url();
    }

    public String mediaLocation() {
        return server.mediaLocation();
    }

    public void reset() throws IOException {
        server.reset();
    }

    public int sweepEdgeDeadlines() {
        return server.sweepEdgeDeadlines();
    }

    public int sweepRetention() throws IOException {
        return server.sweepRetention();
    }

    /** An edge agent for {@code hubDeviceArn} with a key pair of its own, its data in {@code dataDir}. */
    public AutoCloseable startAgent(String hubDeviceArn, Path dataDir, Duration segmentDuration) throws Exception {
        return EmbeddedAgent.start(this, hubDeviceArn, dataDir, segmentDuration);
    }

    /** A simulated RTSP camera on a free loopback port, serving a moving test pattern of this size. */
    public SimulatedCamera startCamera(int width, int height) {
        return SimulatedCamera.start(CameraOptions.anyPort().withSize(width, height));
    }

    KvsEdgeOptions options() {
        return options;
    }

    @Override
    public void close() {
        server.close();
    }
}
