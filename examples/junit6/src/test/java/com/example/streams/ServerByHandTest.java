package com.example.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvsedge.testkit.KvsEdge;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** KvsEdge.start() without the extension, as in TestNG, Spock or a main; with options of the server. */
class ServerByHandTest {

    @Test
    void aServerWithOptionsAndAReset() {
        try (KvsEdge kvsEdge = KvsEdge.builder().accountId("111122223333").region("eu-central-1")
                .syncTimeout(Duration.ofMinutes(1)).start()) {
            String arn = kvsEdge.kinesisVideo().createStream(r -> r.streamName("by-hand")).streamARN();
            assertTrue(arn.startsWith("arn:aws:kinesisvideo:eu-central-1:111122223333:stream/by-hand/"), arn);

            kvsEdge.reset();

            assertEquals(0, kvsEdge.kinesisVideo().listStreams(r -> { }).streamInfoList().size());
        }
    }
}
