package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.DefaultStorageTier;
import software.amazon.awssdk.services.kinesisvideo.model.DescribeStreamStorageConfigurationResponse;
import software.amazon.awssdk.services.kinesisvideo.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.VersionMismatchException;

/** The storage operations through the unmodified SDK for Java v2: the stream's tier, media storage, mapped resources. */
class StorageConfigurationTest {
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

    static String name(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aStreamIsOnTheHotTierUnlessCreatedOnAnotherAndTheTierChangesWithTheVersionCheck() {
        String hot = name("hot");
        kvs.createStream(r -> r.streamName(hot).dataRetentionInHours(24));
        DescribeStreamStorageConfigurationResponse described = kvs
                .describeStreamStorageConfiguration(r -> r.streamName(hot));
        assertThat(described.streamName()).isEqualTo(hot);
        assertThat(described.streamARN())
                .isEqualTo(kvs.describeStream(r -> r.streamName(hot)).streamInfo().streamARN());
        assertThat(described.streamStorageConfiguration().defaultStorageTier()).isEqualTo(DefaultStorageTier.HOT);

        String warm = name("warm");
        String arn = kvs
                .createStream(r -> r.streamName(warm).streamStorageConfiguration(c -> c.defaultStorageTier("WARM")))
                .streamARN();
        assertThat(kvs.describeStreamStorageConfiguration(r -> r.streamARN(arn)).streamStorageConfiguration()
                .defaultStorageTier()).isEqualTo(DefaultStorageTier.WARM);

        String version = kvs.describeStream(r -> r.streamName(hot)).streamInfo().version();
        kvs.updateStreamStorageConfiguration(r -> r.streamName(hot).currentVersion(version)
                .streamStorageConfiguration(c -> c.defaultStorageTier(DefaultStorageTier.WARM)));
        assertThat(kvs.describeStreamStorageConfiguration(r -> r.streamName(hot)).streamStorageConfiguration()
                .defaultStorageTier()).isEqualTo(DefaultStorageTier.WARM);
        assertThat(kvs.describeStream(r -> r.streamName(hot)).streamInfo().version()).isNotEqualTo(version);
        assertThatThrownBy(() -> kvs.updateStreamStorageConfiguration(r -> r.streamName(hot).currentVersion(version)
                .streamStorageConfiguration(c -> c.defaultStorageTier(DefaultStorageTier.HOT))))
                .isInstanceOf(VersionMismatchException.class);
        assertThatThrownBy(() -> kvs.describeStreamStorageConfiguration(r -> r.streamName("no-such-stream")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aStreamHasNoMappedSignalingChannelAndChannelsAreNotFound() {
        String stream = name("mapped");
        String arn = kvs.createStream(r -> r.streamName(stream).dataRetentionInHours(1)).streamARN();
        assertThat(kvs.describeMappedResourceConfiguration(r -> r.streamARN(arn)).mappedResourceConfigurationList())
                .isEmpty();
        assertThatThrownBy(() -> kvs.describeMappedResourceConfiguration(r -> r.streamName("no-such-stream")))
                .isInstanceOf(ResourceNotFoundException.class);

        String channel = "arn:aws:kinesisvideo:us-east-1:123456789012:channel/door/1700000000000";
        assertThatThrownBy(() -> kvs.describeMediaStorageConfiguration(r -> r.channelARN(channel)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("channel");
        assertThatThrownBy(() -> kvs.describeMediaStorageConfiguration(r -> r.channelName("door")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kvs.describeMediaStorageConfiguration(r -> {}))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> kvs.updateMediaStorageConfiguration(r -> r.channelARN(channel)
                .mediaStorageConfiguration(c -> c.streamARN(arn).status(MediaStorageConfigurationStatus.ENABLED))))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
