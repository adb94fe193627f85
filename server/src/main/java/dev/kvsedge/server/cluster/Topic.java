package dev.kvsedge.server.cluster;

/** What a {@link Notices notice} is about; its key names which one. */
public enum Topic {
    /** A hub device's configurations changed in a way its agent must see: key, the hub device ARN. */
    HUB,
    /** A stream indexed new fragments: key, the stream ARN. */
    FRAGMENTS,
    /** An agent key pair was made or revoked: key, its access key id. */
    AGENT_KEY,
    /** An upload took a stream: key, the stream ARN, a space, and the upload's fencing token. */
    UPLOAD,
    /** A stream's row or tags changed, or it was deleted: key, its account id, region and name, space-separated. */
    STREAM
}
