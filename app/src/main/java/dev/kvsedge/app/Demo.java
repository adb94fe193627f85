package dev.kvsedge.app;

import dev.kvsedge.camera.CameraOptions;
import dev.kvsedge.camera.SimulatedCamera;
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

    private final SimulatedCamera camera;
    private final String endpoint;

    private Demo(SimulatedCamera camera, String endpoint) {
        this.camera = camera;
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
                    "RecorderConfig", Map.of("MediaSourceConfig", Map.of("MediaUriSecretArn", secretArn, "MediaUriType", "RTSP_URI")),
                    "UploaderConfig", Map.of("ScheduleConfig", Map.of("ScheduleExpression", "0 * * * * ?", "DurationInSeconds", 60)),
                    "DeletionConfig", Map.of("EdgeRetentionInHours", 1, "DeleteAfterUpload", true,
                            "LocalSizeConfig", Map.of("MaxLocalMediaSizeInMB", 512, "StrategyOnFullSize", "DELETE_OLDEST_MEDIA")));
            ignoring("ResourceInUseException", () -> admin.call("/startEdgeConfigurationUpdate",
                    Map.of("StreamName", STREAM, "EdgeConfig", edgeConfig)));
            return new Demo(camera, endpoint);
        } catch (Exception | Error e) {
            camera.close();
            throw e;
        }
    }

    /** The camera's URL in a Secrets Manager secret, as the edge configuration wants it; a new version on a restart. */
    private static String cameraSecret(AdminClient admin, String url) throws Exception {
        String value = "{\"MediaURI\":\"" + url + "\"}";
        try {
            return admin.callTarget("secretsmanager", "secretsmanager.CreateSecret", Map.of("Name", SECRET, "SecretString", value))
                    .path("ARN").asText();
        } catch (AdminClient.ApiError e) {
            if (!e.code.equals("ResourceExistsException")) {
                throw e;
            }
            return admin.callTarget("secretsmanager", "secretsmanager.PutSecretValue", Map.of("SecretId", SECRET, "SecretString", value))
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

    List<String> howTo() {
        String aws = "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --region us-east-1 --endpoint-url " + endpoint;
        return List.of(
                "kvs-edge demo: camera " + camera.url() + " -> agent -> stream " + STREAM + " (uploads every minute)",
                "  fragments:  " + aws + " kinesis-video-archived-media list-fragments --stream-name " + STREAM,
                "  status:     " + aws + " kinesisvideo describe-edge-configuration --stream-name " + STREAM,
                "  watch:      " + aws + " kinesis-video-archived-media get-hls-streaming-session-url --stream-name " + STREAM
                        + " --playback-mode LIVE   (open the URL in a player)");
    }

    @Override
    public void close() {
        camera.close();
    }
}
