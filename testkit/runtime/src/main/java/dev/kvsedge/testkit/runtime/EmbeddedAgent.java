package dev.kvsedge.testkit.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.agent.AgentConfig;
import dev.kvsedge.agent.EdgeAgent;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.sync.FfmpegRecorderLauncher;
import dev.kvsedge.agent.sync.SignedJsonClient;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * An edge agent in the test's JVM, as {@code kvs-edge up} runs one: a key pair minted for its hub device with the
 * admin API, its segment index, and FFmpeg recorders; recording segments as long as the test asks for.
 */
final class EmbeddedAgent implements AutoCloseable {
    private final EdgeAgent agent;
    private final JdbcSegmentIndex index;

    private EmbeddedAgent(EdgeAgent agent, JdbcSegmentIndex index) {
        this.agent = agent;
        this.index = index;
    }

    static EmbeddedAgent start(EmbeddedKvsEdge server, String hubDeviceArn, Path dataDir, Duration segmentDuration)
            throws Exception {
        KvsEdgeOptions o = server.options();
        URI endpoint = URI.create(server.url());
        SignedJsonClient admin = new SignedJsonClient(endpoint,
                new SigV4Signer(o.string("accessKeyId"), o.string("secretAccessKey"), Clock.systemUTC()));
        JsonNode keys = admin.call("/admin/createAgentCredentials", null, o.string("region"), "kinesisvideo",
                Map.of("HubDeviceArn", hubDeviceArn), Duration.ofSeconds(10));
        AgentConfig config = AgentConfig.of(endpoint, hubDeviceArn, dataDir, o.string("region"),
                keys.path("AccessKeyId").asText(), keys.path("SecretAccessKey").asText());
        JdbcSegmentIndex index = JdbcSegmentIndex.open(dataDir);
        try {
            EdgeAgent agent = EdgeAgent.builder(config).segmentIndex(index)
                    .recorders(new FfmpegRecorderLauncher(index, Clock.systemUTC(),
                            r -> r.withSegmentDuration(segmentDuration)))
                    .start();
            return new EmbeddedAgent(agent, index);
        } catch (Exception | Error e) {
            index.close();
            throw e;
        }
    }

    @Override
    public void close() {
        agent.close(); // recorders complete their segment first
        index.close();
    }
}
