package dev.kvsedge.it;

import static dev.kvsedge.it.EdgeFixtures.hub;
import static dev.kvsedge.it.EdgeFixtures.weekdayRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.DescribeEdgeConfigurationResponse;
import software.amazon.awssdk.services.kinesisvideo.model.EdgeConfig;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;
import software.amazon.awssdk.services.kinesisvideo.model.ListEdgeAgentConfigurationsEdgeConfig;
import software.amazon.awssdk.services.kinesisvideo.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.StartEdgeConfigurationUpdateResponse;
import software.amazon.awssdk.services.kinesisvideo.model.StrategyOnFullSize;
import software.amazon.awssdk.services.kinesisvideo.model.StreamEdgeConfigurationNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.SyncStatus;

/** The four public edge operations through the AWS SDK for Java v2. */
class EdgeConfigurationTest {
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

    private static String stream(String name) {
        return kvs.createStream(r -> r.streamName(name).dataRetentionInHours(24)).streamARN();
    }

    private static void assertCode(Throwable e, String code) {
        assertThat(e).isInstanceOf(KinesisVideoException.class);
        assertThat(((KinesisVideoException) e).awsErrorDetails().errorCode()).isEqualTo(code);
    }

    @Test
    void startEchoesTheConfigurationAsSyncingWithAwsDefaultsApplied() {
        String arn = stream("echo");
        StartEdgeConfigurationUpdateResponse started = kvs.startEdgeConfigurationUpdate(r -> r.streamName("echo")
                .edgeConfig(weekdayRecording(hub("hub-echo"))));

        assertThat(started.streamName()).isEqualTo("echo");
        assertThat(started.streamARN()).isEqualTo(arn);
        assertThat(started.syncStatus()).isEqualTo(SyncStatus.SYNCING);
        assertThat(started.creationTime()).isEqualTo(started.lastUpdatedTime());
        EdgeConfig config = started.edgeConfig();
        assertThat(config.recorderConfig().scheduleConfig().scheduleExpression()).isEqualTo("0 0 9-16 ? * MON-FRI *");
        assertThat(config.deletionConfig().edgeRetentionInHours()).isEqualTo(720);
        assertThat(config.deletionConfig().deleteAfterUpload()).isTrue();
        assertThat(config.uploaderConfig().scheduleConfig().scheduleExpression()).isEqualTo("0 0 * * * ?");
        assertThat(config.uploaderConfig().scheduleConfig().durationInSeconds()).isEqualTo(3600);

        DescribeEdgeConfigurationResponse described = kvs.describeEdgeConfiguration(r -> r.streamARN(arn));
        assertThat(described.edgeConfig()).isEqualTo(config);
        assertThat(described.syncStatus()).isEqualTo(SyncStatus.SYNCING);
        assertThat(described.edgeAgentStatus()).isNull();
    }

    @Test
    void givenDeletionSettingsAreKept() {
        stream("kept");
        EdgeConfig given = weekdayRecording(hub("hub-kept")).toBuilder().deletionConfig(d -> d.edgeRetentionInHours(15)
                .deleteAfterUpload(false).localSizeConfig(l -> l.maxLocalMediaSizeInMB(2800)
                        .strategyOnFullSize(StrategyOnFullSize.DELETE_OLDEST_MEDIA)))
                .build();
        EdgeConfig stored = kvs.startEdgeConfigurationUpdate(r -> r.streamName("kept").edgeConfig(given)).edgeConfig();
        assertThat(stored.deletionConfig()).isEqualTo(given.deletionConfig());
    }

    @Test
    void anUnknownStreamIsNotFoundAndAStreamWithoutConfigurationIsEdgeNotFound() {
        assertThatThrownBy(() -> kvs.describeEdgeConfiguration(r -> r.streamName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kvs
                .startEdgeConfigurationUpdate(r -> r.streamName("nope").edgeConfig(weekdayRecording(hub("h")))))
                .isInstanceOf(ResourceNotFoundException.class);
        stream("bare");
        assertThatThrownBy(() -> kvs.describeEdgeConfiguration(r -> r.streamName("bare")))
                .isInstanceOfSatisfying(StreamEdgeConfigurationNotFoundException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> kvs.deleteEdgeConfiguration(r -> r.streamName("bare")))
                .isInstanceOf(StreamEdgeConfigurationNotFoundException.class);
    }

    @Test
    void aStreamThatKeepsNoDataCannotRecordAtTheEdge() {
        kvs.createStream(r -> r.streamName("no-retention"));
        assertThatThrownBy(() -> kvs.startEdgeConfigurationUpdate(r -> r.streamName("no-retention")
                .edgeConfig(weekdayRecording(hub("h"))))).isInstanceOf(NoDataRetentionException.class);
    }

    @Test
    void anUpdateWhileSyncingIsRefused() {
        stream("busy");
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("busy").edgeConfig(weekdayRecording(hub("hub-busy"))));
        assertThatThrownBy(() -> kvs
                .startEdgeConfigurationUpdate(r -> r.streamName("busy").edgeConfig(weekdayRecording(hub("hub-busy")))))
                .isInstanceOf(ResourceInUseException.class).hasMessageContaining("SYNCING");
    }

    @Test
    void scheduleExpressionsAreQuartzCron() {
        stream("cron");
        for (String bad : List.of("0 0 9 * * *", "every day at 9", "0 0 25 ? * * *", "0 0 9 * * ? * 1")) {
            EdgeConfig config = weekdayRecording(hub("hub-cron")).toBuilder().recorderConfig(r -> r
                    .mediaSourceConfig(m -> m.mediaUriSecretArn(EdgeFixtures.SECRET_ARN).mediaUriType("RTSP_URI"))
                    .scheduleConfig(s -> s.scheduleExpression(bad).durationInSeconds(60))).build();
            assertThatThrownBy(() -> kvs.startEdgeConfigurationUpdate(r -> r.streamName("cron").edgeConfig(config)))
                    .as(bad).satisfies(e -> assertCode(e, "InvalidArgumentException"));
        }
    }

    @Test
    void aStreamIsNamedByNameOrArnNotBoth() {
        String arn = stream("both");
        assertThatThrownBy(() -> kvs.startEdgeConfigurationUpdate(r -> r.streamName("both").streamARN(arn)
                .edgeConfig(weekdayRecording(hub("h"))))).satisfies(e -> assertCode(e, "InvalidArgumentException"));
        assertThatThrownBy(() -> kvs.startEdgeConfigurationUpdate(r -> r.edgeConfig(weekdayRecording(hub("h")))))
                .satisfies(e -> assertCode(e, "InvalidArgumentException"));
    }

    @Test
    void aConstraintViolationNamesTheNestedMember() {
        stream("too-long");
        EdgeConfig config = weekdayRecording(hub("hub-long")).toBuilder().recorderConfig(r -> r
                .mediaSourceConfig(m -> m.mediaUriSecretArn(EdgeFixtures.SECRET_ARN).mediaUriType("RTSP_URI"))
                .scheduleConfig(s -> s.scheduleExpression("0 0 9 ? * * *").durationInSeconds(4000))).build();
        assertThatThrownBy(() -> kvs.startEdgeConfigurationUpdate(r -> r.streamName("too-long").edgeConfig(config)))
                .satisfies(e -> assertCode(e, "ValidationException"))
                .hasMessageContaining(
                        "Value '4000' at 'edgeConfig.recorderConfig.scheduleConfig.durationInSeconds' failed to"
                                + " satisfy constraint: Member must have value less than or equal to 3600");
    }

    @Test
    void aHubDeviceHoldsAtMostSixteenConfigurations() {
        for (int i = 0; i < 16; i++) {
            int n = i;
            stream("full-" + n);
            kvs.startEdgeConfigurationUpdate(
                    r -> r.streamName("full-" + n).edgeConfig(weekdayRecording(hub("hub-full"))));
        }
        stream("full-16");
        assertThatThrownBy(() -> kvs.startEdgeConfigurationUpdate(
                r -> r.streamName("full-16").edgeConfig(weekdayRecording(hub("hub-full")))))
                .satisfies(e -> assertCode(e, "InvalidArgumentException")).hasMessageContaining("16");
        kvs.deleteEdgeConfiguration(r -> r.streamName("full-0"));
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("full-16").edgeConfig(weekdayRecording(hub("hub-full"))));
    }

    @Test
    void listingPagesThroughAHubsConfigurations() {
        for (int i = 0; i < 7; i++) {
            int n = i;
            stream("listed-" + n);
            kvs.startEdgeConfigurationUpdate(
                    r -> r.streamName("listed-" + n).edgeConfig(weekdayRecording(hub("hub-list"))));
        }
        var firstPage = kvs.listEdgeAgentConfigurations(r -> r.hubDeviceArn(hub("hub-list")));
        assertThat(firstPage.edgeConfigs()).hasSize(5);
        assertThat(firstPage.nextToken()).isNotNull();
        List<String> all = kvs.listEdgeAgentConfigurationsPaginator(r -> r.hubDeviceArn(hub("hub-list")).maxResults(3))
                .edgeConfigs().stream().map(ListEdgeAgentConfigurationsEdgeConfig::streamName).toList();
        assertThat(all).containsExactly("listed-0", "listed-1", "listed-2", "listed-3", "listed-4", "listed-5",
                "listed-6");
        assertThat(kvs.listEdgeAgentConfigurations(r -> r.hubDeviceArn(hub("nobody"))).edgeConfigs()).isEmpty();
        assertThatThrownBy(() -> kvs.listEdgeAgentConfigurations(r -> r.hubDeviceArn(hub("hub-list")).maxResults(11)))
                .satisfies(e -> assertCode(e, "ValidationException"));
    }

    @Test
    void aConfigurationNoAgentEverReceivedIsDeletedAtOnce() {
        stream("undelivered");
        kvs.startEdgeConfigurationUpdate(
                r -> r.streamName("undelivered").edgeConfig(weekdayRecording(hub("hub-nobody"))));
        kvs.deleteEdgeConfiguration(r -> r.streamName("undelivered"));
        assertThatThrownBy(() -> kvs.describeEdgeConfiguration(r -> r.streamName("undelivered")))
                .isInstanceOf(StreamEdgeConfigurationNotFoundException.class);
    }

    @Test
    void aStreamWithAnEdgeConfigurationCannotBeDeleted() {
        String arn = stream("bound");
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("bound").edgeConfig(weekdayRecording(hub("hub-bound"))));
        assertThatThrownBy(() -> kvs.deleteStream(r -> r.streamARN(arn))).isInstanceOf(ResourceInUseException.class);
        kvs.deleteEdgeConfiguration(r -> r.streamName("bound"));
        kvs.deleteStream(r -> r.streamARN(arn));
    }
}
