package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.server.DeliveryConfig;
import dev.kvsedge.server.ServerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideo.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideo.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideo.model.NotificationConfiguration;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Notifications through the unmodified SDK for Java v2, published to a topic of moto_server's SNS (through
 * {@code --sns-endpoint}'s configuration) and read back from an SQS queue subscribed to it, as AWS's documentation
 * reads them.
 */
class NotificationsTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static MotoServer moto;
    static TestServer server;
    static KinesisVideoClient kvs;
    static SnsClient sns;
    static SqsClient sqs;
    static String topicArn;
    static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        StaticCredentialsProvider test = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(test)
                .httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(test)
                .httpClient(UrlConnectionHttpClient.create()).build();
        topicArn = sns.createTopic(r -> r.name("kvs-notifications")).topicArn();
        queueUrl = sqs.createQueue(r -> r.queueName("kvs-notifications")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        server = TestServer.start(ServerConfig.defaults().withDelivery(DeliveryConfig.NONE.withSns(
                new DeliveryConfig.SnsAccess(moto.endpoint(), "test", "test"))));
        kvs = server.client();
    }

    @AfterAll
    static void stop() {
        kvs.close();
        server.close();
        sns.close();
        sqs.close();
        moto.close();
    }

    static NotificationConfiguration config(String uri, ConfigurationStatus status) {
        return NotificationConfiguration.builder().status(status).destinationConfig(d -> d.uri(uri)).build();
    }

    static void upload(String stream, int first, int count) {
        long[] timecodes = new long[count];
        for (int i = 0; i < count; i++) {
            timecodes[i] = T0.toEpochMilli() + (first + i) * 1000L;
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream), TestMkv.stream(timecodes), count);
    }

    /** The notifications that reached the queue (SNS envelopes), waiting up to a few seconds for {@code expected}. */
    static List<JsonNode> received(int expected) throws Exception {
        List<JsonNode> envelopes = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && envelopes.size() < expected; attempt++) {
            for (Message message : sqs
                    .receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                envelopes.add(JSON.readTree(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return envelopes;
    }

    @Test
    void eachFragmentIngestedAfterTheUpdateIsPublishedWithAwsSubjectAndMessage() throws Exception {
        String arn = kvs.createStream(r -> r.streamName("notified").dataRetentionInHours(24)).streamARN();
        upload("notified", 0, 1); // before the configuration: not notified
        NotificationConfiguration asked = config(topicArn, ConfigurationStatus.ENABLED);
        kvs.updateNotificationConfiguration(r -> r.streamName("notified").notificationConfiguration(asked));
        assertThat(kvs.describeNotificationConfiguration(r -> r.streamARN(arn)).notificationConfiguration())
                .isEqualTo(asked);
        upload("notified", 1, 2);
        assertThat(server.server.sweepDeliveries()).isEqualTo(2);

        List<JsonNode> envelopes = received(2);
        assertThat(envelopes).hasSize(2);
        try (KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            List<Fragment> fragments = RecordedFragments.of(media, "notified");
            for (int i = 0; i < 2; i++) {
                JsonNode envelope = envelopes.get(i);
                assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
                assertThat(envelope.get("TopicArn").asText()).isEqualTo(topicArn);
                assertThat(envelope.get("Subject").asText()).isEqualTo("Kinesis Video Streams Notification");
                JsonNode message = JSON.readTree(envelope.get("Message").asText());
                Fragment fragment = fragments.get(i + 1);
                assertThat(message.get("StreamArn").asText()).isEqualTo(arn);
                assertThat(message.get("FragmentNumber").asText()).isEqualTo(fragment.fragmentNumber());
                assertThat(message.get("FragmentStartProducerTimestamp").asLong())
                        .isEqualTo(fragment.producerTimestamp().toEpochMilli());
                assertThat(message.get("FragmentStartServerTimestamp").asLong())
                        .isEqualTo(fragment.serverTimestamp().toEpochMilli());
                assertThat(message.get("NotificationType").asText()).isEqualTo("PERSISTED");
                assertThat(message.get("NotificationPayload").isObject()).isTrue();
            }
        }
        assertThat(server.server.sweepDeliveries()).isZero(); // nothing is published twice
    }

    @Test
    void aDisabledConfigurationPublishesNothingAndBadDestinationsAreRefused() throws Exception {
        kvs.createStream(r -> r.streamName("silent").dataRetentionInHours(24));
        kvs.updateNotificationConfiguration(r -> r.streamName("silent")
                .notificationConfiguration(config(topicArn, ConfigurationStatus.DISABLED)));
        upload("silent", 0, 1);
        assertThat(server.server.sweepDeliveries()).isZero();
        assertThat(received(0)).isEmpty();

        assertThatThrownBy(() -> kvs.updateNotificationConfiguration(r -> r.streamName("silent")
                .notificationConfiguration(config("https://example.com/hook", ConfigurationStatus.ENABLED))))
                .isInstanceOf(InvalidArgumentException.class);
        kvs.createStream(r -> r.streamName("keeps-nothing"));
        assertThatThrownBy(() -> kvs.updateNotificationConfiguration(r -> r.streamName("keeps-nothing")
                .notificationConfiguration(config(topicArn, ConfigurationStatus.ENABLED))))
                .isInstanceOf(NoDataRetentionException.class);
        kvs.updateNotificationConfiguration(r -> r.streamName("silent"));
        assertThat(kvs.describeNotificationConfiguration(r -> r.streamName("silent")).notificationConfiguration())
                .isNull();
    }

    @Test
    void withoutAnSnsEndpointTheConfigurationIsKeptAndNothingIsSent() {
        try (TestServer quiet = TestServer.start(); KinesisVideoClient client = quiet.client()) {
            client.createStream(r -> r.streamName("kept").dataRetentionInHours(24));
            NotificationConfiguration asked = config(topicArn, ConfigurationStatus.ENABLED);
            client.updateNotificationConfiguration(r -> r.streamName("kept").notificationConfiguration(asked));
            RawPutMedia.upload(quiet.endpoint(), RawPutMedia.absolute("kept"), TestMkv.stream(T0.toEpochMilli()), 1);
            assertThat(quiet.server.sweepDeliveries()).isZero();
            assertThat(client.describeNotificationConfiguration(r -> r.streamName("kept")).notificationConfiguration())
                    .isEqualTo(asked);
        }
    }
}
