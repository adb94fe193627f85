package dev.kvsedge.testkit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoAsyncClient;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * AWS SDK for Java v2 clients pointed at a server, built from the test's own SDK classes with its default HTTP
 * clients. Kept apart from {@link KvsEdge} so that a test without one of these SDK modules never loads its classes:
 * only the client a test asks for needs its module.
 */
final class SdkClients {
    private SdkClients() {}

    static AwsCredentialsProvider credentials(KvsEdge kvsEdge) {
        return StaticCredentialsProvider
                .create(AwsBasicCredentials.create(kvsEdge.accessKeyId(), kvsEdge.secretAccessKey()));
    }

    static <B extends AwsClientBuilder<B, ?>> B configure(B builder, KvsEdge kvsEdge) {
        return builder.endpointOverride(kvsEdge.endpoint()).region(Region.of(kvsEdge.region()))
                .credentialsProvider(credentials(kvsEdge));
    }

    static KinesisVideoClient kinesisVideo(KvsEdge kvsEdge) {
        return configure(KinesisVideoClient.builder(), kvsEdge).build();
    }

    static KinesisVideoAsyncClient kinesisVideoAsync(KvsEdge kvsEdge) {
        return configure(KinesisVideoAsyncClient.builder(), kvsEdge).build();
    }

    static KinesisVideoArchivedMediaClient archivedMedia(KvsEdge kvsEdge) {
        return configure(KinesisVideoArchivedMediaClient.builder(), kvsEdge).build();
    }

    static KinesisVideoMediaClient media(KvsEdge kvsEdge) {
        return configure(KinesisVideoMediaClient.builder(), kvsEdge).build();
    }

    static SecretsManagerClient secretsManager(KvsEdge kvsEdge) {
        return configure(SecretsManagerClient.builder(), kvsEdge).build();
    }
}
