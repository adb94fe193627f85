/**
 * The uploader: complete segments to the stream with PutMedia, keeping their recording times.
 *
 * <p><b>One connection per segment.</b> {@link dev.kvsedge.agent.upload.StreamUploader} takes a stream's pending
 * segments oldest first and sends each with its own PutMedia request ({@code SegmentUpload}): the MKV header, then
 * every cluster (one fragment each) byte for byte, while a reader thread takes the acknowledgements. Cluster
 * timecodes that are epoch milliseconds (what the recorder writes) go ABSOLUTE; timecodes counting from zero go
 * RELATIVE to a producer start that puts the first cluster at the segment's start. A segment is marked uploaded in
 * the index only once every cluster sent is PERSISTED.
 *
 * <p><b>Resuming without duplicates.</b> After each PERSISTED, the timecode up to which every sent cluster is done
 * is written to {@link dev.kvsedge.agent.upload.UploadProgress} ({@code upload-progress.json}, atomically). A later
 * attempt (after a lost connection, a stop, a crash or a restart) skips the clusters up to it, and sends the rest
 * with the same timecode mapping, so they land exactly where the first attempt would have put them. The one window
 * left: a fragment the server persisted whose PERSISTED the agent had not recorded yet when it died is sent again.
 *
 * <p><b>Giving up.</b> Fragments the server refuses for their content (too long, too large, timecodes going back)
 * and unreadable files would fail forever and block every later segment: such a segment is marked uploaded and the
 * uploader status says why. Refusals of the request itself (no such stream, no data retention, access denied) and
 * network failures leave the segment pending and are retried with backoff.
 *
 * <p><b>With the janitor.</b> Both claim a segment in {@link dev.kvsedge.agent.upload.SegmentClaims} before touching
 * it, so a segment being uploaded is never deleted and a segment being deleted is never opened.
 */
package dev.kvsedge.agent.upload;
