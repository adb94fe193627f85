"""The camera secret of an edge configuration, kept with the unmodified `aws secretsmanager` CLI as the
AWS edge tutorial does it: create, read, rotate a value, describe, list, tag, delete and restore."""
import base64
import json

from support import fails_with, ok
from secrets_support import MARKED_FOR_DELETION, NOT_FOUND_MESSAGE, SECRET_ARN, camera_uri, partial_arn, secret_name


def create(aws_secrets, name, value):
    return ok(aws_secrets("create-secret", "--name", name, "--secret-string", value))


def value_of(aws_secrets, *args):
    return ok(aws_secrets("get-secret-value", *args))


def test_create_secret_as_the_tutorial_shows_prints_the_arn_name_and_version(aws_secrets, request):
    name, uri = secret_name(request.node.name), camera_uri()
    created = create(aws_secrets, name, uri)
    match = SECRET_ARN.fullmatch(created["ARN"])
    assert match and match["name"] == name, created
    assert created["Name"] == name and created["VersionId"], created

    got = value_of(aws_secrets, "--secret-id", name)
    assert json.loads(got["SecretString"]) == json.loads(uri)
    assert (got["ARN"], got["VersionId"], got["VersionStages"]) == (created["ARN"], created["VersionId"], ["AWSCURRENT"])
    for secret_id in (created["ARN"], partial_arn(created["ARN"])):
        assert value_of(aws_secrets, "--secret-id", secret_id)["SecretString"] == uri


def test_the_secret_string_can_come_from_a_file(aws_secrets, request, tmp_path):
    name, uri = secret_name(request.node.name), camera_uri()
    (tmp_path / "camera.json").write_text(uri)
    ok(aws_secrets("create-secret", "--name", name, "--secret-string", "file://camera.json", cwd=tmp_path))
    assert value_of(aws_secrets, "--secret-id", name)["SecretString"] == uri


def test_a_binary_secret_round_trips(aws_secrets, request, tmp_path):
    name = secret_name(request.node.name)
    (tmp_path / "blob").write_bytes(b"\x00\x01rtsp\xff")
    ok(aws_secrets("create-secret", "--name", name, "--secret-binary", "fileb://blob", cwd=tmp_path))
    got = value_of(aws_secrets, "--secret-id", name)
    assert base64.b64decode(got["SecretBinary"]) == b"\x00\x01rtsp\xff" and "SecretString" not in got


def test_put_secret_value_rotates_the_camera_uri(aws_secrets, request):
    name, old, new = secret_name(request.node.name), camera_uri(), camera_uri()
    v1 = create(aws_secrets, name, old)["VersionId"]
    put = ok(aws_secrets("put-secret-value", "--secret-id", name, "--secret-string", new))
    assert put["VersionStages"] == ["AWSCURRENT"] and put["VersionId"] != v1, put

    assert value_of(aws_secrets, "--secret-id", name)["SecretString"] == new
    assert value_of(aws_secrets, "--secret-id", name, "--version-stage", "AWSPREVIOUS")["SecretString"] == old
    assert value_of(aws_secrets, "--secret-id", name, "--version-id", v1)["SecretString"] == old
    stages = ok(aws_secrets("describe-secret", "--secret-id", name))["VersionIdsToStages"]
    assert stages == {v1: ["AWSPREVIOUS"], put["VersionId"]: ["AWSCURRENT"]}


def test_update_secret_changes_the_description_and_the_value(aws_secrets, request):
    name, uri = secret_name(request.node.name), camera_uri()
    create(aws_secrets, name, camera_uri())
    ok(aws_secrets("update-secret", "--secret-id", name, "--description", "lobby camera"))
    updated = ok(aws_secrets("update-secret", "--secret-id", name, "--secret-string", uri))
    assert updated["VersionId"], updated
    described = ok(aws_secrets("describe-secret", "--secret-id", name))
    assert described["Description"] == "lobby camera"
    assert described["VersionIdsToStages"][updated["VersionId"]] == ["AWSCURRENT"]
    assert value_of(aws_secrets, "--secret-id", name)["SecretString"] == uri


def test_tags_are_added_shown_and_removed(aws_secrets, request):
    name = secret_name(request.node.name)
    ok(aws_secrets("create-secret", "--name", name, "--secret-string", camera_uri(), "--tags", "Key=site,Value=warehouse"))
    assert aws_secrets("tag-resource", "--secret-id", name, "--tags", "Key=floor,Value=1").returncode == 0
    assert ok(aws_secrets("describe-secret", "--secret-id", name))["Tags"] == [
        {"Key": "floor", "Value": "1"}, {"Key": "site", "Value": "warehouse"}]
    assert aws_secrets("untag-resource", "--secret-id", name, "--tag-keys", "site", "floor").returncode == 0
    assert ok(aws_secrets("describe-secret", "--secret-id", name))["Tags"] == []  # AWS's answer once tags were removed


def test_list_secrets_filters_by_name_and_pages_with_max_items(aws_secrets, request):
    prefix = secret_name(request.node.name)
    names = [f"{prefix}-{i}" for i in range(3)]
    for name in names:
        create(aws_secrets, name, camera_uri())
    listed = ok(aws_secrets("list-secrets", "--filters", f"Key=name,Values={prefix}"))["SecretList"]
    assert [s["Name"] for s in listed] == names  # oldest first
    assert all(SECRET_ARN.fullmatch(s["ARN"]) and len(s["SecretVersionsToStages"]) == 1 for s in listed), listed

    first = ok(aws_secrets("list-secrets", "--filters", f"Key=name,Values={prefix}", "--max-items", "2"))
    assert len(first["SecretList"]) == 2 and first["NextToken"], first
    rest = ok(aws_secrets("list-secrets", "--filters", f"Key=name,Values={prefix}", "--max-items", "2",
                          "--starting-token", first["NextToken"]))
    assert [s["Name"] for s in first["SecretList"] + rest["SecretList"]] == names
    paged = ok(aws_secrets("list-secrets", "--filters", f"Key=name,Values={prefix}", "--page-size", "1"))
    assert [s["Name"] for s in paged["SecretList"]] == names


def test_delete_schedules_the_secret_and_restore_brings_it_back(aws_secrets, request):
    name, uri = secret_name(request.node.name), camera_uri()
    arn = create(aws_secrets, name, uri)["ARN"]
    deleted = ok(aws_secrets("delete-secret", "--secret-id", name, "--recovery-window-in-days", "7"))
    assert deleted["ARN"] == arn and deleted["DeletionDate"], deleted

    fails_with(aws_secrets("get-secret-value", "--secret-id", name), "InvalidRequestException", MARKED_FOR_DELETION)
    assert ok(aws_secrets("describe-secret", "--secret-id", name))["DeletedDate"]
    assert name not in [s["Name"] for s in ok(aws_secrets("list-secrets", "--filters", f"Key=name,Values={name}"))["SecretList"]]
    planned = ok(aws_secrets("list-secrets", "--include-planned-deletion", "--filters", f"Key=name,Values={name}"))
    assert [s["Name"] for s in planned["SecretList"]] == [name]

    assert ok(aws_secrets("restore-secret", "--secret-id", name)) == {"ARN": arn, "Name": name}
    assert value_of(aws_secrets, "--secret-id", name)["SecretString"] == uri
    assert "DeletedDate" not in ok(aws_secrets("describe-secret", "--secret-id", name))


def test_force_delete_removes_the_secret_at_once_and_frees_its_name(aws_secrets, request):
    name = secret_name(request.node.name)
    arn = create(aws_secrets, name, camera_uri())["ARN"]
    ok(aws_secrets("delete-secret", "--secret-id", arn, "--force-delete-without-recovery"))
    fails_with(aws_secrets("describe-secret", "--secret-id", name), "ResourceNotFoundException", NOT_FOUND_MESSAGE)
    assert create(aws_secrets, name, camera_uri())["ARN"] != arn


def test_errors_name_aws_codes(aws_secrets, request):
    name = secret_name(request.node.name)
    create(aws_secrets, name, camera_uri())
    fails_with(aws_secrets("create-secret", "--name", name, "--secret-string", "x"), "ResourceExistsException")
    fails_with(aws_secrets("get-secret-value", "--secret-id", name + "-missing"), "ResourceNotFoundException", NOT_FOUND_MESSAGE)
    fails_with(aws_secrets("delete-secret", "--secret-id", name, "--recovery-window-in-days", "3"), "InvalidParameterException")
    fails_with(aws_secrets("create-secret", "--name", "has space", "--secret-string", "x"), "InvalidParameterException")
    fails_with(aws_secrets("rotate-secret", "--secret-id", name), "UnsupportedOperationException")
