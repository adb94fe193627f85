"""Every supported kinesisvideo operation, driven with the unmodified `aws` CLI as a user would."""
import json

import pytest

from support import ACCOUNT, NOT_FOUND_MESSAGE, REGION, STREAM_ARN, fails_with, make_client, ok, unique_name

API_NAMES = make_client("http://127.0.0.1:1").meta.service_model.shape_for("APIName").enum


def create(aws, name, *args):
    arn = ok(aws("create-stream", "--stream-name", name, *args))["StreamARN"]
    return arn, describe(aws, "--stream-name", name)["Version"]


def describe(aws, *args):
    return ok(aws("describe-stream", *args))["StreamInfo"]


def begins_with(prefix):
    return f"ComparisonOperator=BEGINS_WITH,ComparisonValue={prefix}"


def test_create_stream_prints_the_stream_arn(aws, stream_name):
    arn = ok(aws("create-stream", "--stream-name", stream_name, "--data-retention-in-hours", "24"))["StreamARN"]
    match = STREAM_ARN.fullmatch(arn)
    assert match and match["name"] == stream_name, arn


def test_describe_stream_by_name_and_by_arn_print_the_same_stream(aws, stream_name):
    arn, _ = create(aws, stream_name, "--device-name", "camera-1", "--media-type", "video/h264")
    by_name = describe(aws, "--stream-name", stream_name)
    assert by_name == describe(aws, "--stream-arn", arn)
    assert (by_name["StreamName"], by_name["StreamARN"], by_name["Status"]) == (stream_name, arn, "ACTIVE")
    assert (by_name["DeviceName"], by_name["MediaType"]) == ("camera-1", "video/h264")


def test_creating_a_taken_stream_name_fails_with_resource_in_use(aws, stream_name):
    create(aws, stream_name)
    fails_with(aws("create-stream", "--stream-name", stream_name), "ResourceInUseException")


def test_describing_an_unknown_stream_fails_with_resource_not_found(aws, stream_name):
    fails_with(aws("describe-stream", "--stream-name", stream_name), "ResourceNotFoundException", NOT_FOUND_MESSAGE)


def test_list_streams_with_max_items_prints_a_next_token_that_continues_the_listing(aws, kvs):
    prefix = unique_name("cli-pages")
    names = {f"{prefix}-{i}" for i in range(3)}
    for name in names:
        kvs.create_stream(StreamName=name)
    first = ok(aws("list-streams", "--stream-name-condition", begins_with(prefix), "--max-items", "2"))
    assert len(first["StreamInfoList"]) == 2 and first["NextToken"]
    rest = ok(aws("list-streams", "--stream-name-condition", begins_with(prefix),
                  "--max-items", "2", "--starting-token", first["NextToken"]))
    seen = [s["StreamName"] for s in first["StreamInfoList"] + rest["StreamInfoList"]]
    assert sorted(seen) == sorted(names)
    assert "NextToken" not in rest


def test_list_streams_with_a_page_size_follows_next_tokens_to_the_end(aws, kvs):
    prefix = unique_name("cli-page-size")
    names = {f"{prefix}-{i}" for i in range(5)}
    for name in names:
        kvs.create_stream(StreamName=name)
    listed = ok(aws("list-streams", "--stream-name-condition", begins_with(prefix), "--page-size", "2"))
    assert sorted(s["StreamName"] for s in listed["StreamInfoList"]) == sorted(names)


def test_list_streams_begins_with_an_underscore_prefix_matches_it_literally(aws, kvs):
    prefix = unique_name("cli-under") + "_x"
    kvs.create_stream(StreamName=prefix + "1")
    kvs.create_stream(StreamName=prefix[:-2] + "Zx1")
    listed = ok(aws("list-streams", "--stream-name-condition", begins_with(prefix)))
    assert [s["StreamName"] for s in listed["StreamInfoList"]] == [prefix + "1"]


def test_update_stream_changes_the_device_name_and_the_version(aws, stream_name):
    _, version = create(aws, stream_name)
    ok(aws("update-stream", "--stream-name", stream_name, "--current-version", version, "--device-name", "new"))
    info = describe(aws, "--stream-name", stream_name)
    assert info["DeviceName"] == "new" and info["Version"] != version


def test_update_stream_with_a_stale_version_fails_with_version_mismatch(aws, stream_name):
    _, version = create(aws, stream_name)
    ok(aws("update-stream", "--stream-name", stream_name, "--current-version", version, "--media-type", "video/h265"))
    fails_with(aws("update-stream", "--stream-name", stream_name, "--current-version", version,
                   "--media-type", "video/h264"), "VersionMismatchException")


def test_update_data_retention_increases_then_decreases(aws, stream_name):
    arn, version = create(aws, stream_name, "--data-retention-in-hours", "24")
    ok(aws("update-data-retention", "--stream-arn", arn, "--current-version", version,
           "--operation", "INCREASE_DATA_RETENTION", "--data-retention-change-in-hours", "6"))
    info = describe(aws, "--stream-arn", arn)
    assert info["DataRetentionInHours"] == 30 and info["Version"] != version
    ok(aws("update-data-retention", "--stream-name", stream_name, "--current-version", info["Version"],
           "--operation", "DECREASE_DATA_RETENTION", "--data-retention-change-in-hours", "30"))
    assert describe(aws, "--stream-arn", arn)["DataRetentionInHours"] == 0


def test_decreasing_data_retention_below_zero_fails_with_invalid_argument(aws, stream_name):
    _, version = create(aws, stream_name, "--data-retention-in-hours", "1")
    fails_with(aws("update-data-retention", "--stream-name", stream_name, "--current-version", version,
                   "--operation", "DECREASE_DATA_RETENTION", "--data-retention-change-in-hours", "2"),
               "InvalidArgumentException")


def test_delete_stream_with_the_current_version_removes_the_stream(aws, stream_name):
    arn, version = create(aws, stream_name)
    fails_with(aws("delete-stream", "--stream-arn", arn, "--current-version", "stale0"), "VersionMismatchException")
    assert ok(aws("delete-stream", "--stream-arn", arn, "--current-version", version)) == {}
    fails_with(aws("describe-stream", "--stream-name", stream_name), "ResourceNotFoundException", NOT_FOUND_MESSAGE)


def test_tag_stream_list_tags_for_stream_and_untag_stream(aws, stream_name):
    arn, _ = create(aws, stream_name, "--tags", "a=1")
    ok(aws("tag-stream", "--stream-name", stream_name, "--tags", "b=2,c=3"))
    assert ok(aws("list-tags-for-stream", "--stream-arn", arn))["Tags"] == {"a": "1", "b": "2", "c": "3"}
    ok(aws("untag-stream", "--stream-name", stream_name, "--tag-key-list", "a", "b"))
    assert ok(aws("list-tags-for-stream", "--stream-name", stream_name))["Tags"] == {"c": "3"}


def test_tag_resource_list_tags_for_resource_and_untag_resource(aws, stream_name):
    arn, _ = create(aws, stream_name)
    ok(aws("tag-resource", "--resource-arn", arn, "--tags", json.dumps([{"Key": "team", "Value": "video"},
                                                                        {"Key": "env", "Value": "dev"}])))
    assert ok(aws("list-tags-for-resource", "--resource-arn", arn))["Tags"] == {"team": "video", "env": "dev"}
    ok(aws("untag-resource", "--resource-arn", arn, "--tag-key-list", "env"))
    assert ok(aws("list-tags-for-resource", "--resource-arn", arn))["Tags"] == {"team": "video"}


def test_more_than_fifty_tags_fail_with_tags_per_resource_exceeded_limit(aws, stream_name):
    arn, _ = create(aws, stream_name)
    fifty = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    ok(aws("tag-resource", "--resource-arn", arn, "--tags", json.dumps(fifty)))
    fails_with(aws("tag-resource", "--resource-arn", arn, "--tags", json.dumps([{"Key": "k50", "Value": "v"}])),
               "TagsPerResourceExceededLimitException")
    fails_with(aws("tag-stream", "--stream-arn", arn, "--tags", "k51=v"), "TagsPerResourceExceededLimitException")


@pytest.mark.parametrize("api_name", API_NAMES)
def test_get_data_endpoint_prints_the_server_url_for_each_api_name(aws, kvs, endpoint, stream_name, api_name):
    kvs.create_stream(StreamName=stream_name)
    result = ok(aws("get-data-endpoint", "--stream-name", stream_name, "--api-name", api_name))
    assert result["DataEndpoint"].rstrip("/") == endpoint


def test_get_data_endpoint_of_an_unknown_stream_fails_with_resource_not_found(aws, stream_name):
    arn = f"arn:aws:kinesisvideo:{REGION}:{ACCOUNT}:stream/{stream_name}/1700000000000"
    fails_with(aws("get-data-endpoint", "--stream-arn", arn, "--api-name", "GET_MEDIA"), "ResourceNotFoundException")


def test_an_unsupported_operation_fails_with_unsupported_operation_naming_it(aws):
    result = aws("create-signaling-channel", "--channel-name", "chan")
    fails_with(result, "UnsupportedOperationException", "CreateSignalingChannel")


def test_a_wrong_secret_key_fails_with_invalid_signature(aws):
    fails_with(aws("list-streams", env={"AWS_SECRET_ACCESS_KEY": "not-the-secret"}), "InvalidSignatureException")


def test_an_unknown_access_key_fails_with_unrecognized_client(aws):
    fails_with(aws("list-streams", env={"AWS_ACCESS_KEY_ID": "AKIDUNKNOWNKEY"}), "UnrecognizedClientException")
