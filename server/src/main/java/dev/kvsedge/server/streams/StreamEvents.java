package dev.kvsedge.server.streams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The activity log of streams: one INFO line per change, worded alike for every change. */
final class StreamEvents {
    private static final Logger LOG = LoggerFactory.getLogger(StreamEvents.class);

    private StreamEvents() {}

    static void created(Stream stream) {
        LOG.atInfo().setMessage("stream created").addKeyValue("stream", stream.key().name())
                .addKeyValue("arn", stream.arn())
                .addKeyValue("retentionHours", stream.dataRetentionInHours()).log();
    }

    /** @param change what changed: metadata (device name, media type), retention or tags */
    static void updated(Stream after, String change) {
        LOG.atInfo().setMessage("stream updated").addKeyValue("stream", after.key().name())
                .addKeyValue("arn", after.arn())
                .addKeyValue("change", change).addKeyValue("version", after.version())
                .addKeyValue("retentionHours", after.dataRetentionInHours()).log();
    }

    static void deleted(Stream stream) {
        LOG.atInfo().setMessage("stream deleted").addKeyValue("stream", stream.key().name())
                .addKeyValue("arn", stream.arn())
                .log();
    }
}
