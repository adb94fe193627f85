package dev.kvsedge.server.ingest;

import java.nio.charset.StandardCharsets;

/**
 * One PutMedia acknowledgement, written as a JSON line the way the producer SDKs parse it: exactly these
 * keys, each at most once, the fragment number as a decimal string, ErrorId (the C producers read it) and
 * ErrorCode (the SDK for Java reads it) only, and always, on ERROR.
 */
record Ack(String eventType, long fragmentTimecode, Long fragmentNumber, IngestError error) {

    static Ack buffering(long timecode) {
        return new Ack("BUFFERING", timecode, null, null);
    }

    /** Without a number: a fragment is numbered when its index row commits, after it is received. */
    static Ack received(long timecode) {
        return new Ack("RECEIVED", timecode, null, null);
    }

    static Ack persisted(long timecode, long number) {
        return new Ack("PERSISTED", timecode, number, null);
    }

    static Ack error(long timecode, IngestError error) {
        return new Ack("ERROR", timecode, null, error);
    }

    static Ack idle() {
        return new Ack("IDLE", -1, null, null);
    }

    byte[] line() {
        StringBuilder json = new StringBuilder(112).append("{\"EventType\":\"").append(eventType).append('"');
        if (fragmentTimecode >= 0) {
            json.append(",\"FragmentTimecode\":").append(fragmentTimecode);
        }
        if (fragmentNumber != null) {
            json.append(",\"FragmentNumber\":\"").append(fragmentNumber).append('"');
        }
        if (error != null) {
            json.append(",\"ErrorId\":").append(error.id()).append(",\"ErrorCode\":\"").append(error.name())
                    .append('"');
        }
        return json.append("}\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
