package dev.kvsedge.server;

import dev.kvsedge.server.images.Images;
import dev.kvsedge.server.notifications.Notifications;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What streams deliver of their new fragments, swept together: generated images and notifications. */
final class StreamDeliveries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDeliveries.class);

    private final Images images;
    private final Notifications notifications;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    StreamDeliveries(Images images, Notifications notifications) {
        this.images = images;
        this.notifications = notifications;
    }

    /** Delivers what is due now; returns how many fragments were delivered (images and notifications counted apart). */
    int sweep() {
        return images.sweep() + notifications.sweep();
    }

    /** {@link #sweep} from the timer: one at a time, failures logged and tried again on the next tick. */
    void sweepQuietly() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("delivery of images and notifications failed; retrying later", e);
        } finally {
            sweeping.set(false);
        }
    }

    @Override
    public void close() {
        images.close();
        notifications.close();
    }
}
