package dev.kvsedge.server.notifications;

import static dev.kvsedge.model.streams.StreamConfigShapes.NotificationConfiguration;

import dev.kvsedge.server.DeliveryConfig.SnsAccess;
import dev.kvsedge.server.delivery.ConfigJson;
import dev.kvsedge.server.delivery.FragmentDeliveries;
import dev.kvsedge.server.delivery.StreamConfigStore.Entry;
import dev.kvsedge.server.fragments.Fragment;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notification per persisted fragment, published to the configured SNS topic with AWS's subject and message:
 * the stream's ARN, the fragment's number, its producer and server start (epoch milliseconds), the type PERSISTED
 * and an empty NotificationPayload. kvs-edge notifies every fragment: it does not keep the producer's
 * AWS_KINESISVIDEO_NOTIFICATION fragment tags (nor their custom payload), which AWS waits for.
 */
final class NotificationDelivery implements FragmentDeliveries.Delivery, AutoCloseable {
    static final String SUBJECT = "Kinesis Video Streams Notification";

    private final SnsPublisher sns;

    NotificationDelivery(SnsAccess access, Clock clock) {
        this.sns = new SnsPublisher(access, clock);
    }

    @Override
    public void deliver(Entry entry, Fragment fragment) throws IOException {
        NotificationConfiguration config = ConfigJson.read(entry.config(), NotificationConfiguration.class);
        TopicArn topic = TopicArn.parse(config.destinationConfig().uri())
                .orElseThrow(() -> new IOException("not a topic ARN: " + config.destinationConfig().uri()));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("StreamArn", entry.streamArn());
        message.put("FragmentNumber", fragment.numberText());
        message.put("FragmentStartProducerTimestamp", fragment.producerTimestamp().toEpochMilli());
        message.put("FragmentStartServerTimestamp", fragment.serverTimestamp().toEpochMilli());
        message.put("NotificationType", "PERSISTED");
        message.put("NotificationPayload", Map.of());
        sns.publish(topic, SUBJECT, ConfigJson.write(message));
    }

    @Override
    public void close() {
        sns.close();
    }
}
