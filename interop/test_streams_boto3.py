"""Every supported kinesisvideo operation, driven with an unmodified boto3 client as a user would."""
import datetime

import pytest

from support import ACCOUNT, NOT_FOUND_MESSAGE, REGION, STREAM_ARN, expect_error, make_client, unique_name

API_NAMES = make_client("http://127.0.0.1:1").meta.service_model.shape_for("APIName").enum


def create(kvs, name, **kwargs):
    arn = kvs.create_stream(StreamName=name, **kwargs)["StreamARN"]
    return arn, kvs.describe_stream(StreamName=name)["StreamInfo"]["Version"]


# --- CreateStream, DescribeStream ------------------------------------------------------------------

def test_create_stream_returns_an_arn_naming_region_account_stream_and_creation_millis(kvs, stream_name):
    response = kvs.create_stream(StreamName=stream_name)
    match = STREAM_ARN.fullmatch(response["StreamARN"])
    assert match, response["StreamARN"]
    assert match["name"] == stream_name
    created = datetime.datetime.fromtimestamp(int(match["created"]) / 1000, datetime.timezone.utc)
    assert abs(datetime.datetime.now(datetime.timezone.utc) - created) < datetime.timedelta(minutes=5)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["RequestId"]


def test_describe_stream_by_name_shows_what_create_stream_was_given(kvs, stream_name):
    arn = kvs.create_stream(StreamName=stream_name, DeviceName="camera-1", MediaType="video/h264",
                            DataRetentionInHours=24)["StreamARN"]
    info = kvs.describe_stream(StreamName=stream_name)["StreamInfo"]
    assert info["StreamName"] == stream_name
    assert info["StreamARN"] == arn
    assert info["DeviceName"] == "camera-1"
    assert info["MediaType"] == "video/h264"
    assert info["DataRetentionInHours"] == 24
    assert info["Status"] == "ACTIVE"
    assert info["Version"]
    assert info["KmsKeyId"]
    assert isinstance(info["CreationTime"], datetime.datetime)
    assert int(info["CreationTime"].timestamp() * 1000) == int(STREAM_ARN.fullmatch(arn)["created"])


def test_describe_stream_by_arn_finds_the_same_stream(kvs, stream_name):
    arn = kvs.create_stream(StreamName=stream_name)["StreamARN"]
    assert kvs.describe_stream(StreamARN=arn)["StreamInfo"] == kvs.describe_stream(StreamName=stream_name)["StreamInfo"]


def test_creating_a_stream_whose_name_is_taken_is_a_resource_in_use_exception(kvs, stream_name):
    kvs.create_stream(StreamName=stream_name)
    expect_error(kvs.create_stream, "ResourceInUseException", 400, StreamName=stream_name)


def test_describing_an_unknown_stream_is_a_404_resource_not_found(kvs, stream_name):
    expect_error(kvs.describe_stream, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE, StreamName=stream_name)


def test_describing_an_unknown_arn_is_a_404_resource_not_found(kvs, stream_name):
    arn = f"arn:aws:kinesisvideo:{REGION}:{ACCOUNT}:stream/{stream_name}/1700000000000"
    expect_error(kvs.describe_stream, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE, StreamARN=arn)


def test_naming_a_stream_by_both_name_and_arn_is_an_invalid_argument(kvs, stream_name):
    arn = kvs.create_stream(StreamName=stream_name)["StreamARN"]
    expect_error(kvs.describe_stream, "InvalidArgumentException", 400, StreamName=stream_name, StreamARN=arn)


# --- ListStreams ------------------------------------------------------------------------------------

def begins_with(prefix):
    return {"ComparisonOperator": "BEGINS_WITH", "ComparisonValue": prefix}


def test_list_streams_pages_with_max_results_and_next_token_until_every_stream_is_seen(kvs):
    prefix = unique_name("pages")
    names = {f"{prefix}-{i}" for i in range(5)}
    for name in names:
        kvs.create_stream(StreamName=name)
    seen, token, pages = [], None, 0
    while True:
        args = {"MaxResults": 2, "StreamNameCondition": begins_with(prefix)}
        page = kvs.list_streams(**args, **({"NextToken": token} if token else {}))
        assert len(page["StreamInfoList"]) <= 2
        seen += [s["StreamName"] for s in page["StreamInfoList"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(names)
    assert pages >= 3


def test_the_list_streams_paginator_returns_every_stream_once(kvs):
    prefix = unique_name("paginator")
    names = {f"{prefix}-{i}" for i in range(7)}
    for name in names:
        kvs.create_stream(StreamName=name)
    pages = list(kvs.get_paginator("list_streams").paginate(
        StreamNameCondition=begins_with(prefix), PaginationConfig={"PageSize": 3}))
    seen = [s["StreamName"] for page in pages for s in page["StreamInfoList"]]
    assert sorted(seen) == sorted(names)
    assert [len(p["StreamInfoList"]) for p in pages] == [3, 3, 1]
    assert all(s["StreamARN"] and s["Version"] and s["Status"] == "ACTIVE"
               for page in pages for s in page["StreamInfoList"])


def test_list_streams_begins_with_treats_an_underscore_in_the_prefix_literally(kvs):
    prefix = unique_name("under") + "_x"  # a SQL LIKE would read "_" as any one character
    kvs.create_stream(StreamName=prefix + "1")
    kvs.create_stream(StreamName=prefix[:-2] + "Zx1")
    listed = kvs.list_streams(StreamNameCondition=begins_with(prefix))["StreamInfoList"]
    assert [s["StreamName"] for s in listed] == [prefix + "1"]


def test_list_streams_begins_with_a_prefix_no_stream_has_returns_an_empty_list(kvs):
    response = kvs.list_streams(StreamNameCondition=begins_with(unique_name("nothing")))
    assert response["StreamInfoList"] == []
    assert not response.get("NextToken")


# --- UpdateStream, UpdateDataRetention -------------------------------------------------------------

def test_update_stream_changes_device_and_media_type_and_the_version(kvs, stream_name):
    _, version = create(kvs, stream_name, DeviceName="old", MediaType="video/h264")
    kvs.update_stream(StreamName=stream_name, CurrentVersion=version, DeviceName="new", MediaType="video/h265")
    info = kvs.describe_stream(StreamName=stream_name)["StreamInfo"]
    assert (info["DeviceName"], info["MediaType"]) == ("new", "video/h265")
    assert info["Version"] != version


def test_update_stream_by_arn_works_like_by_name(kvs, stream_name):
    arn, version = create(kvs, stream_name)
    kvs.update_stream(StreamARN=arn, CurrentVersion=version, DeviceName="by-arn")
    assert kvs.describe_stream(StreamARN=arn)["StreamInfo"]["DeviceName"] == "by-arn"


def test_update_stream_with_a_stale_version_is_a_version_mismatch(kvs, stream_name):
    _, version = create(kvs, stream_name)
    kvs.update_stream(StreamName=stream_name, CurrentVersion=version, DeviceName="first")
    expect_error(kvs.update_stream, "VersionMismatchException", 400,
                 StreamName=stream_name, CurrentVersion=version, DeviceName="second")
    assert kvs.describe_stream(StreamName=stream_name)["StreamInfo"]["DeviceName"] == "first"


def test_update_data_retention_increases_and_decreases_and_changes_the_version(kvs, stream_name):
    _, v1 = create(kvs, stream_name, DataRetentionInHours=24)
    kvs.update_data_retention(StreamName=stream_name, CurrentVersion=v1,
                              Operation="INCREASE_DATA_RETENTION", DataRetentionChangeInHours=10)
    info = kvs.describe_stream(StreamName=stream_name)["StreamInfo"]
    assert info["DataRetentionInHours"] == 34 and info["Version"] != v1
    kvs.update_data_retention(StreamName=stream_name, CurrentVersion=info["Version"],
                              Operation="DECREASE_DATA_RETENTION", DataRetentionChangeInHours=4)
    after = kvs.describe_stream(StreamName=stream_name)["StreamInfo"]
    assert after["DataRetentionInHours"] == 30 and after["Version"] != info["Version"]


def test_decreasing_data_retention_below_zero_is_an_invalid_argument(kvs, stream_name):
    _, version = create(kvs, stream_name, DataRetentionInHours=2)
    expect_error(kvs.update_data_retention, "InvalidArgumentException", 400, StreamName=stream_name,
                 CurrentVersion=version, Operation="DECREASE_DATA_RETENTION", DataRetentionChangeInHours=3)
    assert kvs.describe_stream(StreamName=stream_name)["StreamInfo"]["DataRetentionInHours"] == 2


def test_update_data_retention_with_a_stale_version_is_a_version_mismatch(kvs, stream_name):
    create(kvs, stream_name)
    expect_error(kvs.update_data_retention, "VersionMismatchException", 400, StreamName=stream_name,
                 CurrentVersion="stale0", Operation="INCREASE_DATA_RETENTION", DataRetentionChangeInHours=1)


# --- DeleteStream -----------------------------------------------------------------------------------

def test_delete_stream_with_a_stale_version_is_a_version_mismatch_and_keeps_the_stream(kvs, stream_name):
    arn, _ = create(kvs, stream_name)
    expect_error(kvs.delete_stream, "VersionMismatchException", 400, StreamARN=arn, CurrentVersion="stale0")
    assert kvs.describe_stream(StreamARN=arn)["StreamInfo"]["Status"] == "ACTIVE"


def test_a_stream_deleted_with_its_current_version_is_then_a_404_not_found(kvs, stream_name):
    arn, version = create(kvs, stream_name)
    assert kvs.delete_stream(StreamARN=arn, CurrentVersion=version)["ResponseMetadata"]["HTTPStatusCode"] == 200
    expect_error(kvs.describe_stream, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE, StreamName=stream_name)
    expect_error(kvs.describe_stream, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE, StreamARN=arn)
    expect_error(kvs.delete_stream, "ResourceNotFoundException", 404, NOT_FOUND_MESSAGE, StreamARN=arn)


def test_the_arn_of_a_deleted_stream_does_not_name_a_new_stream_of_the_same_name(kvs, stream_name):
    old_arn, _ = create(kvs, stream_name)
    kvs.delete_stream(StreamARN=old_arn)
    new_arn, _ = create(kvs, stream_name)
    assert new_arn != old_arn
    expect_error(kvs.describe_stream, "ResourceNotFoundException", 404, StreamARN=old_arn)
    expect_error(kvs.delete_stream, "ResourceNotFoundException", 404, StreamARN=old_arn)
    assert kvs.describe_stream(StreamName=stream_name)["StreamInfo"]["StreamARN"] == new_arn


# --- tags -------------------------------------------------------------------------------------------

def test_tag_stream_by_name_and_by_arn_then_untag_stream(kvs, stream_name):
    arn, _ = create(kvs, stream_name, Tags={"a": "1"})
    kvs.tag_stream(StreamName=stream_name, Tags={"b": "2"})
    kvs.tag_stream(StreamARN=arn, Tags={"c": "3", "a": "one"})
    assert kvs.list_tags_for_stream(StreamName=stream_name)["Tags"] == {"a": "one", "b": "2", "c": "3"}
    kvs.untag_stream(StreamARN=arn, TagKeyList=["a", "not-there"])
    kvs.untag_stream(StreamName=stream_name, TagKeyList=["b"])
    assert kvs.list_tags_for_stream(StreamARN=arn)["Tags"] == {"c": "3"}


def test_tag_resource_list_tags_for_resource_and_untag_resource(kvs, stream_name):
    arn, _ = create(kvs, stream_name)
    kvs.tag_resource(ResourceARN=arn, Tags=[{"Key": "team", "Value": "video"}, {"Key": "env", "Value": ""}])
    assert kvs.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"team": "video", "env": ""}
    assert kvs.list_tags_for_stream(StreamName=stream_name)["Tags"] == {"team": "video", "env": ""}
    kvs.untag_resource(ResourceARN=arn, TagKeyList=["team"])
    assert kvs.list_tags_for_resource(ResourceARN=arn)["Tags"] == {"env": ""}


def test_a_new_stream_has_no_tags(kvs, stream_name):
    arn, _ = create(kvs, stream_name)
    assert kvs.list_tags_for_resource(ResourceARN=arn).get("Tags", {}) == {}


def fifty_tags():
    return {f"key{i}": f"value{i}" for i in range(50)}


def test_a_stream_holds_fifty_tags_and_a_51st_by_tag_stream_is_tags_per_resource_exceeded(kvs, stream_name):
    create(kvs, stream_name, Tags=fifty_tags())
    expect_error(kvs.tag_stream, "TagsPerResourceExceededLimitException", 400, StreamName=stream_name,
                 Tags={"one-more": "x"})
    kvs.tag_stream(StreamName=stream_name, Tags={"key0": "replaced"})  # same keys: still 50
    tags = kvs.list_tags_for_stream(StreamName=stream_name)["Tags"]
    assert len(tags) == 50 and tags["key0"] == "replaced"


def test_a_51st_tag_by_tag_resource_is_tags_per_resource_exceeded(kvs, stream_name):
    arn, _ = create(kvs, stream_name, Tags={f"key{i}": "v" for i in range(30)})
    more = [{"Key": f"more{i}", "Value": "v"} for i in range(21)]
    expect_error(kvs.tag_resource, "TagsPerResourceExceededLimitException", 400, ResourceARN=arn, Tags=more)
    assert len(kvs.list_tags_for_resource(ResourceARN=arn)["Tags"]) == 30
    kvs.tag_resource(ResourceARN=arn, Tags=more[:20])
    assert len(kvs.list_tags_for_resource(ResourceARN=arn)["Tags"]) == 50


def test_tagging_an_unknown_stream_is_a_404_not_found(kvs, stream_name):
    expect_error(kvs.tag_stream, "ResourceNotFoundException", 404, StreamName=stream_name, Tags={"a": "b"})
    arn = f"arn:aws:kinesisvideo:{REGION}:{ACCOUNT}:stream/{stream_name}/1700000000000"
    expect_error(kvs.tag_resource, "ResourceNotFoundException", 404, ResourceARN=arn, Tags=[{"Key": "a", "Value": "b"}])
    expect_error(kvs.list_tags_for_resource, "ResourceNotFoundException", 404, ResourceARN=arn)


# --- GetDataEndpoint --------------------------------------------------------------------------------

@pytest.mark.parametrize("api_name", API_NAMES)
def test_get_data_endpoint_returns_the_server_url_for_each_api_name(kvs, endpoint, stream_name, api_name):
    arn, _ = create(kvs, stream_name)
    by_name = kvs.get_data_endpoint(StreamName=stream_name, APIName=api_name)["DataEndpoint"]
    by_arn = kvs.get_data_endpoint(StreamARN=arn, APIName=api_name)["DataEndpoint"]
    assert by_name.rstrip("/") == endpoint
    assert by_arn == by_name


def test_get_data_endpoint_of_an_unknown_stream_is_a_404_not_found(kvs, stream_name):
    expect_error(kvs.get_data_endpoint, "ResourceNotFoundException", 404, StreamName=stream_name, APIName="PUT_MEDIA")


# --- what kvs-edge does not serve, and who may call -------------------------------------------------

def test_an_unsupported_operation_is_a_400_unsupported_operation_naming_it(kvs):
    response = expect_error(kvs.create_signaling_channel, "UnsupportedOperationException", 400, ChannelName="chan")
    assert "CreateSignalingChannel" in response["Error"]["Message"]


def test_a_client_with_the_wrong_secret_key_gets_a_403_invalid_signature(endpoint):
    client = make_client(endpoint, secret_key="not-the-secret")
    expect_error(client.list_streams, "InvalidSignatureException", 403)


def test_a_client_with_an_unknown_access_key_gets_a_403_unrecognized_client(endpoint):
    client = make_client(endpoint, access_key="AKIDUNKNOWNKEY", secret_key="whatever")
    expect_error(client.list_streams, "UnrecognizedClientException", 403)
