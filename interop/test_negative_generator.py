"""Model-driven negative tests: every constraint of every supported operation's input, broken one at a
time and sent raw (signed, but past botocore's client-side validation), must get the 4xx AWS sends.

The cases come from negative_cases.py, which reads the installed botocore model. The headline: no
request of this module, however malformed, gets a 5xx.
"""
from collections import Counter

import pytest

import negative_cases as nc
import signed_http
from secrets_support import make_secrets_client
from support import edge_config, hub_arn

MODELS = {service: nc.service_model(service) for service in nc.BASELINES}
CASES = nc.all_cases()
OPERATIONS = nc.SUPPORTED_OPERATIONS  # (service, operation) pairs

MALFORMED_BODIES = {
    "a truncated object": '{"StreamName": ',
    "a bare word": "hello",
    "a trailing comma": '{"StreamName": "a",}',
    "single-quoted JSON": "{'StreamName': 'a'}",
    "an unterminated string": '{"StreamName": "a',
    "invalid UTF-8": b'{"StreamName": "\xff\xfe"}',
    "content after the object": '{"StreamName": "a"} {"StreamName": "b"}',
}
NON_OBJECT_BODIES = {
    "an array": "[]",
    "an array holding an object": "[{}]",
    "a string": '"text"',
    "a number": "1",
    "true": "true",
    "null": "null",
}


def op_id(service_op):
    service, op = service_op
    return op if service == "kinesisvideo" else f"{service} {op}"


def op_params(operations=OPERATIONS):
    return [pytest.param(service_op, id=op_id(service_op)) for service_op in operations]


def body_cases(bodies):
    return [pytest.param(service_op, body, id=f"{op_id(service_op)} {label}") for service_op in OPERATIONS
            for label, body in bodies.items()]


def case_summary():
    kinds = Counter(case.kind for case in CASES)
    detail = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
    return (f"negative generator: {len(CASES)} model cases over {len(OPERATIONS)} operations ({detail}), "
            f"plus {len(OPERATIONS) * (len(MALFORMED_BODIES) + len(NON_OBJECT_BODIES))} malformed or non-object bodies")


class StreamContext:
    """What baselines refer to, each made on first use: one real stream that retains data and has no
    edge configuration, a hub device of this test's own, a second stream with an edge configuration
    on that hub, fresh names; a secret with two versions, a secret replicated to eu-west-1, and the
    replica in this region of a secret made in eu-west-1."""

    def __init__(self, kvs, new_name, secrets_client):
        self._kvs, self.new_name, self._stream, self._hub, self._edge = kvs, new_name, None, None, None
        self._secrets, self._secret, self._replicated, self._replica = secrets_client, None, None, None

    def _info(self):
        if self._stream is None:
            name = self.new_name()
            self._kvs.create_stream(StreamName=name, DataRetentionInHours=24, Tags={"team": "video"})
            self._stream = self._kvs.describe_stream(StreamName=name)["StreamInfo"]
        return self._stream

    def _edge_config(self):
        if self._edge is None:
            name = self.new_name()
            self._kvs.create_stream(StreamName=name, DataRetentionInHours=24)
            self._edge = self._kvs.start_edge_configuration_update(StreamName=name, EdgeConfig=edge_config(self.hub))
        return self._edge

    @property
    def hub(self):
        if self._hub is None:
            self._hub = hub_arn(self.new_name())
        return self._hub

    name = property(lambda self: self._info()["StreamName"])
    arn = property(lambda self: self._info()["StreamARN"])
    version = property(lambda self: self._info()["Version"])
    def _own_secret(self):
        if self._secret is None:
            name = self.new_name()
            self._secrets.create_secret(Name=name, SecretString="rtsp://one")
            version = self._secrets.put_secret_value(SecretId=name, SecretString="rtsp://two", VersionStages=["MINE"])
            self._secret = (name, version["VersionId"])
        return self._secret

    @property
    def replicated(self):
        if self._replicated is None:
            self._replicated = self.new_name()
            self._secrets.create_secret(Name=self._replicated, SecretString="x", AddReplicaRegions=[{"Region": "eu-west-1"}])
        return self._replicated

    @property
    def replica(self):
        if self._replica is None:
            self._replica = self.new_name()
            elsewhere = make_secrets_client(self._secrets.meta.endpoint_url, region="eu-west-1")
            elsewhere.create_secret(Name=self._replica, SecretString="x", AddReplicaRegions=[{"Region": "us-east-1"}])
        return self._replica

    secret = property(lambda self: self._own_secret()[0])
    secret_version = property(lambda self: self._own_secret()[1])
    edge_name = property(lambda self: self._edge_config()["StreamName"])
    edge_arn = property(lambda self: self._edge_config()["StreamARN"])
    edge_hub = property(lambda self: self._edge_config()["EdgeConfig"]["HubDeviceArn"])


@pytest.fixture
def ctx(kvs, new_stream_name, secrets):
    return StreamContext(kvs, new_stream_name, secrets)


def send_op(endpoint, service_op, body, method="POST"):
    """Sends a raw request of the operation as its service's protocol has it: by path (rest-json) or by
    X-Amz-Target to / (awsJson), signed for the service's signing name."""
    service, op = service_op
    model = MODELS[service]
    if model.protocol == "json":
        return signed_http.send(endpoint, "/", body, method=method, service=model.signing_name,
                                target=f"{model.metadata['targetPrefix']}.{op}")
    return signed_http.send(endpoint, model.operation_model(op).http["requestUri"], body, method=method,
                            service=model.signing_name)


def send_case(endpoint, ctx, case):
    service_op = (case.service, case.operation)
    body = nc.apply(nc.BASELINES[case.service][case.operation](ctx), case,
                    MODELS[case.service].operation_model(case.operation).input_shape)
    return send_op(endpoint, service_op, body)


def assert_error(response, status=None, code=None):
    """A well-formed AWS error: 4xx, x-amzn-ErrorType, a request id and a JSON object body."""
    shown = f"{response.status} {response.error_type}: {response.body[:400]!r}"
    assert response.status < 500, f"server error {shown}"
    assert 400 <= response.status < 500, f"not a client error: {shown}"
    assert response.error_type, f"no x-amzn-ErrorType header: {shown}"
    assert response.headers.get("x-amzn-requestid"), f"no x-amzn-RequestId header: {shown}"
    assert isinstance(response.json(), dict), f"body is not a JSON object: {shown}"
    if code is not None:
        assert response.error_type.split(":")[0] == code, f"expected {code}, got {shown}"
    if status is not None:
        assert response.status == status, f"expected HTTP {status}, got {shown}"


def assert_validation_message(response, count, fragments, absent=()):
    message = response.message
    head = "1 validation error detected: " if count == 1 else f"{count} validation errors detected: "
    assert message.startswith(head), f"expected the message to start with {head!r}: {message!r}"
    for fragment in fragments:
        assert fragment in message, f"expected {fragment!r} in {message!r}"
    for text in absent:
        assert text not in message, f"the message repeats a sensitive value {text[:60]!r}: {message[:400]!r}"


def by_kind(kind):
    return [pytest.param(case, id=case.id) for case in CASES if case.kind == kind]


@pytest.mark.parametrize("service_op", op_params())
def test_the_valid_baseline_request_of_each_operation_is_accepted(endpoint, ctx, service_op):
    service, op = service_op
    response = send_op(endpoint, service_op, nc.BASELINES[service][op](ctx))
    expected_error = nc.BASELINE_ERRORS.get(service_op)
    if expected_error:
        assert_error(response, None, expected_error)
        return
    assert response.status == 200, f"{response.status} {response.error_type}: {response.body[:400]!r}"
    assert isinstance(response.json(), dict)


@pytest.mark.parametrize("case", by_kind("violation"))
def test_a_broken_constraint_is_a_400_validation_exception_naming_the_member(endpoint, ctx, case):
    response = send_case(endpoint, ctx, case)
    assert_error(response, 400, "ValidationException")
    assert_validation_message(response, case.error_count, case.fragments, case.absent)


@pytest.mark.parametrize("case", by_kind("missing"))
def test_a_missing_required_member_is_a_400_validation_exception_saying_it_must_not_be_null(endpoint, ctx, case):
    response = send_case(endpoint, ctx, case)
    assert_error(response, 400, "ValidationException")
    assert_validation_message(response, case.error_count, case.fragments)


@pytest.mark.parametrize("case", by_kind("wrong-type"))
def test_a_member_of_the_wrong_json_type_is_a_400_serialization_exception(endpoint, ctx, case):
    assert_error(send_case(endpoint, ctx, case), 400, "SerializationException")


@pytest.mark.parametrize("case", by_kind("null-entry"))
def test_a_null_inside_a_list_or_map_is_a_client_error_not_a_server_error(endpoint, ctx, case):
    assert_error(send_case(endpoint, ctx, case))


@pytest.mark.parametrize("service_op,body", body_cases(MALFORMED_BODIES))
def test_a_body_that_is_not_valid_json_is_a_400_serialization_exception(endpoint, service_op, body):
    assert_error(send_op(endpoint, service_op, body), 400, "SerializationException")


@pytest.mark.parametrize("service_op,body", body_cases(NON_OBJECT_BODIES))
def test_a_json_body_that_is_not_an_object_is_a_400_serialization_exception(endpoint, service_op, body):
    assert_error(send_op(endpoint, service_op, body), 400, "SerializationException")


def required_members(service_op):
    shape = MODELS[service_op[0]].operation_model(service_op[1]).input_shape
    return [name for name in shape.members if name in shape.required_members]


@pytest.mark.parametrize("body", [pytest.param("", id="empty body"), pytest.param("{}", id="empty object")])
@pytest.mark.parametrize("service_op", op_params([o for o in OPERATIONS if required_members(o)]))
def test_a_request_without_members_names_every_required_member_as_null(endpoint, service_op, body):
    response = send_op(endpoint, service_op, body)
    assert_error(response, 400, "ValidationException")
    paths = [nc.wire_path((name,)) for name in required_members(service_op)]
    assert_validation_message(response, len(paths), [
        f"Value null at '{p}' failed to satisfy constraint: Member must not be null" for p in paths])


@pytest.mark.parametrize("service_op", op_params())
def test_a_body_nested_fifty_thousand_levels_deep_is_a_client_error(endpoint, service_op):
    depth = 50_000
    assert_error(send_op(endpoint, service_op, '{"a":' + "[" * depth + "]" * depth + "}"))


def test_an_unknown_operation_path_is_a_404_unknown_operation_exception(endpoint):
    assert_error(signed_http.send(endpoint, "/noSuchOperation", "{}"), 404, "UnknownOperationException")


@pytest.mark.parametrize("service_op", op_params())
def test_an_operation_called_with_get_is_a_client_error(endpoint, service_op):
    assert_error(send_op(endpoint, service_op, "", method="GET"))


def test_an_unsigned_request_is_a_403_missing_authentication_token(endpoint):
    response = signed_http.send(endpoint, "/listStreams", "{}", sign=False)
    assert_error(response, 403, "MissingAuthenticationTokenException")


def test_a_body_changed_after_signing_is_a_403_invalid_signature(endpoint):
    response = signed_http.send(endpoint, "/listStreams", '{"MaxResults": 2}', signed_body='{"MaxResults": 1}')
    assert_error(response, 403, "InvalidSignatureException")


def test_no_raw_request_of_this_run_got_a_5xx(endpoint):
    """The headline: runs last in this module and sums up every raw response above."""
    if not signed_http.STATUS_COUNTS:
        pytest.skip("no raw request was sent in this run")
    print("\n" + signed_http.summary() + "\n" + case_summary())
    assert signed_http.SERVER_ERRORS == [], "\n".join(map(repr, signed_http.SERVER_ERRORS))
