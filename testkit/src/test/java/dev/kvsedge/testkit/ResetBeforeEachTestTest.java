package dev.kvsedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One server for the class, emptied before each test: the same names can be created again, on the same endpoint. */
class ResetBeforeEachTestTest {
    private static final Set<URI> ENDPOINTS = new HashSet<>();

    @RegisterExtension
    static KvsEdgeExtension kvsEdge = new KvsEdgeExtension().resetBeforeEachTest();

    @RepeatedTest(3)
    void everyTestStartsFromAnEmptyServer() {
        assertThat(kvsEdge.kinesisVideo().listStreams(r -> {}).streamInfoList()).isEmpty();
        assertThat(kvsEdge.secretsManager().listSecrets(r -> {}).secretList()).isEmpty();

        kvsEdge.kinesisVideo().createStream(r -> r.streamName("created-by-each-test"));
        kvsEdge.secretsManager().createSecret(r -> r.name("created-by-each-test").secretString("{}"));
        ENDPOINTS.add(kvsEdge.endpoint());
    }

    @AfterAll
    static void theServerWasTheSameThroughout() {
        assertThat(ENDPOINTS).hasSize(1);
    }
}
