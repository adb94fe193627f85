"""The edge configuration operations (StartEdgeConfigurationUpdate, DescribeEdgeConfiguration,
DeleteEdgeConfiguration, ListEdgeAgentConfigurations) through an unmodified boto3 client, and the
sync state machine driven from the agent side (edge_agent.py, docs/agent-protocol.md)."""
import concurrent.futures
import copy
import datetime
import threading
import time

import pytest
from botocore.exceptions import ClientError

import signed_http
from edge_agent import EdgeAgent
from server_process import start_server, stop_server
from support import (ACCOUNT, MAX_EDGE_CONFIGURATIONS_PER_HUB, NOT_FOUND_MESSAGE, REGION, STREAM_ARN,
                     edge_config, expect_error, full_edge_config, hub_arn, make_client, with_aws_defaults)

CONFIG_MEMBERS = {"StreamName", "StreamARN", "CreationTime", "LastUpdatedTime", "SyncStatus", "EdgeConfig"}


def retaining_stream(kvs, name, hours=24):
    """A stream that keeps data, which edge recording needs; returns its ARN."""
    return kvs.create_stream(StreamName=name, DataRetentionInHours=hours)["StreamARN"]


def start(kvs, name, config):
    response = kvs.start_edge_configuration_update(StreamName=name, EdgeConfig=config)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    response.pop("ResponseMetadata")
    return response


def describe(kvs, **stream):
    response = kvs.describe_edge_configuration(**stream)
    response.pop("ResponseMetadata")
    return response


def status_of(kvs, arn):
    return describe(kvs, StreamARN=arn)["SyncStatus"]


def recent(moment):
    assert isinstance(moment, datetime.datetime), moment
    return abs(datetime.datetime.now(datetime.timezone.utc) - moment) < datetime.timedelta(minutes=5)


def unknown_arn(name):
    return f"arn:aws:kinesisvideo:{REGION}:{ACCOUNT}:stream/{name}/1700000000000"


@pytest.fixture
def hub(request):
    return hub_arn(request.node.name)


@pytest.fixture
def agent(endpoint, hub):
    return EdgeAgent(endpoint, hub)


# --- StartEdgeConfigurationUpdate, DescribeEdgeConfiguration ---------------------------------------

def test_start_returns_the_config_syncing_with_aws_defaults_for_uploader_and_deletion(kvs, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    given = edge_config(hub)
    response = start(kvs, stream_name, given)
    assert set(response) == CONFIG_MEMBERS, response
    assert (response["StreamName"], response["StreamARN"], response["SyncStatus"]) == (stream_name, arn, "SYNCING")
    assert response["EdgeConfig"] == {
        **given,
        "UploaderConfig": {"ScheduleConfig": {"ScheduleExpression": "0 0 * * * ?", "DurationInSeconds": 3600}},
        "DeletionConfig": {"EdgeRetentionInHours": 720, "DeleteAfterUpload": True},
    }
    assert recent(response["CreationTime"]) and response["LastUpdatedTime"] >= response["CreationTime"]


def test_describe_by_name_and_by_arn_shows_what_start_returned(kvs, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    started = start(kvs, stream_name, edge_config(hub))
    assert describe(kvs, StreamName=stream_name) == started
    assert describe(kvs, StreamARN=arn) == started


def test_a_config_that_sets_every_member_is_stored_as_given(kvs, stream_name, hub):
    retaining_stream(kvs, stream_name)
    given = full_edge_config(hub)
    assert start(kvs, stream_name, given)["EdgeConfig"] == given
    assert describe(kvs, StreamName=stream_name)["EdgeConfig"] == given


def test_deletion_config_members_left_out_get_their_defaults_and_given_ones_are_kept(kvs, stream_name, hub):
    retaining_stream(kvs, stream_name)
    given = edge_config(hub, deletion={"DeleteAfterUpload": False,
                                       "LocalSizeConfig": {"MaxLocalMediaSizeInMB": 64, "StrategyOnFullSize": "DENY_NEW_MEDIA"}})
    stored = start(kvs, stream_name, given)["EdgeConfig"]
    assert stored["DeletionConfig"] == {"EdgeRetentionInHours": 720, "DeleteAfterUpload": False,
                                        "LocalSizeConfig": {"MaxLocalMediaSizeInMB": 64, "StrategyOnFullSize": "DENY_NEW_MEDIA"}}
    assert stored == with_aws_defaults(given)


def test_start_by_stream_arn_works_like_by_name(kvs, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    response = kvs.start_edge_configuration_update(StreamARN=arn, EdgeConfig=edge_config(hub))
    assert (response["StreamName"], response["StreamARN"], response["SyncStatus"]) == (stream_name, arn, "SYNCING")


@pytest.mark.parametrize("by", ["name", "arn"])
def test_edge_operations_on_an_unknown_stream_are_a_404_resource_not_found(kvs, stream_name, hub, by):
    stream = {"StreamName": stream_name} if by == "name" else {"StreamARN": unknown_arn(stream_name)}
    expect_error(kvs.start_edge_configuration_update, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE,
                 EdgeConfig=edge_config(hub), **stream)
    expect_error(kvs.describe_edge_configuration, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE, **stream)
    expect_error(kvs.delete_edge_configuration, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE, **stream)


def test_describe_and_delete_on_a_stream_without_a_config_are_a_404_stream_edge_configuration_not_found(kvs, stream_name):
    arn = retaining_stream(kvs, stream_name)
    for stream in ({"StreamName": stream_name}, {"StreamARN": arn}):
        expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, **stream)
        expect_error(kvs.delete_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, **stream)


def test_start_on_a_stream_that_retains_no_data_is_a_no_data_retention_exception(kvs, stream_name, hub):
    kvs.create_stream(StreamName=stream_name)  # DataRetentionInHours defaults to 0
    expect_error(kvs.start_edge_configuration_update, "NoDataRetentionException", 400,
                 StreamName=stream_name, EdgeConfig=edge_config(hub))
    expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamName=stream_name)


def test_start_again_while_syncing_is_a_resource_in_use_and_changes_nothing(kvs, stream_name, hub):
    retaining_stream(kvs, stream_name)
    first = start(kvs, stream_name, edge_config(hub))
    expect_error(kvs.start_edge_configuration_update, "ResourceInUseException", 400, StreamName=stream_name,
                 EdgeConfig=edge_config(hub, deletion={"EdgeRetentionInHours": 1}))
    assert describe(kvs, StreamName=stream_name) == first


INVALID_CRON = {  # (expression, why Quartz refuses it); each is 11..100 characters, so only Quartz can refuse it
    "day-of-month and day-of-week both set": "0 0 9 * * *",
    "a word": "not a cron!",
    "second out of range": "61 0 9 ? * *",
    "too few fields": "0 0 9 ? JAN",
}


@pytest.mark.parametrize("where", ["RecorderConfig", "UploaderConfig"])
@pytest.mark.parametrize("expression", INVALID_CRON.values(), ids=INVALID_CRON.keys())
def test_a_schedule_quartz_refuses_is_an_invalid_argument(kvs, stream_name, hub, where, expression):
    retaining_stream(kvs, stream_name)
    schedule = {"ScheduleExpression": expression, "DurationInSeconds": 60}
    config = (edge_config(hub, recorder_schedule=schedule) if where == "RecorderConfig"
              else edge_config(hub, uploader={"ScheduleConfig": schedule}))
    expect_error(kvs.start_edge_configuration_update, "InvalidArgumentException", 400,
                 StreamName=stream_name, EdgeConfig=config)
    expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamName=stream_name)


@pytest.mark.parametrize("expression", ["0 0 9 ? * *", "0 0 9,10,11,12,13,14,15,16 ? * * *", "0 */15 * * * ?",
                                        "0 0 12 ? * MON-FRI"])
def test_schedules_quartz_accepts_are_stored_as_given(kvs, stream_name, hub, expression):
    retaining_stream(kvs, stream_name)
    schedule = {"ScheduleExpression": expression, "DurationInSeconds": 60}
    stored = start(kvs, stream_name, edge_config(hub, recorder_schedule=schedule, uploader={"ScheduleConfig": schedule}))
    assert stored["EdgeConfig"]["RecorderConfig"]["ScheduleConfig"] == schedule
    assert stored["EdgeConfig"]["UploaderConfig"]["ScheduleConfig"] == schedule


@pytest.mark.parametrize("operation", ["start_edge_configuration_update", "describe_edge_configuration",
                                       "delete_edge_configuration"])
@pytest.mark.parametrize("naming", ["both", "neither"])
def test_naming_the_stream_by_both_or_neither_name_and_arn_is_an_invalid_argument(kvs, stream_name, hub, operation, naming):
    arn = retaining_stream(kvs, stream_name)
    if operation != "start_edge_configuration_update":
        start(kvs, stream_name, edge_config(hub))
    stream = {"StreamName": stream_name, "StreamARN": arn} if naming == "both" else {}
    extra = {"EdgeConfig": edge_config(hub)} if operation == "start_edge_configuration_update" else {}
    expect_error(getattr(kvs, operation), "InvalidArgumentException", 400, **stream, **extra)


def test_a_hub_holds_sixteen_configs_and_a_seventeenth_is_an_invalid_argument(kvs, new_stream_name, hub):
    names = [new_stream_name() for _ in range(MAX_EDGE_CONFIGURATIONS_PER_HUB + 1)]
    for name in names:
        retaining_stream(kvs, name, hours=1)
    for name in names[:-1]:
        start(kvs, name, edge_config(hub))
    expect_error(kvs.start_edge_configuration_update, "InvalidArgumentException", 400,
                 StreamName=names[-1], EdgeConfig=edge_config(hub))
    expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamName=names[-1])
    # another hub is not affected, and removing one of the sixteen makes room again
    start(kvs, names[-1], edge_config(hub_arn("other hub")))
    kvs.delete_edge_configuration(StreamName=names[-1])
    kvs.delete_edge_configuration(StreamName=names[0])
    assert start(kvs, names[-1], edge_config(hub))["SyncStatus"] == "SYNCING"


def test_updating_a_config_of_a_full_hub_is_not_counted_as_a_seventeenth(kvs, agent, new_stream_name, hub):
    names = [new_stream_name() for _ in range(MAX_EDGE_CONFIGURATIONS_PER_HUB)]
    for name in names:
        retaining_stream(kvs, name, hours=1)
        config = start(kvs, name, edge_config(hub))["EdgeConfig"]
    arn = kvs.describe_stream(StreamName=names[-1])["StreamInfo"]["StreamARN"]
    agent.acknowledge(arn, config, "APPLIED")
    updated = start(kvs, names[-1], edge_config(hub, deletion={"EdgeRetentionInHours": 3}))
    assert updated["SyncStatus"] == "SYNCING"
    assert updated["EdgeConfig"]["DeletionConfig"]["EdgeRetentionInHours"] == 3


# --- DeleteEdgeConfiguration, DeleteStream ----------------------------------------------------------

def test_deleting_a_config_no_agent_received_removes_it_at_once(kvs, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    start(kvs, stream_name, edge_config(hub))
    response = kvs.delete_edge_configuration(StreamName=stream_name)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamARN=arn)
    expect_error(kvs.delete_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamARN=arn)
    assert kvs.list_edge_agent_configurations(HubDeviceArn=hub)["EdgeConfigs"] == []
    assert start(kvs, stream_name, edge_config(hub))["SyncStatus"] == "SYNCING"  # and it can start anew


def test_a_stream_with_a_config_cannot_be_deleted_until_the_config_is(kvs, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    start(kvs, stream_name, edge_config(hub))
    expect_error(kvs.delete_stream, "ResourceInUseException", 400, StreamARN=arn)
    assert kvs.describe_stream(StreamARN=arn)["StreamInfo"]["Status"] == "ACTIVE"
    kvs.delete_edge_configuration(StreamARN=arn)
    kvs.delete_stream(StreamARN=arn)
    expect_error(kvs.describe_stream, "ResourceNotFoundException", 404, StreamARN=arn)


# --- ListEdgeAgentConfigurations --------------------------------------------------------------------

@pytest.fixture
def seven_configs(kvs, new_stream_name, hub):
    """Seven streams with a config on hub; returns their names."""
    names = [new_stream_name() for _ in range(7)]
    for name in names:
        retaining_stream(kvs, name, hours=1)
        start(kvs, name, edge_config(hub))
    return names


def test_list_returns_five_by_default_with_a_next_token_that_continues(kvs, hub, seven_configs):
    first = kvs.list_edge_agent_configurations(HubDeviceArn=hub)
    assert len(first["EdgeConfigs"]) == 5 and first["NextToken"]
    rest = kvs.list_edge_agent_configurations(HubDeviceArn=hub, NextToken=first["NextToken"])
    assert len(rest["EdgeConfigs"]) == 2 and not rest.get("NextToken")
    listed = [c["StreamName"] for c in first["EdgeConfigs"] + rest["EdgeConfigs"]]
    assert sorted(listed) == sorted(seven_configs)


@pytest.mark.parametrize("max_results", range(1, 11))
def test_list_pages_with_each_max_results_from_1_to_10_until_every_config_is_seen(kvs, hub, seven_configs, max_results):
    seen, token, pages = [], None, 0
    while True:
        page = kvs.list_edge_agent_configurations(HubDeviceArn=hub, MaxResults=max_results,
                                                  **({"NextToken": token} if token else {}))
        assert 0 < len(page["EdgeConfigs"]) <= max_results
        seen += [c["StreamName"] for c in page["EdgeConfigs"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(seven_configs)
    assert pages == -(-7 // max_results)


def test_the_list_edge_agent_configurations_paginator_returns_every_config_once(kvs, hub, seven_configs):
    pages = list(kvs.get_paginator("list_edge_agent_configurations").paginate(
        HubDeviceArn=hub, PaginationConfig={"PageSize": 3}))
    assert [len(p["EdgeConfigs"]) for p in pages] == [3, 3, 1]
    configs = [c for page in pages for c in page["EdgeConfigs"]]
    assert sorted(c["StreamName"] for c in configs) == sorted(seven_configs)
    for config in configs:
        assert set(config) == CONFIG_MEMBERS, config
        assert STREAM_ARN.fullmatch(config["StreamARN"])["name"] == config["StreamName"]
        assert config["SyncStatus"] == "SYNCING"
        assert config["EdgeConfig"] == with_aws_defaults(edge_config(hub))
        assert config == describe(kvs, StreamARN=config["StreamARN"])


def test_list_of_a_hub_without_configs_is_empty(kvs):
    response = kvs.list_edge_agent_configurations(HubDeviceArn=hub_arn("no configs"))
    assert response["EdgeConfigs"] == [] and not response.get("NextToken")


def test_list_shows_only_the_configs_of_the_hub_asked_for(kvs, new_stream_name, hub):
    mine, theirs = new_stream_name(), new_stream_name()
    for name, device in ((mine, hub), (theirs, hub_arn("someone else"))):
        retaining_stream(kvs, name)
        start(kvs, name, edge_config(device))
    assert [c["StreamName"] for c in kvs.list_edge_agent_configurations(HubDeviceArn=hub)["EdgeConfigs"]] == [mine]


# --- the agent's credentials ------------------------------------------------------------------------

def test_agent_credentials_list_their_own_hub_only(kvs, agent, stream_name, hub):
    retaining_stream(kvs, stream_name)
    start(kvs, stream_name, edge_config(hub))
    listed = agent.kvs.list_edge_agent_configurations(HubDeviceArn=hub)["EdgeConfigs"]
    assert [c["StreamName"] for c in listed] == [stream_name]
    expect_error(agent.kvs.list_edge_agent_configurations, "NotAuthorizedException", 401,
                 HubDeviceArn=hub_arn("another hub"))


@pytest.mark.parametrize("call", [
    pytest.param(lambda kvs, name: kvs.create_stream(StreamName=name), id="CreateStream"),
    pytest.param(lambda kvs, name: kvs.list_streams(), id="ListStreams"),
    pytest.param(lambda kvs, name: kvs.describe_edge_configuration(StreamName=name), id="DescribeEdgeConfiguration"),
    pytest.param(lambda kvs, name: kvs.delete_edge_configuration(StreamName=name), id="DeleteEdgeConfiguration"),
])
def test_agent_credentials_are_denied_other_operations_with_a_403_access_denied(kvs, agent, stream_name, hub, call):
    retaining_stream(kvs, stream_name)
    start(kvs, stream_name, edge_config(hub))
    expect_error(lambda: call(agent.kvs, stream_name), "AccessDeniedException", 403)
    assert status_of(kvs, kvs.describe_stream(StreamName=stream_name)["StreamInfo"]["StreamARN"]) == "SYNCING"


def test_an_agent_of_another_hub_cannot_acknowledge_a_config_with_a_403_access_denied(kvs, endpoint, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    stranger = EdgeAgent(endpoint, hub_arn("stranger"))
    response = stranger.send("/edgeAgent/acknowledgeEdgeConfiguration",
                             {"StreamARN": arn, "EdgeConfig": config, "Status": "APPLIED"})
    assert (response.status, response.error_type) == (403, "AccessDeniedException"), response
    assert status_of(kvs, arn) == "SYNCING"


# --- the sync state machine, driven by the agent ----------------------------------------------------

def test_full_lifecycle_syncing_acknowledged_in_sync_status_update_and_deletion(kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    created = start(kvs, stream_name, edge_config(hub))
    assert created["SyncStatus"] == "SYNCING"

    # the agent sees the config exactly as Describe shows it, and acknowledges it
    listed = agent.configs()
    assert list(listed) == [arn]
    assert listed[arn] == describe(kvs, StreamARN=arn)
    config = listed[arn]["EdgeConfig"]
    agent.acknowledge(arn, config, "RECEIVED")
    assert status_of(kvs, arn) == "ACKNOWLEDGED"
    assert agent.configs()[arn]["SyncStatus"] == "ACKNOWLEDGED"
    expect_error(kvs.start_edge_configuration_update, "ResourceInUseException", 400,
                 StreamName=stream_name, EdgeConfig=edge_config(hub))
    agent.acknowledge(arn, config, "APPLIED")
    in_sync = describe(kvs, StreamARN=arn)
    assert in_sync["SyncStatus"] == "IN_SYNC" and "FailedStatusDetails" not in in_sync
    assert in_sync["CreationTime"] == created["CreationTime"]
    assert in_sync["LastUpdatedTime"] >= created["LastUpdatedTime"]

    # a status report shows in Describe
    agent.report_status(arn, recorder={"Status": "SUCCESS", "JobStatusDetails": "recording camera 1",
                                       "LastCollectedTime": 1700000000})
    recorder = describe(kvs, StreamARN=arn)["EdgeAgentStatus"]["LastRecorderStatus"]
    assert recorder["RecorderStatus"] == "SUCCESS"
    assert recorder["JobStatusDetails"] == "recording camera 1"
    assert recorder["LastCollectedTime"] == datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.timezone.utc)
    assert recent(recorder["LastUpdatedTime"])
    agent.report_status(arn, uploader={"Status": "USER_ERROR", "JobStatusDetails": "no route to the cloud",
                                       "LastCollectedTime": 1700000060})
    status = describe(kvs, StreamARN=arn)["EdgeAgentStatus"]
    assert status["LastUploaderStatus"]["UploaderStatus"] == "USER_ERROR"
    assert status["LastUploaderStatus"]["JobStatusDetails"] == "no route to the cloud"
    assert status["LastRecorderStatus"] == recorder

    # an update syncs again; an acknowledgement of the replaced config is ignored
    updated_config = edge_config(hub, deletion={"EdgeRetentionInHours": 48, "DeleteAfterUpload": False})
    updated = start(kvs, stream_name, updated_config)
    assert updated["SyncStatus"] == "SYNCING"
    assert updated["EdgeConfig"] == with_aws_defaults(updated_config)
    assert updated["CreationTime"] == created["CreationTime"]
    agent.acknowledge(arn, config, "APPLIED")
    assert status_of(kvs, arn) == "SYNCING"
    new_config = agent.configs()[arn]["EdgeConfig"]
    assert new_config == updated["EdgeConfig"]
    agent.acknowledge(arn, new_config, "RECEIVED")
    agent.acknowledge(arn, new_config, "APPLIED")
    assert status_of(kvs, arn) == "IN_SYNC"

    # deletion waits for the agent
    kvs.delete_edge_configuration(StreamARN=arn)
    assert status_of(kvs, arn) == "DELETING"
    assert agent.configs()[arn]["SyncStatus"] == "DELETING"
    expect_error(kvs.start_edge_configuration_update, "ResourceInUseException", 400,
                 StreamName=stream_name, EdgeConfig=updated_config)
    expect_error(kvs.delete_stream, "ResourceInUseException", 400, StreamARN=arn)
    kvs.delete_edge_configuration(StreamName=stream_name)  # accepted again, changes nothing
    assert status_of(kvs, arn) == "DELETING"
    agent.confirm_deletion(arn, "RECEIVED")
    assert status_of(kvs, arn) == "DELETING_ACKNOWLEDGED"
    assert agent.configs()[arn]["SyncStatus"] == "DELETING_ACKNOWLEDGED"
    agent.confirm_deletion(arn, "DELETED")
    expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamARN=arn)
    assert agent.configs() == {}
    kvs.delete_stream(StreamARN=arn)


def test_a_failed_apply_is_sync_failed_with_the_agents_details_and_can_be_started_again(kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    agent.acknowledge(arn, config, "RECEIVED")
    agent.acknowledge(arn, config, "FAILED", "camera at rtsp://10.0.0.7 did not answer")
    failed = describe(kvs, StreamARN=arn)
    assert failed["SyncStatus"] == "SYNC_FAILED"
    assert failed["FailedStatusDetails"] == "camera at rtsp://10.0.0.7 did not answer"
    assert agent.configs()[arn]["FailedStatusDetails"] == "camera at rtsp://10.0.0.7 did not answer"
    again = start(kvs, stream_name, edge_config(hub))
    assert again["SyncStatus"] == "SYNCING" and "FailedStatusDetails" not in again


def test_a_failed_deletion_is_delete_failed_with_the_agents_details_and_can_be_deleted_again(kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    agent.acknowledge(arn, config, "APPLIED")
    kvs.delete_edge_configuration(StreamARN=arn)
    agent.confirm_deletion(arn, "FAILED", "media folder is busy")
    failed = describe(kvs, StreamARN=arn)
    assert (failed["SyncStatus"], failed["FailedStatusDetails"]) == ("DELETE_FAILED", "media folder is busy")
    kvs.delete_edge_configuration(StreamARN=arn)
    assert status_of(kvs, arn) == "DELETING"
    agent.confirm_deletion(arn, "DELETED")
    expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamARN=arn)


def test_a_config_whose_deletion_failed_can_be_started_again(kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    agent.acknowledge(arn, start(kvs, stream_name, edge_config(hub))["EdgeConfig"], "APPLIED")
    kvs.delete_edge_configuration(StreamARN=arn)
    agent.confirm_deletion(arn, "FAILED", "media folder is busy")
    again = start(kvs, stream_name, edge_config(hub, deletion={"EdgeRetentionInHours": 6}))
    assert again["SyncStatus"] == "SYNCING" and "FailedStatusDetails" not in again
    assert again["EdgeConfig"]["DeletionConfig"]["EdgeRetentionInHours"] == 6


def test_changing_the_hub_device_of_an_existing_config_is_an_invalid_argument(kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    agent.acknowledge(arn, config, "APPLIED")
    assert status_of(kvs, arn) == "IN_SYNC"
    expect_error(kvs.start_edge_configuration_update, "InvalidArgumentException", 400,
                 StreamName=stream_name, EdgeConfig=edge_config(hub_arn("new hub")))
    kept = describe(kvs, StreamARN=arn)
    assert (kept["SyncStatus"], kept["EdgeConfig"]["HubDeviceArn"]) == ("IN_SYNC", hub)
    # the same hub may update it
    assert start(kvs, stream_name, edge_config(hub, deletion={"EdgeRetentionInHours": 2}))["SyncStatus"] == "SYNCING"


def test_an_acknowledgement_must_carry_the_config_as_listed(kvs, agent, stream_name, hub):
    """The agent names the version it applied by content: any other content is not this config's ack."""
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    altered = copy.deepcopy(config)
    altered["DeletionConfig"]["EdgeRetentionInHours"] = 1
    agent.acknowledge(arn, altered, "APPLIED")
    assert status_of(kvs, arn) == "SYNCING"
    agent.acknowledge(arn, config, "APPLIED")
    assert status_of(kvs, arn) == "IN_SYNC"



def test_deleting_a_config_an_agent_received_waits_for_the_agent(kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    agent.acknowledge(arn, config, "RECEIVED")
    kvs.delete_edge_configuration(StreamARN=arn)
    assert status_of(kvs, arn) == "DELETING"


def test_deleting_an_update_no_agent_received_still_waits_for_the_agent_holding_the_previous_version(
        kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    agent.acknowledge(arn, config, "APPLIED")
    start(kvs, stream_name, edge_config(hub, deletion={"EdgeRetentionInHours": 5}))
    kvs.delete_edge_configuration(StreamARN=arn)  # the agent still runs the jobs of the first version
    assert status_of(kvs, arn) == "DELETING"
    agent.confirm_deletion(arn, "DELETED")
    expect_error(kvs.describe_edge_configuration, "StreamEdgeConfigurationNotFoundException", 404, StreamARN=arn)


def test_an_acknowledgement_matches_the_config_whatever_the_order_of_its_json_members(kvs, agent, stream_name, hub):
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, full_edge_config(hub))["EdgeConfig"]

    def reversed_members(value):
        return {k: reversed_members(value[k]) for k in reversed(list(value))} if isinstance(value, dict) else value

    agent.acknowledge(arn, reversed_members(config), "APPLIED")
    assert status_of(kvs, arn) == "IN_SYNC"


def test_unknown_json_members_are_ignored_and_not_stored(kvs, endpoint, stream_name, hub):
    retaining_stream(kvs, stream_name)
    config = edge_config(hub)
    sent = {**copy.deepcopy(config), "FutureMember": "x"}
    sent["RecorderConfig"]["FutureRecorderMember"] = {"a": 1}
    response = signed_http.send(endpoint, "/startEdgeConfigurationUpdate",
                                {"StreamName": stream_name, "EdgeConfig": sent, "FutureTopLevel": True})
    assert response.status == 200, response
    assert describe(kvs, StreamName=stream_name)["EdgeConfig"] == with_aws_defaults(config)


UNREADABLE_TIMES = {  # epoch seconds that no AWS SDK can turn into a date: past year 9999 or before year 1
    "epoch milliseconds by mistake (year 55840)": 1700000000000,
    "year 10000": 253402300800,
    "year 0": -62135596801,
    "1e300": 1e300,
}


@pytest.mark.parametrize("when", UNREADABLE_TIMES.values(), ids=UNREADABLE_TIMES.keys())
def test_a_status_report_with_a_time_no_client_can_read_is_refused_and_describe_keeps_working(
        kvs, agent, stream_name, hub, when):
    """An accepted report is shown to every DescribeEdgeConfiguration caller: if its LastCollectedTime is
    out of the range SDKs read, one agent report makes the stream's configuration unreadable by boto3."""
    arn = retaining_stream(kvs, stream_name)
    start(kvs, stream_name, edge_config(hub))
    response = agent.send("/edgeAgent/reportEdgeAgentStatus", {
        "StreamARN": arn, "UploaderStatus": {"Status": "SUCCESS", "LastCollectedTime": when}})
    assert response.status == 400 and response.error_type in ("ValidationException", "SerializationException"), (
        f"{response.status} {response.error_type} {response.body[:300]!r}; Describe now shows "
        f"{signed_http.send(agent.endpoint, '/describeEdgeConfiguration', {'StreamARN': arn}).json().get('EdgeAgentStatus')}")
    assert "EdgeAgentStatus" not in describe(kvs, StreamARN=arn)


def test_a_next_token_of_list_streams_is_not_a_list_edge_agent_configurations_token(kvs, new_stream_name, hub):
    """Tokens are opaque and belong to the operation that issued them (the server says so itself:
    "The NextToken ... was not issued by this operation"); another operation's token must not be
    read as a position in this listing."""
    names = [new_stream_name() for _ in range(3)]
    for name in names:
        retaining_stream(kvs, name, hours=1)
        start(kvs, name, edge_config(hub))
    shared_prefix = names[0][:-10]  # unique_name ends in 10 random hex digits
    token = kvs.list_streams(MaxResults=1, StreamNameCondition={"ComparisonOperator": "BEGINS_WITH",
                                                                "ComparisonValue": shared_prefix})["NextToken"]
    expect_error(kvs.list_edge_agent_configurations, "InvalidArgumentException", 400, HubDeviceArn=hub, NextToken=token)


# --- concurrent callers -----------------------------------------------------------------------------

def in_parallel(endpoint, calls):
    """Runs each call(client) at once on its own client and thread; returns 'ok' or the error code of each."""
    clients = [make_client(endpoint) for _ in calls]
    barrier = threading.Barrier(len(calls))

    def run(call, client):
        barrier.wait()
        try:
            call(client)
            return "ok"
        except ClientError as e:
            return e.response["Error"]["Code"]

    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls, clients))


def test_concurrent_starts_on_one_stream_create_exactly_one_config(kvs, endpoint, stream_name, hub):
    retaining_stream(kvs, stream_name)
    configs = [edge_config(hub, deletion={"EdgeRetentionInHours": hours}) for hours in range(1, 13)]
    outcomes = in_parallel(endpoint, [
        lambda client, config=config: client.start_edge_configuration_update(StreamName=stream_name, EdgeConfig=config)
        for config in configs])
    assert sorted(outcomes) == ["ResourceInUseException"] * 11 + ["ok"], outcomes
    stored = describe(kvs, StreamName=stream_name)["EdgeConfig"]
    assert stored == with_aws_defaults(configs[outcomes.index("ok")])


def test_concurrent_starts_on_one_hub_stop_at_sixteen_configs(kvs, endpoint, new_stream_name, hub):
    names = [new_stream_name() for _ in range(MAX_EDGE_CONFIGURATIONS_PER_HUB + 8)]
    for name in names:
        retaining_stream(kvs, name, hours=1)
    outcomes = in_parallel(endpoint, [
        lambda client, name=name: client.start_edge_configuration_update(StreamName=name, EdgeConfig=edge_config(hub))
        for name in names])
    assert outcomes.count("ok") == MAX_EDGE_CONFIGURATIONS_PER_HUB, outcomes
    assert outcomes.count("InvalidArgumentException") == 8, outcomes
    pages = kvs.get_paginator("list_edge_agent_configurations").paginate(HubDeviceArn=hub)
    assert sum(len(page["EdgeConfigs"]) for page in pages) == MAX_EDGE_CONFIGURATIONS_PER_HUB


# --- deadlines: a server of its own with --sync-timeout 3s ------------------------------------------

SYNC_TIMEOUT_SECONDS = 3


@pytest.fixture(scope="module")
def short_timeout_data(tmp_path_factory):
    return tmp_path_factory.mktemp("kvs-edge-short-timeout")


def start_short_timeout_server(data_dir):
    try:
        return start_server(["--sync-timeout", f"{SYNC_TIMEOUT_SECONDS}s"], data_dir=data_dir, build=False)
    except FileNotFoundError as e:
        pytest.skip(f"cannot start a second server: {e}")


@pytest.fixture(scope="module")
def short_timeout(short_timeout_data):
    """(endpoint, client) of a server whose agents must answer within 3 seconds."""
    process, url = start_short_timeout_server(short_timeout_data)
    try:
        yield url, make_client(url)
    finally:
        stop_server(process)


def wait_for_status(kvs, arn, wanted, seconds=SYNC_TIMEOUT_SECONDS + 15):
    deadline = time.monotonic() + seconds
    while True:
        config = describe(kvs, StreamARN=arn)
        if config["SyncStatus"] == wanted or time.monotonic() > deadline:
            return config
        time.sleep(0.25)


@pytest.mark.parametrize("agent_received", [False, True], ids=["SYNCING", "ACKNOWLEDGED"])
def test_a_config_no_agent_applies_in_time_becomes_sync_failed_naming_the_step(short_timeout, stream_name, agent_received):
    url, kvs = short_timeout
    hub = hub_arn(stream_name)
    arn = retaining_stream(kvs, stream_name)
    config = start(kvs, stream_name, edge_config(hub))["EdgeConfig"]
    if agent_received:
        EdgeAgent(url, hub).acknowledge(arn, config, "RECEIVED")
    failed = wait_for_status(kvs, arn, "SYNC_FAILED")
    assert failed["SyncStatus"] == "SYNC_FAILED", failed
    # the details say which step the agent missed: receiving the config, or applying it
    assert ("applied" if agent_received else "received") in failed.get("FailedStatusDetails", ""), failed
    assert start(kvs, stream_name, edge_config(hub))["SyncStatus"] == "SYNCING"  # and it can be started again


@pytest.mark.parametrize("agent_received", [False, True], ids=["DELETING", "DELETING_ACKNOWLEDGED"])
def test_a_deletion_no_agent_confirms_in_time_becomes_delete_failed(short_timeout, stream_name, agent_received):
    url, kvs = short_timeout
    hub = hub_arn(stream_name)
    agent = EdgeAgent(url, hub)
    arn = retaining_stream(kvs, stream_name)
    agent.acknowledge(arn, start(kvs, stream_name, edge_config(hub))["EdgeConfig"], "APPLIED")
    kvs.delete_edge_configuration(StreamARN=arn)
    if agent_received:
        agent.confirm_deletion(arn, "RECEIVED")
    failed = wait_for_status(kvs, arn, "DELETE_FAILED")
    assert failed["SyncStatus"] == "DELETE_FAILED", failed
    assert ("confirm" if agent_received else "received") in failed.get("FailedStatusDetails", ""), failed


def test_a_deadline_that_passed_while_the_server_was_down_applies_when_it_starts(tmp_path, stream_name):
    process, url = start_short_timeout_server(tmp_path)
    try:
        kvs = make_client(url)
        arn = retaining_stream(kvs, stream_name)
        start(kvs, stream_name, edge_config(hub_arn(stream_name)))
    finally:
        stop_server(process)
    time.sleep(SYNC_TIMEOUT_SECONDS + 1)
    process, url = start_short_timeout_server(tmp_path)
    try:
        failed = wait_for_status(make_client(url), arn, "SYNC_FAILED", seconds=5)
        assert failed["SyncStatus"] == "SYNC_FAILED", failed
    finally:
        stop_server(process)
