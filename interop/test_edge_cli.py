"""The edge configuration operations through the unmodified `aws` CLI, as the AWS edge agent
tutorial uses them: start-edge-configuration-update --cli-input-json file://config.json,
describe-edge-configuration, list-edge-agent-configurations and delete-edge-configuration."""
import datetime
import json

import pytest

from edge_agent import create_agent_credentials
from support import NOT_FOUND_MESSAGE, SECRET_ARN, edge_config, hub_arn, with_aws_defaults
from support import SERVICE_ERROR_EXITS, fails_with, ok


def tutorial_config(stream_name, hub):
    """The file of the AWS tutorial ("Create the edge configuration"), with this test's stream and hub."""
    return {
        "StreamName": stream_name,
        "EdgeConfig": {
            "HubDeviceArn": hub,
            "RecorderConfig": {
                "MediaSourceConfig": {
                    "MediaUriSecretArn": SECRET_ARN,
                    "MediaUriType": "RTSP_URI",
                },
                "ScheduleConfig": {
                    "ScheduleExpression": "0 0 9,10,11,12,13,14,15,16 ? * * *",
                    "DurationInSeconds": 3599,
                },
            },
            "UploaderConfig": {
                "ScheduleConfig": {
                    "ScheduleExpression": "0 0 19,20,21 ? * * *",
                    "DurationInSeconds": 3599,
                },
            },
            "DeletionConfig": {
                "EdgeRetentionInHours": 15,
                "LocalSizeConfig": {
                    "MaxLocalMediaSizeInMB": 2800,
                    "StrategyOnFullSize": "DELETE_OLDEST_MEDIA",
                },
                "DeleteAfterUpload": True,
            },
        },
    }


def retaining_stream(kvs, name, hours=24):
    """Set-up through boto3 (each CLI run costs a second or more): a stream that keeps data."""
    return kvs.create_stream(StreamName=name, DataRetentionInHours=hours)["StreamARN"]


def start_from_file(aws, tmp_path, config):
    """`aws kinesisvideo start-edge-configuration-update --cli-input-json file://config.json`, run where the file is."""
    (tmp_path / "config.json").write_text(json.dumps(config, indent=4))
    return aws("start-edge-configuration-update", "--cli-input-json", "file://config.json", cwd=tmp_path)


def parse_time(value):
    """awscli v1 prints the wire's epoch seconds; v2 prints ISO 8601."""
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    return datetime.datetime.fromisoformat(value)


@pytest.fixture
def hub(request):
    return hub_arn(request.node.name)


def test_start_edge_configuration_update_with_the_tutorials_cli_input_json_file(aws, kvs, tmp_path, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = tutorial_config(stream_name, hub)
    started = ok(start_from_file(aws, tmp_path, config))
    assert (started["StreamName"], started["StreamARN"], started["SyncStatus"]) == (stream_name, arn, "SYNCING")
    assert started["EdgeConfig"] == config["EdgeConfig"]
    created = parse_time(started["CreationTime"])
    assert abs(datetime.datetime.now(datetime.timezone.utc) - created) < datetime.timedelta(minutes=5)
    assert parse_time(started["LastUpdatedTime"]) >= created


def test_describe_edge_configuration_by_name_and_by_arn_print_what_start_printed(aws, kvs, tmp_path, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    started = ok(start_from_file(aws, tmp_path, tutorial_config(stream_name, hub)))
    assert ok(aws("describe-edge-configuration", "--stream-name", stream_name)) == started
    assert ok(aws("describe-edge-configuration", "--stream-arn", arn)) == started


def test_start_with_edge_config_shorthand_fills_in_the_aws_defaults(aws, kvs, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    shorthand = (f"HubDeviceArn={hub},"
                 f"RecorderConfig={{MediaSourceConfig={{MediaUriSecretArn={SECRET_ARN},MediaUriType=RTSP_URI}}}}")
    started = ok(aws("start-edge-configuration-update", "--stream-arn", arn, "--edge-config", shorthand))
    assert started["SyncStatus"] == "SYNCING"
    assert started["EdgeConfig"] == with_aws_defaults(edge_config(hub))


def test_list_edge_agent_configurations_prints_every_config_of_the_hub(aws, kvs, new_stream_name, hub):
    names = [new_stream_name() for _ in range(7)]  # more than one page of the default 5
    for name in names:
        retaining_stream(kvs, name, hours=1)
        kvs.start_edge_configuration_update(**tutorial_config(name, hub))
    listed = ok(aws("list-edge-agent-configurations", "--hub-device-arn", hub))
    assert sorted(c["StreamName"] for c in listed["EdgeConfigs"]) == sorted(names)
    assert "NextToken" not in listed
    for config in listed["EdgeConfigs"]:
        assert config["SyncStatus"] == "SYNCING"
        assert config["EdgeConfig"] == tutorial_config(config["StreamName"], hub)["EdgeConfig"]
    by_page = ok(aws("list-edge-agent-configurations", "--hub-device-arn", hub, "--page-size", "2"))
    assert sorted(c["StreamName"] for c in by_page["EdgeConfigs"]) == sorted(names)


def test_list_edge_agent_configurations_with_max_items_prints_a_next_token_that_continues(aws, kvs, new_stream_name, hub):
    names = [new_stream_name() for _ in range(3)]
    for name in names:
        kvs.create_stream(StreamName=name, DataRetentionInHours=1)
        kvs.start_edge_configuration_update(StreamName=name, EdgeConfig=edge_config(hub))
    first = ok(aws("list-edge-agent-configurations", "--hub-device-arn", hub, "--max-items", "2"))
    assert len(first["EdgeConfigs"]) == 2 and first["NextToken"]
    rest = ok(aws("list-edge-agent-configurations", "--hub-device-arn", hub, "--max-items", "2",
                  "--starting-token", first["NextToken"]))
    assert sorted(c["StreamName"] for c in first["EdgeConfigs"] + rest["EdgeConfigs"]) == sorted(names)
    assert "NextToken" not in rest


def test_list_edge_agent_configurations_of_a_hub_without_configs_prints_an_empty_list(aws):
    assert ok(aws("list-edge-agent-configurations", "--hub-device-arn", hub_arn("cli empty"))) == {"EdgeConfigs": []}


def test_delete_edge_configuration_removes_a_config_no_agent_received(aws, kvs, tmp_path, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    ok(start_from_file(aws, tmp_path, tutorial_config(stream_name, hub)))
    fails_with(aws("delete-stream", "--stream-arn", arn), "ResourceInUseException")
    deleted = aws("delete-edge-configuration", "--stream-name", stream_name)
    assert deleted.returncode == 0 and deleted.stdout.strip() in ("", "{}"), deleted
    fails_with(aws("describe-edge-configuration", "--stream-arn", arn), "StreamEdgeConfigurationNotFoundException")
    assert ok(aws("list-edge-agent-configurations", "--hub-device-arn", hub)) == {"EdgeConfigs": []}
    assert ok(aws("delete-stream", "--stream-arn", arn)) == {}


def test_a_service_error_exits_non_zero_with_aws_error_line_on_stderr(aws, kvs, stream_name):
    retaining_stream(kvs, stream_name)
    result = aws("describe-edge-configuration", "--stream-name", stream_name)
    assert result.returncode in SERVICE_ERROR_EXITS, result
    assert result.stdout == "", result
    assert result.stderr.strip() == (
        "An error occurred (StreamEdgeConfigurationNotFoundException) when calling the DescribeEdgeConfiguration "
        f"operation: The stream {stream_name} has no edge configuration."), result


def test_start_errors_print_their_aws_error_codes(aws, kvs, tmp_path, stream_name, new_stream_name, hub):
    fails_with(start_from_file(aws, tmp_path, tutorial_config(stream_name, hub)), "ResourceNotFoundException",
               NOT_FOUND_MESSAGE)
    kvs.create_stream(StreamName=stream_name)  # retains no data
    fails_with(start_from_file(aws, tmp_path, tutorial_config(stream_name, hub)), "NoDataRetentionException")
    busy = new_stream_name()
    retaining_stream(kvs, busy)
    ok(start_from_file(aws, tmp_path, tutorial_config(busy, hub)))
    fails_with(start_from_file(aws, tmp_path, tutorial_config(busy, hub)), "ResourceInUseException")
    bad_cron = new_stream_name()
    retaining_stream(kvs, bad_cron)
    config = tutorial_config(bad_cron, hub)
    config["EdgeConfig"]["RecorderConfig"]["ScheduleConfig"]["ScheduleExpression"] = "0 0 9 * * *"
    fails_with(start_from_file(aws, tmp_path, config), "InvalidArgumentException", "0 0 9 * * *")


def test_a_value_over_a_models_maximum_is_a_validation_exception_from_the_server(aws, kvs, tmp_path, stream_name, hub):
    retaining_stream(kvs, stream_name)
    config = tutorial_config(stream_name, hub)
    config["EdgeConfig"]["UploaderConfig"]["ScheduleConfig"]["DurationInSeconds"] = 3601  # botocore checks no maximum
    fails_with(start_from_file(aws, tmp_path, config), "ValidationException",
               "1 validation error detected: Value '3601' at 'edgeConfig.uploaderConfig.scheduleConfig.durationInSeconds' "
               "failed to satisfy constraint: Member must have value less than or equal to 3600")


def test_agent_credentials_in_the_cli_reach_their_own_hub_only(aws, endpoint, kvs, stream_name, hub):
    kvs.create_stream(StreamName=stream_name, DataRetentionInHours=1)
    kvs.start_edge_configuration_update(StreamName=stream_name, EdgeConfig=edge_config(hub))
    access_key, secret_key = create_agent_credentials(endpoint, hub)
    as_agent = {"AWS_ACCESS_KEY_ID": access_key, "AWS_SECRET_ACCESS_KEY": secret_key}
    listed = ok(aws("list-edge-agent-configurations", "--hub-device-arn", hub, env=as_agent))
    assert [c["StreamName"] for c in listed["EdgeConfigs"]] == [stream_name]
    fails_with(aws("list-edge-agent-configurations", "--hub-device-arn", hub_arn("cli other"), env=as_agent),
               "NotAuthorizedException")
    fails_with(aws("create-stream", "--stream-name", stream_name + "-x", env=as_agent), "AccessDeniedException")
    fails_with(aws("delete-edge-configuration", "--stream-name", stream_name, env=as_agent), "AccessDeniedException")

