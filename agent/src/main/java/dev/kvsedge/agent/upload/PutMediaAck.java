package dev.kvsedge.agent.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * One PutMedia acknowledgement line: {@code {"EventType":"PERSISTED","FragmentTimecode":N,"FragmentNumber":"..."}}.
 *
 * @param fragmentTimecode the fragment's cluster timecode as sent, or -1 (IDLE)
 * @param errorId Kinesis Video's ErrorId for ERROR, else 0
 */
public record PutMediaAck(String eventType, long fragmentTimecode, String fragmentNumber, int errorId) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * ErrorIds that end the upload (stream read error, invalid MKV, stream not active, too many tracks, internal
     * error): the rest reject one fragment and the upload goes on.
     */
    private static final Set<Integer> ENDS_UPLOAD = Set.of(4000, 4006, 4008, 4012, 5000);
    /** Fragment rejections that sending the same bytes again cannot cure (5001, an archival error, can be retried). */
    private static final Set<Integer> PERMANENT_REJECTIONS = Set.of(4001, 4002, 4004, 4007, 4010);

    public static PutMediaAck parse(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        return new PutMediaAck(node.path("EventType").asText(""), node.path("FragmentTimecode").asLong(-1),
                node.path("FragmentNumber").isMissingNode() ? null : node.path("FragmentNumber").asText(),
                node.path("ErrorId").asInt(0));
    }

    public boolean persisted() {
        return eventType.equals("PERSISTED");
    }

    public boolean error() {
        return eventType.equals("ERROR");
    }

    /** An ERROR after which the server reads no more of this upload. */
    public boolean endsUpload() {
        return error() && ENDS_UPLOAD.contains(errorId);
    }

    /** An ERROR about this fragment's content: the server will refuse it however often it is sent. */
    public boolean permanentRejection() {
        return error() && PERMANENT_REJECTIONS.contains(errorId);
    }
}
