package dev.kvsedge.server.ingest;

/**
 * The PutMedia ERROR acknowledgement codes (Kinesis Video's ErrorId values). A fragment error drops that
 * fragment and the upload goes on; a stream error ends the upload.
 */
enum IngestError {
    STREAM_READ_ERROR(4000, true),
    MAX_FRAGMENT_SIZE_REACHED(4001, false),
    MAX_FRAGMENT_DURATION_REACHED(4002, false),
    FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS(4004, false),
    INVALID_MKV_DATA(4006, true),
    INVALID_PRODUCER_TIMESTAMP(4007, false),
    STREAM_NOT_ACTIVE(4008, true),
    TRACK_NUMBER_MISMATCH(4010, false),
    MORE_THAN_ALLOWED_TRACKS_FOUND(4012, true),
    INTERNAL_ERROR(5000, true),
    ARCHIVAL_ERROR(5001, false);

    private final int id;
    private final boolean endsUpload;

    IngestError(int id, boolean endsUpload) {
        this.id = id;
        this.endsUpload = endsUpload;
    }

    int id() {
        return id;
    }

    boolean endsUpload() {
        return endsUpload;
    }
}
