"""A small PutMedia producer: streams an MKV to `POST /putMedia` the way the producer SDKs do, and returns
the acknowledgements the server sent back while the upload was going on.

The request is signed by botocore's own SigV4 signer (service `kinesisvideo`) with
`x-amz-content-sha256: UNSIGNED-PAYLOAD`, as AWS's producers sign it: the body is a stream of unknown
length and is not hashed. It goes out with chunked transfer encoding over `http.client`; a second thread
reads the JSON-lines acknowledgements as they arrive, so a server that acknowledges early (or refuses
early) is seen while the body is still being sent.

    acks = put_media(endpoint, "my-stream", open("clip.mkv", "rb").read())
    [a["EventType"] for a in acks]   # BUFFERING, RECEIVED, PERSISTED, ... per fragment

Run as a script to upload a file: `python3 interop/putmedia.py ENDPOINT STREAM FILE.mkv`.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SERVICE = "kinesisvideo"
PATH = "/putMedia"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


class PutMediaError(Exception):
    """The server refused the upload with a non-200 status before any acknowledgement."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.error_type = headers.get("x-amzn-errortype", "")
        super().__init__(f"PutMedia answered {status} {self.error_type}: {body[:500]!r}")


def signed_headers(endpoint, stream_name, timecode_type="RELATIVE", producer_start=None, region="us-east-1",
                   access_key="test", secret_key="test", stream_arn=None):
    """The request headers of one PutMedia call, signed. producer_start: epoch seconds (float); it defaults
    to now for RELATIVE timecodes and is left out for ABSOLUTE ones unless given."""
    headers = {"x-amzn-fragment-timecode-type": timecode_type, "x-amz-content-sha256": UNSIGNED_PAYLOAD}
    if stream_arn is not None:
        headers["x-amzn-stream-arn"] = stream_arn
    else:
        headers["x-amzn-stream-name"] = stream_name
    if producer_start is None and timecode_type == "RELATIVE":
        producer_start = time.time()
    if producer_start is not None:
        headers["x-amzn-producer-start-timestamp"] = f"{producer_start:.3f}"
    request = AWSRequest(method="POST", url=endpoint.rstrip("/") + PATH, data=b"", headers=headers)
    request.context["payload_signing_enabled"] = False  # keeps X-Amz-Content-SHA256: UNSIGNED-PAYLOAD
    SigV4Auth(Credentials(access_key, secret_key), SERVICE, region).add_auth(request)
    return dict(request.headers.items())


def _chunks(media, chunk_size):
    if isinstance(media, (bytes, bytearray, memoryview)):
        view = memoryview(media)
        for i in range(0, len(view), chunk_size):
            yield bytes(view[i:i + chunk_size])
    elif hasattr(media, "read"):
        while True:
            chunk = media.read(chunk_size)
            if not chunk:
                return
            yield chunk
    else:  # any iterable of byte strings
        yield from media


def put_media(endpoint, stream_name, media, timecode_type="RELATIVE", producer_start=None, chunk_size=16 * 1024,
              pace_seconds=0.0, timeout=60, region="us-east-1", access_key="test", secret_key="test", stream_arn=None,
              on_ack=None):
    """Uploads media (bytes, a binary file, or an iterable of byte chunks) and returns the list of
    acknowledgements (dicts, in arrival order) once the server ended its response.

    pace_seconds sleeps between chunks (to look like a live producer). on_ack(ack) is called from the
    reader thread for each acknowledgement as it arrives. Raises PutMediaError when the server answers
    with another status than 200, and TimeoutError when the response did not end within timeout seconds
    after the body was sent."""
    url = urllib.parse.urlsplit(endpoint)
    headers = signed_headers(endpoint, stream_name, timecode_type, producer_start, region, access_key, secret_key,
                             stream_arn)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    acks, outcome = [], {}
    try:
        connection.putrequest("POST", PATH, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        sock = connection.sock  # the body goes straight to the socket while the reader thread owns the response

        def read():
            try:
                response = connection.getresponse()
                outcome["status"] = response.status
                outcome["headers"] = {k.lower(): v for k, v in response.getheaders()}
                if response.status != 200:
                    outcome["body"] = response.read()
                    return
                while True:
                    line = response.readline()
                    if not line:
                        break
                    line = line.strip()
                    if not line:
                        continue
                    ack = json.loads(line)
                    acks.append(ack)
                    if on_ack is not None:
                        on_ack(ack)
            except BaseException as e:  # reported to the caller below
                outcome["error"] = e

        reader = threading.Thread(target=read, name="putmedia-acks", daemon=True)
        reader.start()
        try:
            for chunk in _chunks(media, chunk_size):
                if not chunk:
                    continue
                if "status" in outcome and outcome["status"] != 200:
                    break  # refused: stop sending
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                if pace_seconds:
                    time.sleep(pace_seconds)
            sock.sendall(b"0\r\n\r\n")
        except OSError as e:
            # The server may close early (a refusal, or an ERROR that ends the upload): its answer says why.
            outcome.setdefault("send_error", e)
        reader.join(timeout)
        if reader.is_alive():
            raise TimeoutError(f"PutMedia: the server did not end its response within {timeout}s; acks so far: {acks}")
    finally:
        connection.close()
    if "status" in outcome and outcome["status"] != 200:
        raise PutMediaError(outcome["status"], outcome["headers"], outcome.get("body", b""))
    if "error" in outcome:
        raise outcome["error"]
    if "status" not in outcome:
        raise ConnectionError(f"PutMedia got no response: {outcome.get('send_error')!r}")
    return acks


def fragment_numbers(acks, event_type="PERSISTED"):
    """The fragment numbers of the acknowledgements of one type, in arrival order."""
    return [a["FragmentNumber"] for a in acks if a.get("EventType") == event_type]


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: putmedia.py ENDPOINT STREAM_NAME FILE.mkv")
    with open(sys.argv[3], "rb") as f:
        for a in put_media(sys.argv[1], sys.argv[2], f):
            print(json.dumps(a))
