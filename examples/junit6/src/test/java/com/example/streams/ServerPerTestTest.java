package com.example.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvsedge.testkit.KvsEdgeExtension;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance field: every test gets a server of its own. */
class ServerPerTestTest {
    @RegisterExtension
    KvsEdgeExtension kvsEdge = new KvsEdgeExtension();

    @RepeatedTest(2)
    void everyTestStartsEmpty() {
        assertEquals(0, kvsEdge.kinesisVideo().listStreams(r -> { }).streamInfoList().size());
        kvsEdge.kinesisVideo().createStream(r -> r.streamName("mine"));
    }
}
