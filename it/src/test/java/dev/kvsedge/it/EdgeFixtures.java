package dev.kvsedge.it;

import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.kinesisvideo.model.EdgeConfig;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;

/** Edge configurations as users write them (the AWS tutorial's shape). */
final class EdgeFixtures {
    static final String ACCOUNT = "123456789012";
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:front-door-camera-AbCdEf";

    private EdgeFixtures() {}

    static String hub(String name) {
        return "arn:aws:iot:us-east-1:" + ACCOUNT + ":thing/" + name;
    }

    /** Records 09:00-16:59 on weekdays for 3599 s at each start, everything else left to AWS's defaults. */
    static EdgeConfig weekdayRecording(String hubArn) {
        return EdgeConfig.builder()
                .hubDeviceArn(hubArn)
                .recorderConfig(r -> r
                        .mediaSourceConfig(m -> m.mediaUriSecretArn(SECRET_ARN).mediaUriType(MediaUriType.RTSP_URI))
                        .scheduleConfig(s -> s.scheduleExpression("0 0 9-16 ? * MON-FRI *").durationInSeconds(3599)))
                .build();
    }

    /**
     * A stream that the hub's agent records from a 4-second test video file (written into {@code dir}, paced like a
     * camera) and uploads every 5 seconds; returns the agent's key pair.
     */
    static TestAgent fileCamera(TestServer server, Path dir, String stream, String hub) throws Exception {
        Path video = TestVideo.writeMkv(dir.resolve("camera.mkv"),
                VideoSpec.of(160, 120, 25, 25, Duration.ofSeconds(4)));
        return camera(server, stream, hub, video.toUri().toString(), MediaUriType.FILE_URI);
    }

    /** A stream that the hub's agent records from the camera at {@code uri} and uploads every 5 seconds; the agent's keys. */
    static TestAgent camera(TestServer server, String stream, String hub, String uri, MediaUriType type)
            throws Exception {
        server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(24));
        String secretArn = server.secretsManager().createSecret(r -> r.name(stream + "-uri")
                .secretString("{\"MediaURI\":\"" + uri + "\"}")).arn();
        EdgeConfig config = EdgeConfig.builder().hubDeviceArn(hub)
                .recorderConfig(r -> r.mediaSourceConfig(m -> m.mediaUriSecretArn(secretArn).mediaUriType(type)))
                .uploaderConfig(u -> u.scheduleConfig(s -> s.scheduleExpression("0/5 * * * * ?").durationInSeconds(60)))
                .build();
        server.client().startEdgeConfigurationUpdate(r -> r.streamName(stream).edgeConfig(config));
        return TestAgent.mint(server, hub);
    }

    /** The JSON an agent sends back to acknowledge {@link #weekdayRecording} as stored (defaults applied). */
    static String weekdayRecordingJson(String hubArn) {
        return "{\"HubDeviceArn\":\"" + hubArn
                + "\",\"RecorderConfig\":{\"MediaSourceConfig\":{\"MediaUriSecretArn\":\""
                + SECRET_ARN + "\",\"MediaUriType\":\"RTSP_URI\"},\"ScheduleConfig\":{\"ScheduleExpression\":"
                + "\"0 0 9-16 ? * MON-FRI *\",\"DurationInSeconds\":3599}},\"UploaderConfig\":{\"ScheduleConfig\":"
                + "{\"ScheduleExpression\":\"0 0 * * * ?\",\"DurationInSeconds\":3600}},\"DeletionConfig\":"
                + "{\"EdgeRetentionInHours\":720,\"DeleteAfterUpload\":true}}";
    }
}
