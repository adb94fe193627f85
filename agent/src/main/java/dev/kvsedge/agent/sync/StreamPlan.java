package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.config.HeldConfig;
import dev.kvsedge.agent.config.Schedule;
import dev.kvsedge.agent.config.StreamDirectories;
import dev.kvsedge.agent.janitor.DeletionRules;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What one stream's jobs run with, derived from an applied configuration: when to record, when to upload, what
 * to delete, and where the media goes. Making one checks the configuration: a bad schedule fails here, before
 * anything runs.
 */
public record StreamPlan(String streamArn, EdgeConfig edgeConfig, URI mediaUri, String mediaUriType, Schedule recorder,
        Schedule uploader, DeletionRules deletion, Path directory) {

    /** AWS's default when a configuration has no UploaderConfig: at minute 0 of every hour, for an hour. */
    public static final ScheduleConfig HOURLY_UPLOAD = new ScheduleConfig("0 0 * * * ?", 3600);

    /** @throws IllegalArgumentException for a configuration that cannot run (a user error) */
    public static StreamPlan of(HeldConfig held, ZoneId zone, StreamDirectories directories) {
        EdgeConfig config = held.edgeConfig();
        if (config == null || config.recorderConfig() == null || config.recorderConfig().mediaSourceConfig() == null) {
            throw new IllegalArgumentException("The configuration has no RecorderConfig.MediaSourceConfig.");
        }
        if (held.mediaUri() == null) {
            throw new IllegalArgumentException("The camera URI is unknown.");
        }
        ScheduleConfig upload = config.uploaderConfig() != null && config.uploaderConfig().scheduleConfig() != null
                ? config.uploaderConfig().scheduleConfig()
                : HOURLY_UPLOAD;
        return new StreamPlan(held.streamArn(), config, URI.create(held.mediaUri()),
                config.recorderConfig().mediaSourceConfig().mediaUriType(),
                Schedule.of(config.recorderConfig().scheduleConfig(), zone), Schedule.of(upload, zone),
                DeletionRules.of(config.deletionConfig()), directories.of(held.streamArn()));
    }

    /** Whether running jobs for {@code other} could go on unchanged with this plan. */
    boolean sameAs(StreamPlan other) {
        return other != null && streamArn.equals(other.streamArn) && Objects.equals(edgeConfig, other.edgeConfig)
                && Objects.equals(mediaUri, other.mediaUri) && recorder.toString().equals(other.recorder.toString())
                && uploader.toString().equals(other.uploader.toString());
    }

    /** Leaves the media URI out: it may hold the camera's password. */
    @Override
    public String toString() {
        return "StreamPlan[streamArn=" + streamArn + ", recorder=" + recorder + ", uploader=" + uploader + ", deletion="
                + deletion + ", directory=" + directory + "]";
    }
}
