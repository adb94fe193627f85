package dev.kvsedge.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kvsedge.model.sigv4.SigV4Signer;
import dev.kvsedge.server.KvsEdgeServer;
import dev.kvsedge.server.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A kvs-edge server in this JVM with an admin client for what a user does around the agent: create streams and
 * secrets, start and delete edge configurations, mint agent keys, list fragments. Speaks the wire protocol through
 * the agent's own {@link SignedJsonClient}, signed with the server's test key pair.
 */
public final class TestKvs implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KvsEdgeServer server;
    private final SignedJsonClient admin;

    private TestKvs(KvsEdgeServer server) {
        this.server = server;
        this.admin = new SignedJsonClient(URI.create(server.url()),
                new SigV4Signer(KvsEdgeServer.TEST_ACCESS_KEY_ID, KvsEdgeServer.TEST_SECRET_ACCESS_KEY,
                        Clock.systemUTC()));
    }

    /** A server on {@code port} (0: any free one) keeping its state in {@code dataDir}: the same dir again is a restart. */
    public static TestKvs start(Path dataDir, int port) {
        try {
            return new TestKvs(KvsEdgeServer.start(ServerConfig.defaults().withPort(port).withDataDir(dataDir),
                    Clock.systemUTC()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public URI endpoint() {
        return URI.create(server.url());
    }

    public static String hub(String name) {
        return "arn:aws:iot:" + REGION + ":" + ACCOUNT + ":thing/" + name;
    }

    /** A kinesisvideo call as the admin; a JSON text in, the parsed answer out. */
    public JsonNode call(String path, String json) throws Exception {
        return admin.call(path, null, REGION, "kinesisvideo", JSON.readTree(json), TIMEOUT);
    }

    /** Creates a stream that keeps media for a day and returns its ARN. */
    public String createStream(String name) throws Exception {
        return call("/createStream", "{\"StreamName\":\"" + name + "\",\"DataRetentionInHours\":24}").path("StreamARN")
                .asText();
    }

    /** Creates a Secrets Manager secret and returns its ARN. */
    public String createSecret(String name, String secretString) throws Exception {
        ObjectNode input = JSON.createObjectNode().put("Name", name).put("SecretString", secretString);
        return admin.call("/", "secretsmanager.CreateSecret", REGION, "secretsmanager", input, TIMEOUT).path("ARN")
                .asText();
    }

    /** Stores a new version of a secret (a rotation). */
    public void putSecretValue(String secretId, String secretString) throws Exception {
        ObjectNode input = JSON.createObjectNode().put("SecretId", secretId).put("SecretString", secretString);
        admin.call("/", "secretsmanager.PutSecretValue", REGION, "secretsmanager", input, TIMEOUT);
    }

    public void startEdgeConfiguration(String streamName, String edgeConfigJson) throws Exception {
        call("/startEdgeConfigurationUpdate",
                "{\"StreamName\":\"" + streamName + "\",\"EdgeConfig\":" + edgeConfigJson + "}");
    }

    public JsonNode describeEdgeConfiguration(String streamName) throws Exception {
        return call("/describeEdgeConfiguration", "{\"StreamName\":\"" + streamName + "\"}");
    }

    public void deleteEdgeConfiguration(String streamName) throws Exception {
        call("/deleteEdgeConfiguration", "{\"StreamName\":\"" + streamName + "\"}");
    }

    /** Mints a key pair bound to the hub device: {AccessKeyId, SecretAccessKey}. */
    public String[] agentCredentials(String hubArn) throws Exception {
        JsonNode created = call("/admin/createAgentCredentials", "{\"HubDeviceArn\":\"" + hubArn + "\"}");
        return new String[] {created.path("AccessKeyId").asText(), created.path("SecretAccessKey").asText()};
    }

    /** GetClip of the stream between two producer times: the MP4 bytes the server remuxes its fragments into. */
    public byte[] getClip(String streamName, java.time.Instant from, java.time.Instant to) throws Exception {
        ObjectNode range = JSON.createObjectNode().put("StartTimestamp", from.toEpochMilli() / 1000.0)
                .put("EndTimestamp", to.toEpochMilli() / 1000.0);
        ObjectNode input = JSON.createObjectNode().put("StreamName", streamName);
        input.putObject("ClipFragmentSelector").put("FragmentSelectorType", "PRODUCER_TIMESTAMP").set("TimestampRange",
                range);
        byte[] body = JSON.writeValueAsBytes(input);
        URI uri = endpoint().resolve("/getClip");
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(
                java.util.Map.of("content-type", "application/json"));
        SigV4Signer signer = new SigV4Signer(KvsEdgeServer.TEST_ACCESS_KEY_ID, KvsEdgeServer.TEST_SECRET_ACCESS_KEY,
                Clock.systemUTC());
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        headers.putAll(signer.sign("POST", uri, REGION, "kinesisvideo", headers, body));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
            }
        });
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GetClip answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** Revokes an agent's key pair. */
    public void revokeAgentCredentials(String accessKeyId) throws Exception {
        call("/admin/deleteAgentCredentials", "{\"AccessKeyId\":\"" + accessKeyId + "\"}");
    }

    /** Every fragment of the stream (ListFragments, all pages), in the server's order. */
    public List<JsonNode> listFragments(String streamName) throws Exception {
        List<JsonNode> fragments = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = call("/listFragments", "{\"StreamName\":\"" + streamName + "\",\"MaxResults\":1000"
                    + (token == null ? "" : ",\"NextToken\":\"" + token + "\"") + "}");
            page.path("Fragments").forEach(fragments::add);
            token = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
        } while (token != null);
        return fragments;
    }

    @Override
    public void close() {
        server.close();
    }
}
