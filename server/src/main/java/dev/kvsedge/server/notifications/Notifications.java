package dev.kvsedge.server.notifications;

import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.server.DeliveryConfig.SnsAccess;
import dev.kvsedge.server.delivery.FragmentDeliveries;
import dev.kvsedge.server.delivery.StreamConfigStore;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.streams.StreamService;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Notifications, wired: the two configuration operations, and, when an SNS-compatible endpoint is configured,
 * the deliveries that publish them. Without one the configurations are kept and nothing is sent.
 */
public final class Notifications implements AutoCloseable {
    private final NotificationService service;
    private final @Nullable NotificationDelivery delivery;
    private final @Nullable FragmentDeliveries deliveries;

    /** @param sns null: notifications are not sent */
    public Notifications(StreamService streams, StreamConfigStore configs, FragmentStore fragments,
            @Nullable SnsAccess sns,
            Clock clock) {
        this.service = new NotificationService(streams, configs, fragments, clock);
        if (sns == null) {
            this.delivery = null;
            this.deliveries = null;
        } else {
            NotificationDelivery sending = new NotificationDelivery(sns, clock);
            this.delivery = sending;
            this.deliveries = new FragmentDeliveries(NotificationService.KIND, configs, fragments, sending, clock);
        }
    }

    public Operations register(Operations operations) {
        return operations
                .addVoid("UpdateNotificationConfiguration", UpdateNotificationConfigurationRequest.class,
                        service::update)
                .add("DescribeNotificationConfiguration", StreamRequest.class, service::describe);
    }

    /** Publishes what is due; returns how many fragments were notified (0 when nothing is sent). */
    public int sweep() {
        return deliveries == null ? 0 : deliveries.sweep();
    }

    @Override
    public void close() {
        if (delivery != null) {
            delivery.close();
        }
    }
}
