package dev.kvsedge.server.notifications;

import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.delivery.ConfigJson;
import dev.kvsedge.server.delivery.StreamConfigStore;
import dev.kvsedge.server.delivery.StreamConfigStore.Entry;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.accounts.Scope;
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
    private final StreamConfigStore configs;
    private final FragmentStore fragments;
    private final Clock clock;

    public NotificationService(StreamService streams, StreamConfigStore configs, FragmentStore fragments, Clock clock) {
        this.streams = streams;
        this.configs = configs;
        this.fragments = fragments;
        this.clock = clock;
    }

    /** A null configuration removes the stream's notifications. */
    public void update(Scope scope, UpdateNotificationConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        NotificationConfiguration config = request.notificationConfiguration();
        if (config == null) {
            configs.delete(stream.key(), KIND);
            return;
        }
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION, "The stream " + stream.key().name()
                    + " keeps no media: notifications are sent for persisted fragments, so it needs a data retention.");
        }
        TopicArn.parse(config.destinationConfig().uri()).orElseThrow(() -> ApiException.invalidArgument(
                "The destination Uri must be an SNS topic ARN, arn:aws:sns:REGION:ACCOUNT:TOPIC, not "
                        + config.destinationConfig().uri() + "."));
        long after = fragments.latest(stream.arn()).map(Fragment::number).orElse(-1L);
        if (!configs.put(new Entry(stream.key(), stream.arn(), KIND, ConfigJson.write(config),
                "ENABLED".equals(config.status()), after), clock.instant())) {
            throw ApiException.notFound("The requested stream is not found or not active.");
        }
    }

    public DescribeNotificationConfigurationResponse describe(Scope scope, StreamRequest request) {
        Stream stream = streams.requireStream(scope, request);
        return new DescribeNotificationConfigurationResponse(configs.find(stream.key(), KIND)
                .filter(e -> e.streamArn().equals(stream.arn()))
                .map(e -> ConfigJson.read(e.config(), NotificationConfiguration.class)).orElse(null));
    }
}
