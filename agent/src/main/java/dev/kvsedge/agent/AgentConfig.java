package dev.kvsedge.agent;

import dev.kvsedge.model.Arns;
import dev.kvsedge.model.StartupException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How an edge agent runs: which server, as which hub device and key pair, where its data lives, and its timings.
 *
 * @param region the region of the control-plane calls (stream ARNs and secret ARNs carry their own)
 * @param zone the device's time zone, in which Quartz schedules are read
 * @param statusPort the port of /health and /metrics: null for none, 0 for any free port
 * @param tick how often jobs are converged on the schedules (recorder on/off, uploads, janitor)
 * @param pollWait how long one WaitForEdgeAgentChanges long-poll may wait (at most 60 s)
 * @param reportEvery how often unchanged statuses are reported again (changes are reported at the next tick)
 * @param janitorEvery how often the janitor sweeps each stream
 */
public record AgentConfig(URI server, String hubDeviceArn, Path dataDir, String region, String accessKeyId,
        String secretAccessKey, ZoneId zone, Integer statusPort, Duration tick, Duration pollWait,
        Duration reportEvery, Duration janitorEvery) {

    public static final String DEFAULT_REGION = "us-east-1";

    public AgentConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(hubDeviceArn, "hubDeviceArn");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(pollWait, "pollWait");
        Objects.requireNonNull(reportEvery, "reportEvery");
        Objects.requireNonNull(janitorEvery, "janitorEvery");
        if (!("http".equals(server.getScheme()) || "https".equals(server.getScheme())) || server.getHost() == null) {
            throw StartupException.configuration("--server", server.toString(),
                    "not an http:// or https:// URL with a host");
        }
        // Refused at start: configurations are only ever given for a thing ARN, so the agent would wait for nothing.
        if (!Arns.isHubDeviceArn(hubDeviceArn)) {
            throw StartupException.configuration("--hub-device-arn", hubDeviceArn,
                    "not an IoT thing ARN like arn:aws:iot:us-east-1:123456789012:thing/NAME");
        }
        if (statusPort != null && (statusPort < 0 || statusPort > 65535)) {
            throw StartupException.configuration("--status-port", statusPort.toString(),
                    "not a port: use 1 to 65535 (or 0 to pick a free one)");
        }
    }

    /** An agent with the default timings, the system's time zone and no status endpoint. */
    public static AgentConfig of(URI server, String hubDeviceArn, Path dataDir, String region, String accessKeyId,
            String secretAccessKey) {
        return new AgentConfig(server, hubDeviceArn, dataDir, region, accessKeyId, secretAccessKey,
                ZoneId.systemDefault(),
                null, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    public AgentConfig withZone(ZoneId value) {
        return new AgentConfig(server, hubDeviceArn, dataDir, region, accessKeyId, secretAccessKey, value, statusPort,
                tick,
                pollWait, reportEvery, janitorEvery);
    }

    public AgentConfig withStatusPort(Integer value) {
        return new AgentConfig(server, hubDeviceArn, dataDir, region, accessKeyId, secretAccessKey, zone, value, tick,
                pollWait, reportEvery, janitorEvery);
    }

    public AgentConfig withTimings(Duration tickEvery, Duration longPoll, Duration reportAgain, Duration sweepEvery) {
        return new AgentConfig(server, hubDeviceArn, dataDir, region, accessKeyId, secretAccessKey, zone, statusPort,
                tickEvery, longPoll, reportAgain, sweepEvery);
    }

    /** Leaves the secret key out: configurations end up in logs. */
    @Override
    public String toString() {
        return "AgentConfig[server=" + server + ", hubDeviceArn=" + hubDeviceArn + ", dataDir=" + dataDir + ", region="
                + region
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****, zone=" + zone + ", statusPort=" + statusPort
                + "]";
    }
}
