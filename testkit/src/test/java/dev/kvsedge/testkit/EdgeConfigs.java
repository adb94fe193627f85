package dev.kvsedge.testkit;

import software.amazon.awssdk.services.kinesisvideo.model.EdgeConfig;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;

/** Edge configurations as the tests start them: record a camera whose URL is in a secret, upload continuously. */
final class EdgeConfigs {
    private EdgeConfigs() {}

    static EdgeConfig recording(String hubDeviceArn, String secretArn) {
        return EdgeConfig.builder().hubDeviceArn(hubDeviceArn)
                .recorderConfig(r -> r
                        .mediaSourceConfig(m -> m.mediaUriSecretArn(secretArn).mediaUriType(MediaUriType.RTSP_URI)))
                .deletionConfig(d -> d.edgeRetentionInHours(1).deleteAfterUpload(true))
                .build();
    }
}
