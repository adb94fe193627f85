package dev.kvsedge.agent.upload;

/** How one attempt to upload one segment ended. */
public sealed interface UploadOutcome {

    /** Every cluster is PERSISTED on the server (some maybe by an earlier attempt): the segment is uploaded. */
    record Complete(int sent, int skipped) implements UploadOutcome {}

    /**
     * The server will never take part of this segment (a fragment too long or too large, an unreadable file): it is
     * given up, as retrying would block every later segment for nothing.
     *
     * @param userError the media (the camera's settings) is at fault rather than the agent
     */
    record GivenUp(String details, boolean userError, int sent) implements UploadOutcome {}

    /** The attempt stopped before the end (lost connection, stop, server error): a later attempt resumes it. */
    record Interrupted(String details, boolean userError) implements UploadOutcome {}

    /**
     * The server refused the PutMedia request itself (no such stream, credentials refused, throttled): nothing more
     * of the segment was taken; a later attempt resumes it, once the cause is gone.
     */
    record Refused(PutMediaRefusedException refusal) implements UploadOutcome {}
}
