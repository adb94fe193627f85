"""A model-driven generator of invalid requests (kinesisvideo, its archived-media data plane, secretsmanager), and of
what the server must answer.

For each supported operation it starts from a valid baseline request, walks every member reachable in
the operation's input shape in botocore's installed model (through structures, lists and maps), and
for each constraint found there makes one request that breaks it: a missing required member, a
string too short or too long, a pattern or enum miss, an integer out of range, a list or map of the
wrong size, a bad map key or value, a JSON value of the wrong type. Each Case says what AWS answers:
a 400 ValidationException worded like AWS's ("1 validation error detected: Value '...' at
'streamName' failed to satisfy constraint: ..."), or a 400 SerializationException.

To cover another operation, add its baseline to its service's table in BASELINES.
"""
import copy
import dataclasses
import re
import time
import uuid
from dataclasses import dataclass, field

import botocore.session

from support import SECRET_ARN, full_edge_config

MISSING = object()  # a mutation value that removes the member


def _kinesisvideo_ops():
    # ctx supplies a real stream (name, arn, version) that retains data and has no edge configuration,
    # a hub device of its own (hub), a second stream with an edge configuration on that hub (edge_name,
    # edge_arn), and fresh names; see test_negative_generator.py.
    return {
        "CreateStream": lambda ctx: {
            "StreamName": ctx.new_name(), "DeviceName": "camera-1", "MediaType": "video/h264",
            "KmsKeyId": "arn:aws:kms:us-east-1:123456789012:alias/aws/kinesisvideo", "DataRetentionInHours": 1,
            "Tags": {"team": "video"}, "StreamStorageConfiguration": {"DefaultStorageTier": "HOT"}},
        "DescribeStream": lambda ctx: {"StreamName": ctx.name},
        "ListStreams": lambda ctx: {"MaxResults": 10, "NextToken": "",
                                    "StreamNameCondition": {"ComparisonOperator": "BEGINS_WITH",
                                                            "ComparisonValue": ctx.name}},
        "UpdateStream": lambda ctx: {"StreamName": ctx.name, "CurrentVersion": ctx.version,
                                     "DeviceName": "camera-2", "MediaType": "video/h265"},
        "UpdateDataRetention": lambda ctx: {"StreamName": ctx.name, "CurrentVersion": ctx.version,
                                            "Operation": "INCREASE_DATA_RETENTION", "DataRetentionChangeInHours": 1},
        "DeleteStream": lambda ctx: {"StreamARN": ctx.arn, "CurrentVersion": ctx.version},
        "TagStream": lambda ctx: {"StreamName": ctx.name, "Tags": {"team": "video"}},
        "UntagStream": lambda ctx: {"StreamName": ctx.name, "TagKeyList": ["team"]},
        "ListTagsForStream": lambda ctx: {"StreamName": ctx.name},
        "TagResource": lambda ctx: {"ResourceARN": ctx.arn, "Tags": [{"Key": "team", "Value": "video"}]},
        "UntagResource": lambda ctx: {"ResourceARN": ctx.arn, "TagKeyList": ["team"]},
        "ListTagsForResource": lambda ctx: {"ResourceARN": ctx.arn},
        "GetDataEndpoint": lambda ctx: {"StreamName": ctx.name, "APIName": "GET_MEDIA"},
        # the EdgeConfig sets every member the model has, so each nested constraint is reached as written
        "StartEdgeConfigurationUpdate": lambda ctx: {"StreamName": ctx.name, "EdgeConfig": full_edge_config(ctx.hub)},
        "DescribeEdgeConfiguration": lambda ctx: {"StreamName": ctx.edge_name},
        "DeleteEdgeConfiguration": lambda ctx: {"StreamARN": ctx.edge_arn},
        "ListEdgeAgentConfigurations": lambda ctx: {"HubDeviceArn": ctx.edge_hub, "MaxResults": 10, "NextToken": ""},
        "DescribeStreamStorageConfiguration": lambda ctx: {"StreamName": ctx.name},
        "UpdateStreamStorageConfiguration": lambda ctx: {"StreamName": ctx.name, "CurrentVersion": ctx.version,
                                                         "StreamStorageConfiguration": {"DefaultStorageTier": "WARM"}},
        "DescribeMappedResourceConfiguration": lambda ctx: {"StreamName": ctx.name, "MaxResults": 1, "NextToken": ""},
        "DescribeMediaStorageConfiguration": lambda ctx: {"ChannelARN": CHANNEL_ARN},
        "UpdateMediaStorageConfiguration": lambda ctx: {"ChannelARN": CHANNEL_ARN, "MediaStorageConfiguration": {
            "StreamARN": ctx.arn, "Status": "ENABLED"}},
        "UpdateImageGenerationConfiguration": lambda ctx: {"StreamName": ctx.name, "ImageGenerationConfiguration": {
            "Status": "ENABLED", "ImageSelectorType": "PRODUCER_TIMESTAMP",
            "DestinationConfig": {"Uri": "s3://images/thumbs", "DestinationRegion": "us-east-1"},
            "SamplingInterval": 1000, "Format": "JPEG", "FormatConfig": {"JPEGQuality": "80"},
            "WidthPixels": 320, "HeightPixels": 240}},
        "DescribeImageGenerationConfiguration": lambda ctx: {"StreamName": ctx.name},
        "UpdateNotificationConfiguration": lambda ctx: {"StreamName": ctx.name, "NotificationConfiguration": {
            "Status": "ENABLED", "DestinationConfig": {"Uri": "arn:aws:sns:us-east-1:123456789012:kvs"}}},
        "DescribeNotificationConfiguration": lambda ctx: {"StreamName": ctx.name},
    }


def _archived_media_ops():
    return {
        "GetImages": lambda ctx: {
            "StreamName": ctx.name, "ImageSelectorType": "PRODUCER_TIMESTAMP", "StartTimestamp": int(time.time()) - 10,
            "EndTimestamp": int(time.time()), "SamplingInterval": 1000, "Format": "JPEG",
            "FormatConfig": {"JPEGQuality": "80"}, "WidthPixels": 320, "HeightPixels": 240, "MaxResults": 10},
    }


def _secretsmanager_ops():
    # ctx supplies a secret of its own (secret, with a second version secret_version), fresh names, a secret
    # replicated to another region (replicated) and the replica in this region of one made elsewhere (replica).
    token = lambda: str(uuid.uuid4())  # noqa: E731: 36 characters, as the SDKs make ClientRequestTokens
    return {
        "CreateSecret": lambda ctx: {"Name": ctx.new_name(), "ClientRequestToken": token(), "Description": "camera",
                                     "KmsKeyId": "alias/cameras", "SecretString": "rtsp://camera",
                                     "Tags": [{"Key": "site", "Value": "a"}], "ForceOverwriteReplicaSecret": False},
        "GetSecretValue": lambda ctx: {"SecretId": ctx.secret, "VersionStage": "AWSCURRENT"},
        "BatchGetSecretValue": lambda ctx: {"SecretIdList": [ctx.secret]},
        "PutSecretValue": lambda ctx: {"SecretId": ctx.secret, "ClientRequestToken": token(), "SecretString": "rtsp://2",
                                       "VersionStages": ["AWSCURRENT"]},
        "UpdateSecret": lambda ctx: {"SecretId": ctx.secret, "ClientRequestToken": token(), "Description": "camera 2",
                                     "KmsKeyId": "alias/cameras", "SecretString": "rtsp://3"},
        "DescribeSecret": lambda ctx: {"SecretId": ctx.secret},
        "ListSecrets": lambda ctx: {"IncludePlannedDeletion": True, "MaxResults": 10,
                                    "Filters": [{"Key": "name", "Values": [ctx.secret]}], "SortOrder": "asc",
                                    "SortBy": "name"},
        "DeleteSecret": lambda ctx: {"SecretId": ctx.secret, "RecoveryWindowInDays": 7},
        "RestoreSecret": lambda ctx: {"SecretId": ctx.secret},
        "TagResource": lambda ctx: {"SecretId": ctx.secret, "Tags": [{"Key": "site", "Value": "b"}]},
        "UntagResource": lambda ctx: {"SecretId": ctx.secret, "TagKeys": ["site"]},
        "ListSecretVersionIds": lambda ctx: {"SecretId": ctx.secret, "MaxResults": 10, "IncludeDeprecated": True},
        "UpdateSecretVersionStage": lambda ctx: {"SecretId": ctx.secret, "VersionStage": "MINE",
                                                 "MoveToVersionId": ctx.secret_version},
        "GetRandomPassword": lambda ctx: {"PasswordLength": 20, "ExcludeCharacters": "abc", "ExcludeNumbers": False,
                                          "ExcludePunctuation": False, "ExcludeUppercase": False,
                                          "ExcludeLowercase": False, "IncludeSpace": False,
                                          "RequireEachIncludedType": True},
        "GetResourcePolicy": lambda ctx: {"SecretId": ctx.secret},
        "PutResourcePolicy": lambda ctx: {"SecretId": ctx.secret, "ResourcePolicy": POLICY, "BlockPublicPolicy": True},
        "DeleteResourcePolicy": lambda ctx: {"SecretId": ctx.secret},
        "ValidateResourcePolicy": lambda ctx: {"SecretId": ctx.secret, "ResourcePolicy": POLICY},
        "ReplicateSecretToRegions": lambda ctx: {"SecretId": ctx.secret, "ForceOverwriteReplicaSecret": True,
                                                 "AddReplicaRegions": [{"Region": "eu-west-2", "KmsKeyId": "alias/k"}]},
        "RemoveRegionsFromReplication": lambda ctx: {"SecretId": ctx.replicated, "RemoveReplicaRegions": ["eu-west-1"]},
        "StopReplicationToReplica": lambda ctx: {"SecretId": ctx.replica},
    }


CHANNEL_ARN = "arn:aws:kinesisvideo:us-east-1:123456789012:channel/door/1700000000000"
POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:*","Resource":"*"}]}'

# The operations kvs-edge supports, by service, each with a valid baseline request: the tables to extend.
BASELINES = {
    "kinesisvideo": _kinesisvideo_ops(),
    "kinesis-video-archived-media": _archived_media_ops(),
    "secretsmanager": _secretsmanager_ops(),
}
# (service, operation) pairs, in table order.
SUPPORTED_OPERATIONS = tuple((service, op) for service, ops in BASELINES.items() for op in ops)
# A valid request of these answers this error rather than 200: kvs-edge has no signaling channels.
BASELINE_ERRORS = {("kinesisvideo", "DescribeMediaStorageConfiguration"): "ResourceNotFoundException",
                   ("kinesisvideo", "UpdateMediaStorageConfiguration"): "ResourceNotFoundException"}

# Valid values for string shapes whose pattern a run of one repeated character cannot match.
STRING_SAMPLES = {
    "ResourceARN": "arn:aws:kinesisvideo:us-east-1:123456789012:stream/sample/1700000000000",
    "MediaType": "video/h264",
    "HubDeviceArn": "arn:aws:iot:us-east-1:123456789012:thing/sample-hub",
    "MediaUriSecretArn": SECRET_ARN,
    "ScheduleExpression": "0 0 * * * ?",  # the pattern takes any 11 characters; the server also runs Quartz
    "DestinationUri": "s3://images/thumbs",
    "DestinationRegion": "us-east-1",
    "RegionType": "us-east-1",
    "ClientRequestTokenType": "0d5a3b60-0f65-4a8b-9d8d-4e0a8c2a9b1c",
    "SecretVersionIdType": "0d5a3b60-0f65-4a8b-9d8d-4e0a8c2a9b1c",
}
WRONG_TYPES = {  # JSON values of another type than the shape's, by shape type
    "string": [123, True, {"a": "b"}, ["a"]],
    "integer": ["1", 1.5, True, {"a": 1}, [1], 2 ** 31, -(2 ** 31) - 1, 10 ** 1500],
    "long": ["1", 1.5, True, {"a": 1}, [1], 2 ** 63, 10 ** 1500],
    "boolean": ["true", 1, {"a": 1}, [True]],
    "structure": ["a", 1, True, ["a"]],
    "list": ["a", 1, True, {"a": "b"}],
    "map": ["a", 1, True, ["a"]],
}


def service_model(service="kinesisvideo"):
    return botocore.session.get_session().get_service_model(service)


# --- the model's constraints, as the server must apply them -------------------------------------

def _py_pattern(java_pattern):
    """Java's regex, close enough for Python on the ASCII values generated here."""
    p = java_pattern.replace(r"\p{L}", "a-zA-Z").replace(r"\p{Z}", " ").replace(r"\p{N}", "0-9")
    return re.compile(p, re.ASCII)


def string_violations(value, shape):
    """The AWS-worded constraint failures of a string value, in AWS's order (max, min, pattern, enum)."""
    meta, out, length = shape.metadata, [], len(value)
    if "max" in meta and length > meta["max"]:
        out.append(f"Member must have length less than or equal to {meta['max']}")
    if "min" in meta and length < meta["min"]:
        out.append(f"Member must have length greater than or equal to {meta['min']}")
    if "pattern" in meta and not _py_pattern(meta["pattern"]).fullmatch(value):
        out.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
    if shape.enum and value not in shape.enum:
        out.append(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    return out


def valid_string(shape, length=None, distinct=0):
    """A value satisfying the shape's pattern, of the given length when asked (padded inside the pattern)."""
    if shape.enum:
        return shape.enum[distinct % len(shape.enum)]
    meta = shape.metadata
    low = meta.get("min", 0)
    base = STRING_SAMPLES.get(shape.name)
    if base is None:
        base = next((c * max(low, 1) for c in "aA1" if not string_violations(c * max(low, 1), shape)), None)
    if base is None:
        raise ValueError(f"no sample value for string shape {shape.name}: add one to STRING_SAMPLES")
    if distinct:
        base = _pad(base, len(base) + len(str(distinct)), shape, filler=str(distinct)) or base
    if length is None:
        return base
    if length <= len(base):
        cut = base[:length]
        return cut if not string_violations(cut, shape) or length < low else None
    return _pad(base, length, shape)


def _pad(base, length, shape, filler=None):
    """Grows base to length by repeating one character at a place where the pattern still matches."""
    pattern = _py_pattern(shape.metadata.get("pattern", ".*"))
    for pos in range(len(base), -1, -1):
        for c in ([filler] if filler else ["a", "1", "A"]):
            candidate = base[:pos] + c * max(1, (length - len(base)) // len(c)) + base[pos:]
            if len(candidate) == length and pattern.fullmatch(candidate):
                return candidate
    return None


def _stretch(shape, length):
    """A value of length made from a valid one, for a pattern that itself bounds the length (so the value
    breaks the pattern too, as in '[^\\n]{11,100}'); both failures are expected then."""
    base = valid_string(shape)
    return base + "a" * (length - len(base))


def pattern_breaker(shape):
    """A value of allowed length that only the pattern rejects, or None."""
    meta = shape.metadata
    if "pattern" not in meta:
        return None
    size = max(meta.get("min", 0), 1)
    for c in ["!", "\n", "#", " "]:
        if size <= meta.get("max", size) and string_violations(c * size, shape) == [
                f"Member must satisfy regular expression pattern: {meta['pattern']}"]:
            return c * size
    return None


def valid_value(shape, distinct=0):
    """A valid JSON value for any shape (structures get all their members)."""
    t = shape.type_name
    if t == "string":
        return valid_string(shape, distinct=distinct)
    if t in ("integer", "long"):
        return max(shape.metadata.get("min", 1), 1) + distinct
    if t == "boolean":
        return True
    if t == "structure":
        return {name: valid_value(member) for name, member in shape.members.items()}
    if t == "list":
        return [valid_value(shape.member, i) for i in range(max(shape.metadata.get("min", 1), 1))]
    if t == "map":
        return {valid_string(shape.key, distinct=i): valid_value(shape.value)
                for i in range(max(shape.metadata.get("min", 1), 1))}
    raise ValueError(f"no valid value for {shape.name} ({t})")


# --- cases -------------------------------------------------------------------------------------

@dataclass
class Case:
    operation: str
    id: str
    kind: str  # "violation", "missing", "wrong-type", "null-entry"
    steps: tuple  # where the value goes: member names, and 0 for a list's first element
    value: object
    expected_code: str  # None: any 4xx error
    fragments: list = field(default_factory=list)  # each must appear in the message
    error_count: int = 0  # validation errors the message must announce
    absent: list = field(default_factory=list)  # each must NOT appear in the message (sensitive values)
    service: str = "kinesisvideo"


def wire_path(steps):
    """AWS's path of a member in messages: lowerCamel names, list items as '.1.member'."""
    parts = []
    for step in steps:
        if isinstance(step, int):
            parts.append(f"{step + 1}.member")
        elif isinstance(step, str):
            parts.append(step[0].lower() + step[1:])
    return ".".join(parts)


def _violation(op, steps, label, value, shape, violations):
    path = wire_path(steps)
    sensitive = shape.metadata.get("sensitive")
    # AWS leaves a sensitive member's value out of the message: "Value at 'path' failed to satisfy ..."
    where = f"Value at '{path}'" if sensitive else f"Value '{value}' at '{path}'"
    fragments = [f"{where} failed to satisfy constraint: {v}" for v in violations]
    return Case(op, f"{op} {path or 'body'} {label}", "violation", steps, value, "ValidationException",
                fragments, len(violations), absent=[f"'{value}'"] if sensitive and str(value) else [])


def _string_cases(op, steps, shape):
    meta = shape.metadata
    values = []
    if meta.get("min", 0) > 0:
        values.append((f"shorter than {meta['min']}", valid_string(shape, meta["min"] - 1) or ""))
    if "max" in meta:
        values.append((f"longer than {meta['max']}", valid_string(shape, meta["max"] + 1) or _stretch(shape, meta["max"] + 1)))
    breaker = pattern_breaker(shape)
    if breaker is not None:
        values.append(("not matching its pattern", breaker))
    if shape.enum:
        values.append(("not in its enum", "NOT_A_" + shape.enum[0]))
    for label, value in values:
        if value is not None:
            yield _violation(op, steps, label, value, shape, string_violations(value, shape))


def _number_cases(op, steps, shape):
    meta = shape.metadata
    if "min" in meta:
        value = meta["min"] - 1
        yield _violation(op, steps, f"below {meta['min']}", value, shape,
                         [f"Member must have value greater than or equal to {meta['min']}"])
    if "max" in meta:
        value = meta["max"] + 1
        yield _violation(op, steps, f"above {meta['max']}", value, shape,
                         [f"Member must have value less than or equal to {meta['max']}"])


def _size_cases(op, steps, shape, make):
    meta, path = shape.metadata, wire_path(steps)
    sizes = []
    if meta.get("min", 0) > 0:
        sizes.append((f"with fewer than {meta['min']} entries", meta["min"] - 1,
                      f"Member must have length greater than or equal to {meta['min']}"))
    if "max" in meta:
        sizes.append((f"with more than {meta['max']} entries", meta["max"] + 1,
                      f"Member must have length less than or equal to {meta['max']}"))
    for label, size, violation in sizes:
        value = make(size)
        if len(value) != size:
            continue  # a map whose keys cannot be that many distinct valid ones (an enum of one key)
        yield Case(op, f"{op} {path} {label}", "violation", steps, value, "ValidationException",
                   [f"at '{path}' failed to satisfy constraint: {violation}"], 1)


def _map_entry_cases(op, steps, shape):
    """Bad keys and values: AWS reports them once, at the map, as 'Map keys/value must satisfy constraint'."""
    path = wire_path(steps)
    good_key, good_value = valid_string(shape.key), valid_value(shape.value)
    for side, entry_shape in (("key", shape.key), ("value", shape.value)):
        if entry_shape.type_name != "string":
            continue
        for bad in _string_cases(op, (), entry_shape):
            inner = string_violations(bad.value, entry_shape)
            mapping = {bad.value: good_value} if side == "key" else {good_key: bad.value}
            label = "keys" if side == "key" else "value"
            fragment = f"at '{path}' failed to satisfy constraint: Map {label} must satisfy constraint: [{', '.join(inner)}]"
            yield Case(op, f"{op} {path} with a map {side} {bad.id.split(' ', 2)[2]}", "violation",
                       steps, mapping, "ValidationException", [fragment], 1)


def _wrong_type_cases(op, steps, shape):
    path = wire_path(steps) or "body"
    for value in WRONG_TYPES.get(shape.type_name, []):
        yield Case(op, f"{op} {path} as JSON {_json_kind(value)}", "wrong-type", steps, value, "SerializationException")
    if shape.type_name == "map" and shape.value.type_name == "string":
        key = valid_string(shape.key)
        for value in WRONG_TYPES["string"]:
            yield Case(op, f"{op} {path} with a map value as JSON {_json_kind(value)}", "wrong-type", steps,
                       {key: value}, "SerializationException")


def _json_kind(value):
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return f"number {value}" if len(str(value)) < 20 else f"number of {len(str(value))} digits"
    return {str: "string", dict: "object", list: "array"}[type(value)]


def _null_entry_cases(op, steps, shape):
    """A JSON null inside a list or as a map value: the model does not say; it must still be a 4xx."""
    path = wire_path(steps)
    if shape.type_name == "list":
        yield Case(op, f"{op} {path} with a null element", "null-entry", steps, [None], None)
    elif shape.type_name == "map":
        yield Case(op, f"{op} {path} with a null map value", "null-entry", steps, {valid_string(shape.key): None}, None)


def member_cases(op, steps, shape, required):
    """All cases for one member at steps (its shape), then for what it contains."""
    path = wire_path(steps)
    if required:
        yield Case(op, f"{op} {path} missing", "missing", steps, MISSING, "ValidationException",
                   [f"Value null at '{path}' failed to satisfy constraint: Member must not be null"], 1)
        yield Case(op, f"{op} {path} as JSON null", "missing", steps, None, "ValidationException",
                   [f"Value null at '{path}' failed to satisfy constraint: Member must not be null"], 1)
    yield from _wrong_type_cases(op, steps, shape)
    t = shape.type_name
    if t == "string":
        yield from _string_cases(op, steps, shape)
    elif t in ("integer", "long"):
        yield from _number_cases(op, steps, shape)
    elif t == "structure":
        yield from structure_cases(op, steps, shape)
    if t in ("list", "map"):
        yield from _null_entry_cases(op, steps, shape)
    if t == "list":
        yield from _size_cases(op, steps, shape, lambda n: [valid_value(shape.member, i) for i in range(n)])
        yield from member_cases(op, steps + (0,), shape.member, required=False)
    if t == "map":
        yield from _size_cases(op, steps, shape, lambda n: {valid_string(shape.key, distinct=i): valid_value(shape.value)
                                                           for i in range(n)})
        yield from _map_entry_cases(op, steps, shape)


def structure_cases(op, steps, shape):
    for name, member in shape.members.items():
        yield from member_cases(op, steps + (name,), member, name in shape.required_members)


def cases_for(service, op_name, model=None):
    """The cases of one operation; their ids start with the operation, and the service unless kinesisvideo."""
    model = model or service_model(service)
    label = op_name if service == "kinesisvideo" else f"{service} {op_name}"
    return [dataclasses.replace(case, operation=op_name, service=service)
            for case in structure_cases(label, (), model.operation_model(op_name).input_shape)]


def all_cases():
    models = {service: service_model(service) for service in BASELINES}
    return [case for service, op in SUPPORTED_OPERATIONS for case in cases_for(service, op, models[service])]


# --- building the request of a case ---------------------------------------------------------------

def apply(baseline, case, input_shape):
    """A copy of baseline with the case's value written at its steps (containers made valid on the way)."""
    body = copy.deepcopy(baseline)
    if not case.steps:
        return case.value
    node, shape = body, input_shape
    for i, step in enumerate(case.steps[:-1]):
        child_shape = shape.members[step] if isinstance(step, str) else shape.member
        container = list if child_shape.type_name == "list" else dict
        if isinstance(step, str) and not isinstance(node.get(step), container):
            node[step] = valid_value(child_shape)
        node, shape = node[step], child_shape
    last = case.steps[-1]
    if case.value is MISSING:
        node.pop(last, None) if isinstance(node, dict) else node.pop(last)
    else:
        node[last] = case.value
    return body
