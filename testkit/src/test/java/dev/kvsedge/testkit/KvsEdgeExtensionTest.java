package dev.kvsedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

class KvsEdgeExtensionTest {
    @RegisterExtension
    static KvsEdgeExtension kvsEdge = new KvsEdgeExtension();

    private static KinesisVideoClient client() {
        return KinesisVideoClient.builder().endpointOverride(kvsEdge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(KvsEdgeExtension.ACCESS_KEY_ID, KvsEdgeExtension.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void anAwsClientPointedAtTheExtensionCreatesAndDescribesAStream() {
        try (KinesisVideoClient kvs = client()) {
            String arn = kvs.createStream(r -> r.streamName("from-the-testkit").dataRetentionInHours(1)).streamARN();
            assertThat(kvs.describeStream(r -> r.streamName("from-the-testkit")).streamInfo().streamARN()).isEqualTo(arn);
        }
    }

    @Test
    void theExtensionIsAlsoAParameter(KvsEdgeExtension injected) {
        assertThat(injected.endpoint()).isEqualTo(kvsEdge.endpoint());
        assertThat(injected.endpoint().getHost()).isEqualTo("127.0.0.1");
    }
}
