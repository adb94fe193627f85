package com.example.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvsedge.testkit.KvsEdge;
import dev.kvsedge.testkit.KvsEdgeExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Declarative: one server for the class with the defaults, handed to lifecycle methods and tests. */
@ExtendWith(KvsEdgeExtension.class)
class ServerAsParameterTest {

    @BeforeAll
    static void createTheStream(KvsEdge kvsEdge) {
        kvsEdge.kinesisVideo().createStream(r -> r.streamName("shared").dataRetentionInHours(2));
    }

    @Test
    void theStreamOfBeforeAllIsThere(KvsEdge kvsEdge) {
        assertEquals(2, kvsEdge.kinesisVideo().describeStream(r -> r.streamName("shared")).streamInfo().dataRetentionInHours());
    }

    @Test
    void tagsGoOnIt(KvsEdge kvsEdge) {
        kvsEdge.kinesisVideo().tagStream(r -> r.streamName("shared").tags(java.util.Map.of("site", "warehouse")));
        assertEquals("warehouse", kvsEdge.kinesisVideo().listTagsForStream(r -> r.streamName("shared")).tags().get("site"));
    }
}
