package dev.kvsedge.server.edge;

import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.server.streams.StreamKey;
import java.time.Instant;

/**
 * A stream's edge configuration as stored: the desired {@link EdgeConfig} (defaults applied), where it
 * is in the sync state machine, the deadline of that state, and the agent's last job reports.
 *
 * @param deadline when the current state times out, or null
 * @param delivered whether an agent ever received any version of this configuration
 * @param recorder null until the agent reports
 * @param uploader null until the agent reports
 */
public record EdgeConfiguration(
        StreamKey stream,
        String streamArn,
        String hubDeviceArn,
        EdgeConfig config,
        SyncStatus status,
        String failedStatusDetails,
        Instant creationTime,
        Instant lastUpdatedTime,
        Instant deadline,
        boolean delivered,
        AgentJobReport recorder,
        AgentJobReport uploader) {

    public EdgeConfiguration withState(SyncStatus newStatus, String details, Instant updated, Instant newDeadline) {
        return new EdgeConfiguration(stream, streamArn, hubDeviceArn, config, newStatus, details, creationTime, updated,
                newDeadline, delivered, recorder, uploader);
    }

    public EdgeConfiguration withConfig(EdgeConfig newConfig) {
        return new EdgeConfiguration(stream, streamArn, hubDeviceArn, newConfig, status, failedStatusDetails,
                creationTime,
                lastUpdatedTime, deadline, delivered, recorder, uploader);
    }

    public EdgeConfiguration markDelivered() {
        return new EdgeConfiguration(stream, streamArn, hubDeviceArn, config, status, failedStatusDetails, creationTime,
                lastUpdatedTime, deadline, true, recorder, uploader);
    }

    public EdgeConfiguration withReports(AgentJobReport newRecorder, AgentJobReport newUploader) {
        return new EdgeConfiguration(stream, streamArn, hubDeviceArn, config, status, failedStatusDetails, creationTime,
                lastUpdatedTime, deadline, delivered, newRecorder, newUploader);
    }
}
