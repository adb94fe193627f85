package dev.kvsedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance field: a new server for each test. */
class PerTestServerTest {
    private static final Set<URI> ENDPOINTS = new HashSet<>();

    @RegisterExtension
    KvsEdgeExtension kvsEdge = new KvsEdgeExtension();

    @RepeatedTest(3)
    void eachTestHasItsOwnEmptyServer() {
        assertThat(kvsEdge.kinesisVideo().listStreams(r -> {}).streamInfoList()).isEmpty();
        kvsEdge.kinesisVideo().createStream(r -> r.streamName("same-name-every-time"));
        synchronized (ENDPOINTS) {
            ENDPOINTS.add(kvsEdge.endpoint());
        }
    }

    @AfterAll
    static void everyTestHadAnotherServer() {
        assertThat(ENDPOINTS).hasSize(3);
    }
}
