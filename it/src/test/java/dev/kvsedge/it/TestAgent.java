package dev.kvsedge.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Speaks the agent side of the sync protocol with real, signed requests, as a hub device's agent would. */
final class TestAgent {
    final String hubArn;
    final String accessKeyId;
    final String secret;
    final SignedHttp http;

    private TestAgent(String hubArn, String accessKeyId, String secret, SignedHttp http) {
        this.hubArn = hubArn;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.http = http;
    }

    /** Mints credentials for the hub with the admin call, as `kvs-edge agent-credentials create` does. */
    static TestAgent mint(TestServer server, String hubArn) throws IOException, InterruptedException {
        return mint(server.endpoint(), hubArn);
    }

    /** The same, through any endpoint (a load balancer in front of several servers). */
    static TestAgent mint(java.net.URI endpoint, String hubArn) throws IOException, InterruptedException {
        JsonNode created = new SignedHttp(endpoint).call("/admin/createAgentCredentials",
                "{\"HubDeviceArn\":\"" + hubArn + "\"}");
        String id = created.path("AccessKeyId").asText();
        String secret = created.path("SecretAccessKey").asText();
        return new TestAgent(hubArn, id, secret, new SignedHttp(endpoint, id, secret));
    }

    /** The same agent talking to another (restarted) server. */
    TestAgent on(TestServer server) {
        return new TestAgent(hubArn, accessKeyId, secret, server.http(accessKeyId, secret));
    }

    long waitForChanges(long since, int waitSeconds) throws IOException, InterruptedException {
        return waitForChanges(hubArn, since, waitSeconds);
    }

    long waitForChanges(String hub, long since, int waitSeconds) throws IOException, InterruptedException {
        return http.call("/edgeAgent/waitForChanges", "{\"HubDeviceArn\":\"" + hub + "\",\"Since\":" + since
                + ",\"WaitSeconds\":" + waitSeconds + "}").path("Sequence").asLong();
    }

    void acknowledge(String streamArn, String edgeConfigJson, String status, String details)
            throws IOException, InterruptedException {
        http.call("/edgeAgent/acknowledgeEdgeConfiguration",
                "{\"StreamARN\":\"" + streamArn + "\",\"EdgeConfig\":" + edgeConfigJson
                        + ",\"Status\":\"" + status + "\""
                        + (details == null ? "" : ",\"FailedStatusDetails\":\"" + details + "\"") + "}");
    }

    void confirmDeletion(String streamArn, String status, String details) throws IOException, InterruptedException {
        http.call("/edgeAgent/confirmEdgeConfigurationDeletion",
                "{\"StreamARN\":\"" + streamArn + "\",\"Status\":\"" + status + "\""
                        + (details == null ? "" : ",\"FailedStatusDetails\":\"" + details + "\"") + "}");
    }

    void report(String streamArn, String recorderJson, String uploaderJson) throws IOException, InterruptedException {
        http.call("/edgeAgent/reportEdgeAgentStatus", "{\"StreamARN\":\"" + streamArn + "\""
                + (recorderJson == null ? "" : ",\"RecorderStatus\":" + recorderJson)
                + (uploaderJson == null ? "" : ",\"UploaderStatus\":" + uploaderJson) + "}");
    }
}
