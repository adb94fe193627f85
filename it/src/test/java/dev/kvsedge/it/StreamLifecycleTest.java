package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.APIName;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.Status;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;
import software.amazon.awssdk.services.kinesisvideo.model.UpdateDataRetentionOperation;
import software.amazon.awssdk.services.kinesisvideo.model.VersionMismatchException;

class StreamLifecycleTest {
    private static TestServer server;
    private static KinesisVideoClient kvs;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kvs = server.client();
    }

    @AfterAll
    static void stop() {
        kvs.close();
        server.close();
    }

    @Test
    void aCreatedStreamIsDescribedWithItsArnVersionAndSettings() {
        Instant before = Instant.now();
        String arn = kvs.createStream(r -> r.streamName("front-door").deviceName("cam1").mediaType("video/h264")
                .dataRetentionInHours(24)).streamARN();

        assertThat(arn).matches("arn:aws:kinesisvideo:us-east-1:123456789012:stream/front-door/\\d{13}");
        StreamInfo info = kvs.describeStream(r -> r.streamName("front-door")).streamInfo();
        assertThat(info.streamARN()).isEqualTo(arn);
        assertThat(info.deviceName()).isEqualTo("cam1");
        assertThat(info.mediaType()).isEqualTo("video/h264");
        assertThat(info.dataRetentionInHours()).isEqualTo(24);
        assertThat(info.status()).isEqualTo(Status.ACTIVE);
        assertThat(info.version()).matches("[a-zA-Z0-9]+");
        assertThat(info.kmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:alias/aws/kinesisvideo");
        assertThat(info.creationTime()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(arn).endsWith("/" + info.creationTime().toEpochMilli());
        assertThat(kvs.describeStream(r -> r.streamARN(arn)).streamInfo()).isEqualTo(info);
    }

    @Test
    void creatingAnExistingStreamIsResourceInUse() {
        kvs.createStream(r -> r.streamName("dup"));
        assertThatThrownBy(() -> kvs.createStream(r -> r.streamName("dup")))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("The stream dup already exists.");
    }

    @Test
    void aStreamCreatedAgainAfterDeletionGetsANewArn() throws Exception {
        String first = kvs.createStream(r -> r.streamName("again")).streamARN();
        kvs.deleteStream(r -> r.streamARN(first));
        Thread.sleep(2);
        String second = kvs.createStream(r -> r.streamName("again")).streamARN();

        assertThat(second).isNotEqualTo(first);
        assertThatThrownBy(() -> kvs.describeStream(r -> r.streamARN(first)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void everyUpdateChangesTheVersionAndAStaleVersionIsRefused() {
        kvs.createStream(r -> r.streamName("versioned").dataRetentionInHours(2));
        String v1 = kvs.describeStream(r -> r.streamName("versioned")).streamInfo().version();

        kvs.updateStream(
                r -> r.streamName("versioned").currentVersion(v1).deviceName("new-device").mediaType("video/h265"));
        StreamInfo afterUpdate = kvs.describeStream(r -> r.streamName("versioned")).streamInfo();
        assertThat(afterUpdate.version()).isNotEqualTo(v1);
        assertThat(afterUpdate.deviceName()).isEqualTo("new-device");
        assertThat(afterUpdate.mediaType()).isEqualTo("video/h265");

        assertThatThrownBy(() -> kvs.updateStream(r -> r.streamName("versioned").currentVersion(v1).deviceName("x")))
                .isInstanceOf(VersionMismatchException.class);

        kvs.updateDataRetention(r -> r.streamName("versioned").currentVersion(afterUpdate.version())
                .operation(UpdateDataRetentionOperation.INCREASE_DATA_RETENTION).dataRetentionChangeInHours(10));
        StreamInfo increased = kvs.describeStream(r -> r.streamName("versioned")).streamInfo();
        assertThat(increased.dataRetentionInHours()).isEqualTo(12);
        assertThat(increased.version()).isNotEqualTo(afterUpdate.version());

        kvs.updateDataRetention(r -> r.streamARN(increased.streamARN()).currentVersion(increased.version())
                .operation(UpdateDataRetentionOperation.DECREASE_DATA_RETENTION).dataRetentionChangeInHours(12));
        assertThat(kvs.describeStream(r -> r.streamName("versioned")).streamInfo().dataRetentionInHours()).isZero();
    }

    @Test
    void retentionCannotGoBelowZeroOrAboveTenYears() {
        kvs.createStream(r -> r.streamName("retention").dataRetentionInHours(1));
        String version = kvs.describeStream(r -> r.streamName("retention")).streamInfo().version();
        assertThatThrownBy(() -> kvs.updateDataRetention(r -> r.streamName("retention").currentVersion(version)
                .operation(UpdateDataRetentionOperation.DECREASE_DATA_RETENTION).dataRetentionChangeInHours(2)))
                .isInstanceOfSatisfying(KinesisVideoException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException"));
        assertThatThrownBy(() -> kvs.updateDataRetention(r -> r.streamName("retention").currentVersion(version)
                .operation(UpdateDataRetentionOperation.INCREASE_DATA_RETENTION).dataRetentionChangeInHours(87_600)))
                .isInstanceOfSatisfying(KinesisVideoException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException"));
        assertThat(kvs.describeStream(r -> r.streamName("retention")).streamInfo().version()).isEqualTo(version);
    }

    @Test
    void deleteChecksTheCurrentVersionWhenGiven() {
        String arn = kvs.createStream(r -> r.streamName("to-delete")).streamARN();
        assertThatThrownBy(() -> kvs.deleteStream(r -> r.streamARN(arn).currentVersion("stale")))
                .isInstanceOf(VersionMismatchException.class);
        String version = kvs.describeStream(r -> r.streamARN(arn)).streamInfo().version();

        kvs.deleteStream(r -> r.streamARN(arn).currentVersion(version));

        assertThatThrownBy(() -> kvs.describeStream(r -> r.streamName("to-delete")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The requested stream is not found or not active.");
                });
        assertThatThrownBy(() -> kvs.deleteStream(r -> r.streamARN(arn))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void streamsAreIsolatedPerRegion() {
        kvs.createStream(r -> r.streamName("regional"));
        try (KinesisVideoClient west = server.client(Region.US_WEST_2, "test", "test")) {
            assertThatThrownBy(() -> west.describeStream(r -> r.streamName("regional")))
                    .isInstanceOf(ResourceNotFoundException.class);
            String westArn = west.createStream(r -> r.streamName("regional")).streamARN();
            assertThat(westArn).startsWith("arn:aws:kinesisvideo:us-west-2:123456789012:stream/regional/");
            String eastArn = kvs.describeStream(r -> r.streamName("regional")).streamInfo().streamARN();
            assertThatThrownBy(() -> west.describeStream(r -> r.streamARN(eastArn)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void getDataEndpointAnswersThisServerForEveryApi() {
        kvs.createStream(r -> r.streamName("endpoint"));
        for (APIName api : APIName.knownValues()) {
            assertThat(kvs.getDataEndpoint(r -> r.streamName("endpoint").apiName(api)).dataEndpoint())
                    .isEqualTo(server.endpoint().toString());
        }
        assertThatThrownBy(() -> kvs.getDataEndpoint(r -> r.streamName("missing").apiName(APIName.PUT_MEDIA)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aStreamIsNamedByNameOrArnButNotBoth() {
        String arn = kvs.createStream(r -> r.streamName("either")).streamARN();
        assertThatThrownBy(() -> kvs.describeStream(r -> r.streamName("either").streamARN(arn)))
                .isInstanceOfSatisfying(KinesisVideoException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException"));
        assertThatThrownBy(() -> kvs.describeStream(r -> {}))
                .isInstanceOfSatisfying(KinesisVideoException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException"));
    }

    @Test
    void creationTimeHasMillisecondPrecision() {
        kvs.createStream(r -> r.streamName("millis"));
        Instant created = kvs.describeStream(r -> r.streamName("millis")).streamInfo().creationTime();
        assertThat(Duration.between(created.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), created)).isZero();
    }
}
