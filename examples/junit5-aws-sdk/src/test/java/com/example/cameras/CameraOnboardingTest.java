package com.example.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvsedge.testkit.KvsEdgeExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesisvideo.model.DescribeEdgeConfigurationResponse;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;
import software.amazon.awssdk.services.kinesisvideo.model.SyncStatus;

class CameraOnboardingTest {
    @RegisterExtension
    static KvsEdgeExtension kvsEdge = new KvsEdgeExtension().resetBeforeEachTest();

    @Test
    void onboardingCreatesTheStreamTheSecretAndTheEdgeConfiguration() {
        CameraOnboarding onboarding = new CameraOnboarding(kvsEdge.kinesisVideo(), kvsEdge.secretsManager());
        String hub = kvsEdge.kvsEdge().hubDeviceArn("warehouse-hub");

        String arn = onboarding.onboard("front-door", "rtsp://user:pass@10.0.0.5/stream1", hub);

        assertTrue(arn.startsWith("arn:aws:kinesisvideo:us-east-1:123456789012:stream/front-door/"), arn);
        DescribeEdgeConfigurationResponse edge = kvsEdge.kinesisVideo().describeEdgeConfiguration(r -> r.streamName("front-door"));
        assertEquals(SyncStatus.SYNCING, edge.syncStatus()); // no agent runs for this hub in this test
        assertEquals(hub, edge.edgeConfig().hubDeviceArn());
        String secretArn = edge.edgeConfig().recorderConfig().mediaSourceConfig().mediaUriSecretArn();
        assertTrue(kvsEdge.secretsManager().getSecretValue(r -> r.secretId(secretArn)).secretString().contains("10.0.0.5"));
    }

    @Test
    void theAsyncClientUsesTheSdksDefaultNettyClient() throws Exception {
        kvsEdge.kinesisVideo().createStream(r -> r.streamName("lobby"));

        List<StreamInfo> streams = kvsEdge.kvsEdge().kinesisVideoAsync().listStreams(r -> { }).get().streamInfoList();

        assertEquals(List.of("lobby"), streams.stream().map(StreamInfo::streamName).toList()); // reset: only this test's stream
        // The SDK brought Netty 4.1; the server's Netty 4.2 stays inside the testkit.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup"));
        Class.forName("io.netty.channel.nio.NioEventLoopGroup");
    }
}
