"""The Secrets Manager operations kvs-edge serves for camera URIs, through an unmodified boto3 client:
results, version stages, pagination and filters, deletion and recovery, tags, AWS's error codes with
their HTTP status, and an edge agent that reads only its own hub's camera secrets."""
import datetime

import pytest

from edge_agent import create_agent_credentials
from secrets_support import (MARKED_FOR_DELETION, NOT_FOUND_MESSAGE, SECRET_ARN, camera_uri, make_secrets_client,
                             partial_arn, secret_name)
from support import edge_config, expect_error, hub_arn


@pytest.fixture
def name(request):
    return secret_name(request.node.name)


def recent(moment, offset=datetime.timedelta()):
    assert isinstance(moment, datetime.datetime), moment
    return abs(datetime.datetime.now(datetime.timezone.utc) + offset - moment) < datetime.timedelta(minutes=5)


def test_create_then_get_by_name_full_arn_and_partial_arn(secrets, name):
    uri = camera_uri()
    created = secrets.create_secret(Name=name, SecretString=uri, Description="front door")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert SECRET_ARN.fullmatch(created["ARN"])["name"] == name
    assert created["Name"] == name and len(created["VersionId"]) >= 32  # botocore's ClientRequestToken
    for secret_id in (name, created["ARN"], partial_arn(created["ARN"])):
        got = secrets.get_secret_value(SecretId=secret_id)
        assert got["SecretString"] == uri and "SecretBinary" not in got
        assert (got["ARN"], got["Name"], got["VersionId"]) == (created["ARN"], name, created["VersionId"])
        assert got["VersionStages"] == ["AWSCURRENT"] and recent(got["CreatedDate"])


def test_binary_values_round_trip(secrets, name):
    secrets.create_secret(Name=name, SecretBinary=b"\x00rtsp\xff")
    got = secrets.get_secret_value(SecretId=name)
    assert got["SecretBinary"] == b"\x00rtsp\xff" and "SecretString" not in got


def test_rotating_the_value_moves_current_to_previous(secrets, name):
    old, new, newest = camera_uri(), camera_uri(), camera_uri()
    v1 = secrets.create_secret(Name=name, SecretString=old)["VersionId"]
    put = secrets.put_secret_value(SecretId=name, SecretString=new)
    assert put["VersionStages"] == ["AWSCURRENT"]
    assert secrets.get_secret_value(SecretId=name)["SecretString"] == new
    assert secrets.get_secret_value(SecretId=name, VersionStage="AWSPREVIOUS")["SecretString"] == old
    assert secrets.describe_secret(SecretId=name)["VersionIdsToStages"] == {v1: ["AWSPREVIOUS"], put["VersionId"]: ["AWSCURRENT"]}

    v3 = secrets.update_secret(SecretId=name, SecretString=newest)["VersionId"]
    assert secrets.describe_secret(SecretId=name)["VersionIdsToStages"] == {put["VersionId"]: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}
    deprecated = secrets.get_secret_value(SecretId=name, VersionId=v1)
    assert deprecated["SecretString"] == old and "VersionStages" not in deprecated


def test_a_retried_put_is_ignored_and_another_value_under_its_token_is_refused(secrets, name):
    arn = secrets.create_secret(Name=name, SecretString="one")["ARN"]
    token = "a" * 32
    first = secrets.put_secret_value(SecretId=name, SecretString="two", ClientRequestToken=token)
    assert secrets.put_secret_value(SecretId=name, SecretString="two", ClientRequestToken=token)["VersionId"] == first["VersionId"]
    expect_error(secrets.put_secret_value, "ResourceExistsException", 400,
                 f"You can't use ClientRequestToken {token} because that value is already in use for a version of"
                 f" secret {arn}.", SecretId=name, SecretString="three", ClientRequestToken=token)


def test_describe_shows_metadata_tags_and_the_day_of_last_access(secrets, name):
    arn = secrets.create_secret(Name=name, SecretString="x", KmsKeyId="alias/cameras",
                                Tags=[{"Key": "site", "Value": "warehouse"}])["ARN"]
    secrets.tag_resource(SecretId=arn, Tags=[{"Key": "floor", "Value": "1"}])
    secrets.untag_resource(SecretId=name, TagKeys=["site"])
    secrets.get_secret_value(SecretId=name)
    described = secrets.describe_secret(SecretId=name)
    assert described["ARN"] == arn and described["KmsKeyId"] == "alias/cameras"
    assert described["Tags"] == [{"Key": "floor", "Value": "1"}]
    assert recent(described["CreatedDate"]) and recent(described["LastChangedDate"])
    assert described["LastAccessedDate"] == datetime.datetime.now(datetime.timezone.utc).replace(
        hour=0, minute=0, second=0, microsecond=0)
    assert "DeletedDate" not in described


def test_list_secrets_pages_filters_and_sorts(secrets, name):
    names = [f"{name}-{i}" for i in range(5)]
    for i, each in enumerate(names):
        secrets.create_secret(Name=each, SecretString="x", Description="Front Door" if i % 2 else "lobby",
                              Tags=[{"Key": "site-a" if i < 2 else "site-b", "Value": f"v{i}"}])
    mine = {"Key": "name", "Values": [name]}
    pages = list(secrets.get_paginator("list_secrets").paginate(Filters=[mine], PaginationConfig={"PageSize": 2}))
    assert [len(p["SecretList"]) for p in pages] == [2, 2, 1]
    assert [s["Name"] for p in pages for s in p["SecretList"]] == names

    def listed(*filters, **kwargs):
        return [s["Name"] for s in secrets.list_secrets(Filters=[mine, *filters], **kwargs)["SecretList"]]

    assert listed({"Key": "tag-key", "Values": ["site-a"]}) == names[:2]
    assert listed({"Key": "tag-value", "Values": ["v1", "v4"]}) == [names[1], names[4]]
    assert listed({"Key": "description", "Values": ["door"]}) == [names[1], names[3]]
    assert listed({"Key": "name", "Values": [f"!{names[0]}"]}) == names[1:]
    assert listed(SortOrder="desc") == names[::-1]
    assert listed(SortBy="name", SortOrder="desc", MaxResults=2) == [names[4], names[3]]
    expect_error(secrets.list_secrets, "InvalidNextTokenException", 400, NextToken="bm90LW91cnM=")


def test_delete_then_restore_and_the_recovery_window_rules(secrets, name):
    uri = camera_uri()
    arn = secrets.create_secret(Name=name, SecretString=uri)["ARN"]
    expect_error(secrets.delete_secret, "InvalidParameterException", 400,
                 "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).", SecretId=name, RecoveryWindowInDays=6)
    expect_error(secrets.delete_secret, "InvalidParameterException", 400,
                 "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
                 SecretId=name, RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)

    deleted = secrets.delete_secret(SecretId=name)
    assert deleted["ARN"] == arn and recent(deleted["DeletionDate"], datetime.timedelta(days=30))
    expect_error(secrets.get_secret_value, "InvalidRequestException", 400, MARKED_FOR_DELETION, SecretId=name)
    expect_error(secrets.update_secret, "InvalidRequestException", 400, MARKED_FOR_DELETION, SecretId=name, Description="x")
    expect_error(secrets.create_secret, "InvalidRequestException", 400, Name=name, SecretString="x")
    assert recent(secrets.describe_secret(SecretId=name)["DeletedDate"])

    assert secrets.restore_secret(SecretId=arn)["Name"] == name
    assert secrets.get_secret_value(SecretId=name)["SecretString"] == uri


def test_force_delete_removes_at_once(secrets, name):
    arn = secrets.create_secret(Name=name, SecretString="x")["ARN"]
    assert secrets.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)["ARN"] == arn
    expect_error(secrets.describe_secret, "ResourceNotFoundException", 400, NOT_FOUND_MESSAGE, SecretId=arn)
    assert secrets.create_secret(Name=name, SecretString="y")["ARN"] != arn


def test_errors_are_secrets_managers_own(secrets, name):
    secrets.create_secret(Name=name, SecretString="x")
    expect_error(secrets.create_secret, "ResourceExistsException", 400, Name=name, SecretString="y")
    expect_error(secrets.get_secret_value, "ResourceNotFoundException", 400, NOT_FOUND_MESSAGE, SecretId=name + "-nope")
    expect_error(secrets.create_secret, "InvalidParameterException", 400, Name="bad*name", SecretString="y")
    expect_error(secrets.put_secret_value, "InvalidRequestException", 400,
                 "You must provide either SecretString or SecretBinary.", SecretId=name)
    expect_error(secrets.get_secret_value, "ResourceNotFoundException", 400,
                 "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
                 SecretId=name, VersionStage="AWSPENDING")
    expect_error(secrets.rotate_secret, "UnsupportedOperationException", 400, SecretId=name)
    expect_error(secrets.get_random_password, "InvalidParameterException", 400,
                 "Password length is too short based on the required types.", PasswordLength=3)


def test_validation_errors_never_quote_a_secret_value(secrets, name):
    marker = "pw-" + name
    response = expect_error(secrets.create_secret, "ValidationException", 400, Name=name, SecretString=marker + "x" * 65536)
    message = response["Error"]["Message"]
    assert "Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536" in message
    assert marker not in message
    response = expect_error(secrets.create_secret, "ValidationException", 400, Name="n" * 513, SecretString=marker)
    assert "at 'name'" in response["Error"]["Message"] and marker not in response["Error"]["Message"]


def test_an_agent_reads_only_the_camera_secrets_of_its_own_hub(endpoint, kvs, secrets, name, request):
    mine = secrets.create_secret(Name=name + "-mine", SecretString=camera_uri())["ARN"]
    theirs = secrets.create_secret(Name=name + "-theirs", SecretString=camera_uri())["ARN"]
    hub, other_hub = hub_arn(request.node.name), hub_arn(request.node.name + "-other")
    for stream, owner, secret_arn in ((name + "-a", hub, partial_arn(mine)), (name + "-b", other_hub, theirs)):
        kvs.create_stream(StreamName=stream, DataRetentionInHours=24)
        kvs.start_edge_configuration_update(StreamName=stream, EdgeConfig=edge_config(owner, secret_arn=secret_arn))
    agent = make_secrets_client(endpoint, *create_agent_credentials(endpoint, hub))

    assert agent.get_secret_value(SecretId=mine)["SecretString"] == secrets.get_secret_value(SecretId=mine)["SecretString"]
    for refused in (theirs, name + "-theirs", name + "-never-made"):
        expect_error(agent.get_secret_value, "AccessDeniedException", 403, SecretId=refused)
    expect_error(agent.describe_secret, "AccessDeniedException", 403, SecretId=mine)
    expect_error(agent.list_secrets, "AccessDeniedException", 403)
    expect_error(agent.put_secret_value, "AccessDeniedException", 403, SecretId=mine, SecretString="rtsp://evil")


def test_answers_aws_gives_as_moto_verified_them(secrets, name):
    # A forced deletion of a secret that does not exist answers as if it had been deleted.
    deleted = secrets.delete_secret(SecretId=name + "-never", ForceDeleteWithoutRecovery=True)
    assert deleted["Name"] == name + "-never" and SECRET_ARN.fullmatch(deleted["ARN"])
    # The recovery window's range is checked before its conflict with ForceDeleteWithoutRecovery.
    expect_error(secrets.delete_secret, "InvalidParameterException", 400,
                 "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
                 SecretId=name, ForceDeleteWithoutRecovery=True, RecoveryWindowInDays=4)
    # Tags: [] once the last tag is removed.
    secrets.create_secret(Name=name, SecretString="x", Tags=[{"Key": "site", "Value": "a"}])
    secrets.untag_resource(SecretId=name, TagKeys=["site"])
    assert secrets.describe_secret(SecretId=name)["Tags"] == []


def test_versions_labels_passwords_and_policies(secrets, name):
    first = secrets.create_secret(Name=name, SecretString="one")["VersionId"]
    second = secrets.put_secret_value(SecretId=name, SecretString="two", VersionStages=["AWSPENDING"])["VersionId"]
    secrets.update_secret_version_stage(SecretId=name, VersionStage="AWSCURRENT", RemoveFromVersionId=first,
                                        MoveToVersionId=second)
    assert secrets.get_secret_value(SecretId=name)["SecretString"] == "two"
    listed = {v["VersionId"]: v["VersionStages"] for v in secrets.list_secret_version_ids(SecretId=name)["Versions"]}
    assert listed == {first: ["AWSPREVIOUS"], second: ["AWSCURRENT", "AWSPENDING"]}
    batch = secrets.batch_get_secret_value(SecretIdList=[name, name + "-missing"])
    assert [v["SecretString"] for v in batch["SecretValues"]] == ["two"]
    assert [e["ErrorCode"] for e in batch["Errors"]] == ["ResourceNotFoundException"]
    password = secrets.get_random_password(PasswordLength=40, ExcludePunctuation=True)["RandomPassword"]
    assert len(password) == 40 and password.isalnum()
    policy = '{"Version":"2012-10-17","Statement":[]}'
    secrets.put_resource_policy(SecretId=name, ResourcePolicy=policy)
    assert secrets.get_resource_policy(SecretId=name)["ResourcePolicy"] == policy
    expect_error(secrets.put_resource_policy, "MalformedPolicyDocumentException", 400, SecretId=name,
                 ResourcePolicy="not json")


def test_a_replica_in_another_region_follows_its_primary(endpoint, secrets, name):
    created = secrets.create_secret(Name=name, SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert [(s["Region"], s["Status"]) for s in created["ReplicationStatus"]] == [("eu-west-1", "InSync")]
    ireland = make_secrets_client(endpoint, region="eu-west-1")
    secrets.put_secret_value(SecretId=name, SecretString="two")
    assert ireland.get_secret_value(SecretId=name)["SecretString"] == "two"
    assert ireland.describe_secret(SecretId=name)["PrimaryRegion"] == "us-east-1"
    expect_error(ireland.put_secret_value, "InvalidParameterException", 400, SecretId=name, SecretString="x")
    secrets.remove_regions_from_replication(SecretId=name, RemoveReplicaRegions=["eu-west-1"])
    expect_error(ireland.get_secret_value, "ResourceNotFoundException", 400, SecretId=name)
