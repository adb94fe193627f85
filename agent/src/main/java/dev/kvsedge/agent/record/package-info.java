/**
 * The recorder: copies a camera's (or a file's) H.264 and its AAC audio into local MKV segments and indexes them.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * SegmentIndex index = JdbcSegmentIndex.open(dataDir);                 // once per agent
 * SegmentFiles.deletePartFiles(dataDir.resolve("media"));              // once at startup, before any recording
 * MediaSource source = MediaSource.of("RTSP_URI", uriFromTheSecret);   // or FILE_URI; InvalidSourceException if bad
 * RecordingConfig config = RecordingConfig.of(streamArn, source, streamDir).withRoom(room); // the stream's MediaRoom
 * Recording recording = Recording.start(config, index, listener);      // records on its own thread
 * recording.status();    // RecorderStatus for ReportEdgeAgentStatus
 * recording.metrics();   // reconnects, segments, bytes, frames
 * recording.close();     // completes the current segment, then returns
 * }</pre>
 * One recording per stream folder at a time: a recording cleans its folder of part files when it starts.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>In-process demuxing.</b> FFmpeg's libraries (bytedeco) open the source and hand over packets; nothing is
 *     decoded or encoded. One thread per recording (FFmpeg's reads block); no process per camera.</li>
 * <li><b>Our own Matroska writer</b> ({@link dev.kvsedge.agent.record.SegmentWriter}, built on the media module's
 *     {@code MkvWriter}) rather than FFmpeg's muxer: cluster and segment cuts are exactly ours (a cluster per GOP,
 *     cut early only to keep the server's 10 s fragment limit; a segment per target duration, at key frames), a
 *     cluster streams to disk with its size filled in afterwards (no cluster held in memory, unlike FFmpeg's
 *     muxer), there are no Cues or SeekHead to write back, and the output is the same shape as what PutMedia
 *     carries. Annex B packets (RTSP) become AVCC, and the avcC CodecPrivate is built from the SDP's or in-band
 *     SPS/PPS.</li>
 * <li><b>Timestamps.</b> TimecodeScale is 1 ms and cluster timecodes are <em>absolute</em>: epoch milliseconds of
 *     the wall-clock recording time. A segment can be uploaded as is with PutMedia's
 *     {@code x-amzn-fragment-timecode-type: ABSOLUTE}. {@code Segment.start} is the first cluster's timecode and
 *     {@code Segment.end} the end of the last frame. Media time is anchored to the wall clock at a connection's
 *     first frame, runs on the monotonic ticker, and is re-anchored when the camera's clock parts from it by more
 *     than 2 s. A wall clock step forward shows as a gap; after a step back times go on where they were (ahead of
 *     the clock) until a pause in recording lets them meet it again, so they never go back and keep the camera's
 *     spacing (see {@link dev.kvsedge.agent.record.MediaClock}).</li>
 * <li><b>Durability.</b> A segment is written as {@code START_MS.mkv.part}, fsynced, renamed to
 *     {@code START_MS.mkv}, the folder fsynced, then indexed. A crash loses at most the segment being written (its
 *     part file is deleted at the next start); a complete but unindexed file is indexed at the next start.</li>
 * <li><b>Files</b> are paced in real time like a camera (on the injected ticker, so tests record minutes in
 *     milliseconds) and loop by default (a short file serves as an endless
 *     camera in demos and benchmarks), keeping one continuous time line; without looping the recording ends with
 *     a SUCCESS status saying the file ended.</li>
 * <li><b>Room</b> is asked of the stream's {@link dev.kvsedge.agent.record.MediaRoom} frame by frame, so the local media
 *     never passes its cap by more than the segment being written; a full disk deletes the oldest media or pauses,
 *     keeping every whole cluster and the camera's connection ({@link dev.kvsedge.agent.record.DiskFull}).</li>
 * <li><b>Failures</b> are retried with a doubling wait (1 s to 30 s by default, on the ticker), counted as reconnects, and set the
 *     status: USER_ERROR for the source's faults, SYSTEM_ERROR for this device's. No URI credentials reach a
 *     status, an exception or a log line (FFmpeg's own log included).</li>
 * </ul>
 */
package dev.kvsedge.agent.record;
