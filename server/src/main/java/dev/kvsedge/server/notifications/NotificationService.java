package dev.kvsedge.server.notifications;

import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.delivery.StreamConfigStore;
import dev.kvsedge.server.delivery.StreamConfigurations;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.time.Clock;

/**
 * UpdateNotificationConfiguration and DescribeNotificationConfiguration: where a stream's notifications go (an SNS
 * topic), checked and kept with the stream. Enabling them starts from the media ingested after the update.
 */
public final class NotificationService {
    static final String KIND = "notification";

    private final StreamService streams;
    private final StreamConfigurations configs;

    public NotificationService(StreamService streams, StreamConfigStore configs, FragmentStore fragments, Clock clock) {
        this.streams = streams;
        this.configs = new StreamConfigurations(KIND, configs, fragments, clock);
    }

    /** A null configuration removes the stream's notifications. */
    public void update(Scope scope, UpdateNotificationConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        NotificationConfiguration config = request.notificationConfiguration();
        if (config == null) {
            configs.remove(stream);
            return;
        }
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION, "The stream " + stream.key().name()
                    + " keeps no media: notifications are sent for persisted fragments, so it needs a data retention.");
        }
        if (TopicArn.parse(config.destinationConfig().uri()).isEmpty()) {
            throw ApiException.invalidArgument(
                    "The destination Uri must be an SNS topic ARN, arn:aws:sns:REGION:ACCOUNT:TOPIC, not "
                            + config.destinationConfig().uri() + ".");
        }
        configs.keep(stream, config, "ENABLED".equals(config.status()));
    }

    public DescribeNotificationConfigurationResponse describe(Scope scope, StreamRequest request) {
        Stream stream = streams.requireStream(scope, request);
        return new DescribeNotificationConfigurationResponse(
                configs.current(stream, NotificationConfiguration.class).orElse(null));
    }
}
