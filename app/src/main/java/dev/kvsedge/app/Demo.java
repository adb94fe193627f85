package dev.kvsedge.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.camera.CameraOptions;
import dev.kvsedge.camera.SimulatedCamera;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code kvs-edge up --demo} adds: a simulated camera, and the stream, camera secret and edge configuration a
 * user would create with the aws CLI, so that the local agent records the camera and uploads every minute. Each
 * start brings them up to date (the camera's port may change), so {@code up --demo} can be run again and again.
 */
final class Demo implements AutoCloseable {
    static final String STREAM = "demo-camera";
    static final String SECRET = "demo-camera-uri";

    /** How often the demo's edge configuration uploads, in words and in its Quartz expression. */
    private static final String UPLOAD_INTERVAL = "every minute";
    private static final Duration FRAGMENT_POLL = Duration.ofSeconds(2);
    /** The longest a playback session URL may last (GetHLSStreamingSessionURL's Expires). */
    private static final int SESSION_SECONDS = 43_200;

    private final SimulatedCamera camera;
    private final AdminClient admin;
    private final String endpoint;
    private volatile Thread watcher;

    private Demo(SimulatedCamera camera, AdminClient admin, String endpoint) {
        this.camera = camera;
        this.admin = admin;
        this.endpoint = endpoint;
    }

    static Demo start(AdminClient admin, String endpoint, String hubDeviceArn) throws Exception {
        SimulatedCamera camera = SimulatedCamera.start(CameraOptions.anyPort().withSize(640, 360));
        try {
            ignoring("ResourceInUseException", () -> admin.call("/createStream",
                    Map.of("StreamName", STREAM, "DataRetentionInHours", 24)));
            String secretArn = cameraSecret(admin, camera.url());
            Map<String, Object> edgeConfig = Map.of(
                    "HubDeviceArn", hubDeviceArn,
                    "RecorderConfig",
                    Map.of("MediaSourceConfig", Map.of("MediaUriSecretArn", secretArn, "MediaUriType", "RTSP_URI")),
                    "UploaderConfig",
                    Map.of("ScheduleConfig", Map.of("ScheduleExpression", "0 * * * * ?", "DurationInSeconds", 60)),
                    "DeletionConfig", Map.of("EdgeRetentionInHours", 1, "DeleteAfterUpload", true,
                            "LocalSizeConfig",
                            Map.of("MaxLocalMediaSizeInMB", 512, "StrategyOnFullSize", "DELETE_OLDEST_MEDIA")));
            ignoring("ResourceInUseException", () -> admin.call("/startEdgeConfigurationUpdate",
                    Map.of("StreamName", STREAM, "EdgeConfig", edgeConfig)));
            return new Demo(camera, admin, endpoint);
        } catch (Exception | Error e) {
            camera.close();
            throw e;
        }
    }

    /** The camera's URL in a Secrets Manager secret, as the edge configuration wants it; a new version on a restart. */
    private static String cameraSecret(AdminClient admin, String url) throws Exception {
        String value = "{\"MediaURI\":\"" + url + "\"}";
        try {
            return admin
                    .callTarget("secretsmanager", "secretsmanager.CreateSecret",
                            Map.of("Name", SECRET, "SecretString", value))
                    .path("ARN").asText();
        } catch (AdminClient.ApiError e) {
            if (!e.code.equals("ResourceExistsException")) {
                throw e;
            }
            return admin
                    .callTarget("secretsmanager", "secretsmanager.PutSecretValue",
                            Map.of("SecretId", SECRET, "SecretString", value))
                    .path("ARN").asText();
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static void ignoring(String errorCode, Call call) throws Exception {
        try {
            call.run();
        } catch (AdminClient.ApiError e) {
            if (!e.code.equals(errorCode)) {
                throw e;
            }
        }
    }

    private String aws() {
        return "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --region us-east-1 --endpoint-url " + endpoint;
    }

    List<String> howTo() {
        String aws = aws();
        return List.of(
                "kvs-edge demo: camera " + camera.url() + " -> agent -> stream " + STREAM + " (uploads "
                        + UPLOAD_INTERVAL + ")",
                "  fragments:  " + aws + " kinesis-video-archived-media list-fragments --stream-name " + STREAM,
                "  status:     " + aws + " kinesisvideo describe-edge-configuration --stream-name " + STREAM,
                "  watch:      playback URLs follow here once the first fragment is uploaded (within about a minute)");
    }

    /**
     * Watches the stream in the background until its first fragment is uploaded, then prints commands that play it
     * (a live HLS and DASH URL, ready to open, and a clip), and says why live playback runs behind the camera.
     */
    void announceFirstFragment(PrintStream out) {
        watcher = Thread.ofVirtual().name("kvs-edge-demo-watch").start(() -> {
            try {
                JsonNode first = awaitFirstFragment();
                playbackLines(first).forEach(out::println);
                out.flush();
            } catch (InterruptedException e) {
                // stopped before the first upload
            } catch (Exception e) {
                out.println("kvs-edge demo: cannot make the playback URLs: " + CommandErrors.rootCause(e));
            }
        });
    }

    private JsonNode awaitFirstFragment() throws Exception {
        while (true) {
            JsonNode fragments = admin.call("/listFragments", Map.of("StreamName", STREAM, "MaxResults", 1))
                    .path("Fragments");
            if (!fragments.isEmpty()) {
                return fragments.get(0);
            }
            Thread.sleep(FRAGMENT_POLL);
        }
    }

    List<String> playbackLines(JsonNode fragment) throws Exception {
        Map<String, Object> live = Map.of("StreamName", STREAM, "PlaybackMode", "LIVE", "Expires", SESSION_SECONDS);
        String hls = admin.call("/getHLSStreamingSessionURL", live).path("HLSStreamingSessionURL").asText();
        String dash = admin.call("/getDASHStreamingSessionURL", live).path("DASHStreamingSessionURL").asText();
        long start = (long) Math.floor(fragment.path("ProducerTimestamp").asDouble());
        return List.of(
                "kvs-edge demo: the first fragment of " + STREAM
                        + " is uploaded; play it (the URLs are valid for 12 hours):",
                "  HLS:   ffplay '" + hls + "'   (or open it in Safari, VLC or an hls.js page)",
                "  DASH:  ffplay '" + dash + "'",
                "  clip:  " + aws() + " kinesis-video-archived-media get-clip --stream-name " + STREAM
                        + " --clip-fragment-selector 'FragmentSelectorType=PRODUCER_TIMESTAMP,TimestampRange={StartTimestamp="
                        + start + ",EndTimestamp=" + (start + 60) + "}' " + STREAM + ".mp4",
                "kvs-edge demo: live playback trails the camera by up to the upload interval (" + UPLOAD_INTERVAL
                        + " here): the agent uploads what it recorded at each uploader fire time, not as it records.");
    }

    @Override
    public void close() {
        Thread watching = watcher;
        if (watching != null) {
            watching.interrupt();
        }
        camera.close();
    }
}
