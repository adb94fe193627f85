package dev.kvsedge.server.edge;

import java.time.Instant;

/**
 * The last status an agent reported for one job (recorder or uploader) of a stream.
 *
 * @param status SUCCESS, USER_ERROR or SYSTEM_ERROR
 * @param lastCollectedTime when the job last stored (recorder) or delivered (uploader) media; may be null
 * @param lastUpdatedTime when the server received the report
 */
public record AgentJobReport(String status, String details, Instant lastCollectedTime, Instant lastUpdatedTime) {}
