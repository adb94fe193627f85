package dev.kvsedge.agent.record;

/**
 * Counters of one recording since it started, for metrics.
 *
 * @param reconnects times the source was opened again after failing or ending (file loops not counted)
 * @param segments segments completed and indexed
 * @param bytes bytes of those segments
 * @param frames video frames written (into complete or current segments)
 * @param framesSkipped frames read but not written: before the first key frame of a connection, or while the
 *     caller did not allow new segments
 */
public record RecorderMetrics(long reconnects, long segments, long bytes, long frames, long framesSkipped) {}
