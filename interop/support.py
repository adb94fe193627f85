"""Constants and helpers the fixtures and tests share."""
import json
import re
import subprocess
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
ACCESS_KEY = "test"
SECRET_KEY = "test"
STREAM_ARN = re.compile(rf"arn:aws:kinesisvideo:{REGION}:{ACCOUNT}:stream/(?P<name>[a-zA-Z0-9_.-]+)/(?P<created>\d{{13}})")
NOT_FOUND_MESSAGE = "The requested stream is not found or not active."


SERVICE_ERROR_EXITS = (254, 255)  # awscli v1 exits 255 on a service error, v2 254


def make_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, service="kinesisvideo", region=REGION):
    """A client that makes exactly one attempt per call, so every error is seen as sent."""
    return boto3.session.Session().client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(retries={"max_attempts": 1}),
    )


class CliResult:
    """What one run of the aws CLI did: exit status, stdout, stderr, and stdout parsed as JSON."""

    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    @property
    def json(self):
        return json.loads(self.stdout) if self.stdout.strip() else {}

    def __repr__(self):
        return f"<aws exit {self.returncode}\nstdout: {self.stdout}\nstderr: {self.stderr}>"


def run_aws(service, endpoint, env, *args, cwd=None, timeout=60):
    """Runs `aws SERVICE ARGS... --endpoint-url ENDPOINT` with env as its whole environment (conftest's `aws_env`);
    returns a CliResult, never raises on failure. cwd is for relative paths such as `file://config.json`."""
    command = ["aws", service, *[str(a) for a in args], "--endpoint-url", endpoint, "--region", REGION,
               "--output", "json"]
    return CliResult(subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                    timeout=timeout, cwd=cwd))


def expect_error(call, code, status, message=None, **kwargs):
    """Runs call(**kwargs), which must fail with the given AWS error code and HTTP status."""
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    response = info.value.response
    assert response["Error"]["Code"] == code, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status, response
    assert response["ResponseMetadata"].get("RequestId"), response
    if message is not None:
        assert response["Error"]["Message"] == message, response
    return response


def unique_name(label, prefix="it"):
    """A valid stream name that no other test, nor an earlier run against the same server, uses."""
    words = re.sub(r"[^a-zA-Z0-9]+", "-", label).strip("-")[:48]
    return f"{prefix}_{words}_{uuid.uuid4().hex[:10]}"


# --- edge configurations ----------------------------------------------------------------------------

SECRET_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:camera-rtsp-url-AbCdEf"
DEFAULT_UPLOADER_CONFIG = {"ScheduleConfig": {"ScheduleExpression": "0 0 * * * ?", "DurationInSeconds": 3600}}
DEFAULT_DELETION_CONFIG = {"EdgeRetentionInHours": 720, "DeleteAfterUpload": True}
MAX_EDGE_CONFIGURATIONS_PER_HUB = 16


def hub_arn(label):
    """An IoT thing ARN (a hub device) that no other test uses."""
    return f"arn:aws:iot:{REGION}:{ACCOUNT}:thing/{unique_name(label, prefix='hub')}"


def edge_config(hub, recorder_schedule=None, uploader=None, deletion=None, secret_arn=SECRET_ARN):
    """An EdgeConfig for StartEdgeConfigurationUpdate; only the required members unless more are given."""
    recorder = {"MediaSourceConfig": {"MediaUriSecretArn": secret_arn, "MediaUriType": "RTSP_URI"}}
    if recorder_schedule is not None:
        recorder["ScheduleConfig"] = recorder_schedule
    config = {"HubDeviceArn": hub, "RecorderConfig": recorder}
    if uploader is not None:
        config["UploaderConfig"] = uploader
    if deletion is not None:
        config["DeletionConfig"] = deletion
    return config


def full_edge_config(hub):
    """An EdgeConfig that sets every member the model has (the negative generator's baseline)."""
    return edge_config(
        hub,
        recorder_schedule={"ScheduleExpression": "0 0 9,10,11 ? * * *", "DurationInSeconds": 3599},
        uploader={"ScheduleConfig": {"ScheduleExpression": "0 0 19,20,21 ? * * *", "DurationInSeconds": 3599}},
        deletion={"EdgeRetentionInHours": 15, "DeleteAfterUpload": True,
                  "LocalSizeConfig": {"MaxLocalMediaSizeInMB": 2800, "StrategyOnFullSize": "DELETE_OLDEST_MEDIA"}})


def with_aws_defaults(config):
    """The EdgeConfig as AWS stores it: UploaderConfig and the DeletionConfig members filled in when absent."""
    stored = {**config, "UploaderConfig": config.get("UploaderConfig", DEFAULT_UPLOADER_CONFIG)}
    stored["DeletionConfig"] = {**DEFAULT_DELETION_CONFIG, **config.get("DeletionConfig", {})}
    return stored


def ok(result):
    """The CLI succeeded; its parsed JSON output."""
    assert result.returncode == 0, result
    return result.json


def fails_with(result, code, message=None):
    """The CLI exited with a service-error status and printed AWS's error line on stderr."""
    assert result.returncode in SERVICE_ERROR_EXITS, result
    assert f"An error occurred ({code})" in result.stderr, result
    if message is not None:
        assert message in result.stderr, result
    assert result.stdout == "", result
