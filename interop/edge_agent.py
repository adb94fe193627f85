"""The agent side of edge configurations, driven the way an edge agent on a hub device drives it:
with a key pair an admin minted for the hub, boto3 for ListEdgeAgentConfigurations, and raw signed
requests for kvs-edge's agent extension operations (docs/agent-protocol.md), which no AWS client has.
"""
import signed_http
from support import make_client

ADMIN_CREATE_CREDENTIALS = "/admin/createAgentCredentials"
ACKNOWLEDGE = "/edgeAgent/acknowledgeEdgeConfiguration"
CONFIRM_DELETION = "/edgeAgent/confirmEdgeConfigurationDeletion"
REPORT_STATUS = "/edgeAgent/reportEdgeAgentStatus"


def create_agent_credentials(endpoint, hub):
    """Mints a key pair bound to hub with the admin credentials (test/test); returns (access key, secret)."""
    response = signed_http.send(endpoint, ADMIN_CREATE_CREDENTIALS, {"HubDeviceArn": hub})
    assert response.status == 200, f"{response.status} {response.error_type}: {response.body[:400]!r}"
    doc = response.json()
    assert doc["HubDeviceArn"] == hub, doc
    assert doc["AccessKeyId"] and doc["SecretAccessKey"], doc
    return doc["AccessKeyId"], doc["SecretAccessKey"]


class EdgeAgent:
    """One hub device's agent: its own credentials, a boto3 client with them, and the extension calls."""

    def __init__(self, endpoint, hub):
        self.endpoint, self.hub = endpoint, hub
        self.access_key, self.secret_key = create_agent_credentials(endpoint, hub)
        self.kvs = make_client(endpoint, self.access_key, self.secret_key)

    def send(self, path, body):
        return signed_http.send(self.endpoint, path, body, access_key=self.access_key, secret_key=self.secret_key)

    def configs(self):
        """Every configuration of the agent's hub, all pages, keyed by stream ARN."""
        pages = self.kvs.get_paginator("list_edge_agent_configurations").paginate(HubDeviceArn=self.hub)
        return {c["StreamARN"]: c for page in pages for c in page["EdgeConfigs"]}

    def _ok(self, path, body):
        response = self.send(path, body)
        assert response.status == 200, f"{path}: {response.status} {response.error_type}: {response.body[:400]!r}"
        assert response.json() == {}, response.body
        return response

    def acknowledge(self, stream_arn, edge_config, status, details=None):
        body = {"StreamARN": stream_arn, "EdgeConfig": edge_config, "Status": status}
        if details is not None:
            body["FailedStatusDetails"] = details
        return self._ok(ACKNOWLEDGE, body)

    def confirm_deletion(self, stream_arn, status, details=None):
        body = {"StreamARN": stream_arn, "Status": status}
        if details is not None:
            body["FailedStatusDetails"] = details
        return self._ok(CONFIRM_DELETION, body)

    def report_status(self, stream_arn, recorder=None, uploader=None):
        body = {"StreamARN": stream_arn}
        if recorder is not None:
            body["RecorderStatus"] = recorder
        if uploader is not None:
            body["UploaderStatus"] = uploader
        return self._ok(REPORT_STATUS, body)
