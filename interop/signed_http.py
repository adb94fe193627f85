"""Sends raw, SigV4-signed requests (kinesisvideo and its data plane, or secretsmanager), so that bodies botocore
would refuse to build (wrong types, broken constraints, malformed JSON) reach the server exactly as written."""
import http.client
import json
import urllib.parse
from collections import Counter
from dataclasses import dataclass

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SERVICE = "kinesisvideo"
REGION = "us-east-1"

# Every raw response of this run: counts by status, and each 5xx (printed at the end of the run).
STATUS_COUNTS = Counter()
SERVER_ERRORS = []  # (method, path, body prefix, status, error type)


@dataclass
class RawResponse:
    status: int
    headers: dict  # lower-cased names
    body: bytes

    @property
    def error_type(self):
        return self.headers.get("x-amzn-errortype", "")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def message(self):
        try:
            doc = self.json()
        except ValueError:
            return ""
        return doc.get("Message", doc.get("message", "")) if isinstance(doc, dict) else ""


def _bytes(body):
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    return body.encode("utf-8") if isinstance(body, str) else body


def send(endpoint, path, body, method="POST", access_key="test", secret_key="test", timeout=30,
         sign=True, signed_body=None, service=SERVICE, target=None):
    """Signs and sends one request. body: bytes, str, or a JSON-able object (encoded here).
    sign=False sends no signature; signed_body signs another body than the one sent. target: the X-Amz-Target
    of an awsJson service (secretsmanager), which then gets its own content type; service: the signing name."""
    body = _bytes(body)
    headers = {"Content-Type": "application/json"}
    if target is not None:
        headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}
    request = AWSRequest(method=method, url=endpoint + path,
                         data=body if signed_body is None else _bytes(signed_body), headers=headers)
    if sign:
        SigV4Auth(Credentials(access_key, secret_key), service, REGION).add_auth(request)
    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(request.headers.items()))
        response = connection.getresponse()
        result = RawResponse(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    except (OSError, http.client.HTTPException) as e:
        STATUS_COUNTS["no response"] += 1
        SERVER_ERRORS.append((method, path, body[:200], f"no response ({e!r})", ""))
        raise
    finally:
        connection.close()
    STATUS_COUNTS[result.status] += 1
    if result.status >= 500:
        SERVER_ERRORS.append((method, path, body[:200], result.status, result.error_type))
    return result


def summary():
    """One line for the end of the run, e.g. 'raw requests: 812 (2xx: 14, 4xx: 798, 5xx: 0)'."""
    total = sum(STATUS_COUNTS.values())
    classes = Counter()
    for status, n in STATUS_COUNTS.items():
        classes[f"{status // 100}xx" if isinstance(status, int) else status] += n
    classes.setdefault("5xx", 0)
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(classes.items()))
    return f"raw requests: {total} ({detail}); by status: {dict(sorted(STATUS_COUNTS.items(), key=str))}"
