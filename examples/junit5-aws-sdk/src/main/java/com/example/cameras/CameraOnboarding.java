package com.example.cameras;

import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The code under test: puts a new camera on a hub device, as an AWS user would with Kinesis Video Streams. */
public final class CameraOnboarding {
    private final KinesisVideoClient kinesisVideo;
    private final SecretsManagerClient secrets;

    public CameraOnboarding(KinesisVideoClient kinesisVideo, SecretsManagerClient secrets) {
        this.kinesisVideo = kinesisVideo;
        this.secrets = secrets;
    }

    /** A stream keeping a week of video, a secret with the camera's URL, and an edge configuration that records it. */
    public String onboard(String camera, String rtspUrl, String hubDeviceArn) {
        String streamArn = kinesisVideo.createStream(r -> r.streamName(camera).dataRetentionInHours(24 * 7)).streamARN();
        String secretArn = secrets.createSecret(r -> r.name(camera + "-url")
                .secretString("{\"MediaURI\":\"" + rtspUrl + "\"}")).arn();
        kinesisVideo.startEdgeConfigurationUpdate(r -> r.streamName(camera).edgeConfig(e -> e.hubDeviceArn(hubDeviceArn)
                .recorderConfig(rc -> rc.mediaSourceConfig(m -> m.mediaUriType(MediaUriType.RTSP_URI).mediaUriSecretArn(secretArn)))));
        return streamArn;
    }
}
