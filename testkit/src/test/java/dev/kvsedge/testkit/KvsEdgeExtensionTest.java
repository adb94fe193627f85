package dev.kvsedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;

/** One server for the class, from a static field, used as users do: the SDK's default clients, Apache and Netty. */
class KvsEdgeExtensionTest {
    @RegisterExtension
    static KvsEdgeExtension kvsEdge = new KvsEdgeExtension();
    private static KvsEdge startedForTheClass;

    @BeforeAll
    static void rememberTheServer(KvsEdge server) {
        startedForTheClass = server;
    }

    /** Runs after the nested class: its end must not have stopped this class's server. */
    @AfterAll
    static void theServerOutlivedTheNestedClass() {
        assertThat(startedForTheClass.kinesisVideo().listStreams(r -> {}).streamInfoList())
                .extracting(StreamInfo::streamName).contains("from-a-nested-class");
    }

    @Test
    void theReadyMadeClientCreatesAndDescribesAStream() {
        String arn = kvsEdge.kinesisVideo().createStream(r -> r.streamName("front-door").dataRetentionInHours(1))
                .streamARN();

        StreamInfo info = kvsEdge.kinesisVideo().describeStream(r -> r.streamName("front-door")).streamInfo();
        assertThat(info.streamARN()).isEqualTo(arn)
                .startsWith("arn:aws:kinesisvideo:us-east-1:123456789012:stream/front-door/");
    }

    @Test
    void theAsyncClientWithTheSdksNettyTalksToTheServerBesideItsOwnNetty() throws Exception {
        kvsEdge.kinesisVideo().createStream(r -> r.streamName("through-netty"));

        assertThat(kvsEdge.kvsEdge().kinesisVideoAsync().listStreams(r -> r.maxResults(100)).get().streamInfoList())
                .extracting(StreamInfo::streamName).contains("through-netty");
    }

    @Test
    void secretsGoThroughTheSecretsManagerClient() {
        String arn = kvsEdge.secretsManager()
                .createSecret(r -> r.name("camera-uri").secretString("{\"MediaURI\":\"rtsp://c/1\"}")).arn();

        assertThat(kvsEdge.secretsManager().getSecretValue(r -> r.secretId(arn)).secretString()).contains("rtsp://c/1");
    }

    @Test
    void theServerIsAParameterAndTheSameForEveryTestOfTheClass(KvsEdge injected, KvsEdgeExtension extension) {
        assertThat(injected).isSameAs(kvsEdge.kvsEdge());
        assertThat(extension).isSameAs(kvsEdge);
        assertThat(injected.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(injected.endpoint().getPort()).isPositive();
    }

    @Test
    void theServersLibrariesAreNotOnTheTestsClassPath() {
        ClassLoader tests = getClass().getClassLoader();
        for (String name : new String[] {"dev.kvsedge.server.KvsEdgeServer", "io.vertx.core.Vertx", "org.sqlite.JDBC",
                "com.fasterxml.jackson.databind.ObjectMapper", "io.netty.channel.MultiThreadIoEventLoopGroup"}) {
            assertThatThrownBy(() -> Class.forName(name, false, tests)).as(name)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Nested
    class ANestedClass {
        @Test
        void sharesTheServerOfItsOuterClass(KvsEdge injected) {
            assertThat(injected).isSameAs(startedForTheClass);
            kvsEdge.kinesisVideo().createStream(r -> r.streamName("from-a-nested-class"));
        }
    }
}
