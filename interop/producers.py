"""PutMedia as each known producer sends it, for test_producers.py: AWS's C producer library (built from
shared/thirdparty and run as interop/producer_c/kvs_producer.c), curl with its own `--aws-sigv4` signer, and
the request form of the AWS SDK for Java v1's PutMedia client rebuilt byte for byte (the real client runs in
the `it` module). The botocore-signed form is putmedia.py. docs/producers.md says where each form comes from.
"""
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse

from media_support import IN_CI, unavailable
from support import ACCESS_KEY, REGION, SECRET_KEY

HERE = os.path.dirname(os.path.abspath(__file__))
EMPTY_PAYLOAD_HASH = hashlib.sha256(b"").hexdigest()
STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
C_PRODUCER_EVENT = re.compile(r"^(ACK|ERROR|DONE) (.*)$")


class ProducerRun:
    """What a producer process printed: its acknowledgements (type, timecode, ms since its first byte or frame)
    and errors, with its exit status and whole output."""

    def __init__(self, returncode, acks, errors, output):
        self.returncode, self.acks, self.errors, self.output = returncode, acks, errors, output

    def of_type(self, event_type):
        return [a for a in self.acks if a[0] == event_type]

    def first_buffering_ms(self):
        return next(ms for kind, _, ms in self.acks if kind == "BUFFERING")


def c_producer():
    """The path of kvs-producer-c, built (or taken from the cache) by interop/producer_c/build.sh. Skips the
    test (fails it in CI) when the library's sources or the C tool chain are missing."""
    for tool in ("cc", "cmake", "make", "pkg-config"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} is not installed (bash interop/install-tools.sh installs the C tool chain)")
    started = time.monotonic()
    built = subprocess.run(["bash", os.path.join(HERE, "producer_c", "build.sh")], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=900)
    if built.returncode != 0:
        reason = f"interop/producer_c/build.sh failed: {built.stderr.strip()[-2000:]}"
        if "no producer-c.tar.gz" in built.stderr and not IN_CI:
            unavailable(reason)
        raise AssertionError(reason)
    if time.monotonic() - started > 5:
        print(f"\nproducer-c: built in {time.monotonic() - started:.0f} s")
    return built.stdout.strip().splitlines()[-1]


def run_c_producer(program, endpoint, stream_name, seconds, timeout=120):
    """Streams the library's sample frames live for `seconds` through the library, pointed at endpoint."""
    env = dict(os.environ, KVS_ENDPOINT=endpoint, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION=REGION, KVS_LOG_LEVEL="4")
    frames = os.path.join(os.path.dirname(os.path.dirname(program)), "h264SampleFrames")
    done = subprocess.run([program, stream_name, str(seconds), frames], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=timeout)
    acks, errors = [], []
    for line in done.stdout.splitlines():  # the library logs warnings on stdout too
        match = C_PRODUCER_EVENT.match(line)
        if match and match.group(1) == "ACK":
            kind, timecode, ms = match.group(2).split()
            acks.append((kind, int(timecode), float(ms)))
        elif match and match.group(1) == "ERROR":
            errors.append(match.group(2))
    return ProducerRun(done.returncode, acks, errors, done.stdout + done.stderr)


def curl_put_media(endpoint, stream_name, path, producer_start, timeout=25):
    """Uploads an MKV file with curl the plain way: `-T` (chunked, so curl adds `Expect: 100-continue`) and
    curl's own SigV4 signer. `--expect100-timeout 30` makes curl wait up to 30 s for 100 Continue, so a
    server that never says it makes this time out instead of merely starting a second late."""
    command = ["curl", "-sS", "-N", "--fail-with-body", "--expect100-timeout", "30",
               "--aws-sigv4", f"aws:amz:{REGION}:kinesisvideo", "--user", f"{ACCESS_KEY}:{SECRET_KEY}",
               "-H", f"x-amzn-stream-name: {stream_name}", "-H", "x-amzn-fragment-timecode-type: RELATIVE",
               "-H", f"x-amzn-producer-start-timestamp: {producer_start:.3f}",
               "-H", "Transfer-Encoding: chunked", "-X", "POST", "-T", path, endpoint.rstrip("/") + "/putMedia"]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    acks, lines = [], []
    try:
        for raw in process.stdout:  # one acknowledgement per line, as it arrives (-N: unbuffered)
            line = raw.decode().strip()
            lines.append(line)
            if line.startswith("{"):
                ack = json.loads(line)
                acks.append((ack["EventType"], ack.get("FragmentTimecode"), (time.monotonic() - started) * 1000))
        process.wait(timeout=max(1, timeout - (time.monotonic() - started)))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return ProducerRun(process.returncode, acks, [], "\n".join(lines) + process.stderr.read().decode())


def sigv4_authorization(method, target, headers, payload_hash, amz_date, signed=None, region=REGION,
                        service="kinesisvideo", access_key=ACCESS_KEY, secret_key=SECRET_KEY):
    """An Authorization header value computed from scratch (hashlib and hmac only): SigV4 over the named
    headers (default: all of them), in the canonical form, with the given payload hash. The producers' own
    signers differ in which headers they sign and which payload hash they use; this builds any of them."""
    path = urllib.parse.urlsplit(target).path or "/"
    values = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(" ".join(value.split()))
    names = sorted(n.lower() for n in (signed or [n for n, _ in headers]))
    canonical = "\n".join([method, urllib.parse.quote(path, safe="/-_.~"), "",
                           "".join(f"{n}:{','.join(values[n])}\n" for n in names), ";".join(names), payload_hash])
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = f"AWS4{secret_key}".encode()
    for part in (amz_date[:8], region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={';'.join(names)}, Signature={signature}"


def v1_put_media_head(endpoint, stream_name, producer_start):
    """The request head the SDK for Java v1's PutMedia client (aws-java-sdk-kinesisvideo 1.12.797, Netty) sends,
    header for header in its order and case: an absolute-form request target, the Host with its port, a
    declared STREAMING-AWS4-HMAC-SHA256-PAYLOAD that also is the signed payload hash (the body then goes out
    as plain HTTP chunks of 8 KiB, without chunk signatures), no Expect and no Connection header."""
    url = urllib.parse.urlsplit(endpoint)
    amz_date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    start = datetime.datetime.fromtimestamp(producer_start, datetime.timezone.utc).isoformat(timespec="milliseconds")
    headers = [("Host", url.netloc), ("transfer-encoding", "chunked"),
               ("User-Agent", "aws-sdk-java/1.12.797 Linux OpenJDK_64-Bit_Server_VM/21 java/21 NettyPutMedia/1.12.797"),
               ("x-amz-content-sha256", STREAMING_PAYLOAD), ("X-Amz-Date", amz_date),
               ("x-amzn-fragment-timecode-type", "RELATIVE"),
               ("x-amzn-producer-start-timestamp", start.replace("+00:00", "Z")), ("x-amzn-stream-name", stream_name)]
    target = f"http://{url.netloc}/putMedia"
    authorization = sigv4_authorization("POST", target, headers, STREAMING_PAYLOAD, amz_date)
    lines = [f"POST {target} HTTP/1.1", f"Authorization: {authorization}", *(f"{n}: {v}" for n, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def raw_put_media(endpoint, head, body, chunk_size=8192, timeout=60):
    """Sends a ready-made request head, then the body as plain HTTP chunks, and returns (status, acks) once
    the server ended its response; acks are the JSON acknowledgements in arrival order."""
    url = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((url.hostname, url.port), timeout=timeout) as sock:
        sock.sendall(head)
        for i in range(0, len(body), chunk_size):
            piece = body[i:i + chunk_size]
            sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        response = http.client.HTTPResponse(sock)
        response.begin()
        text = response.read().decode()
    return response.status, [json.loads(line) for line in text.splitlines() if line.strip()]


def status_of_head(endpoint, head, timeout=30):
    """Sends only a request head and returns the status the server answers with, as a server does that
    refuses an upload without reading its body."""
    url = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((url.hostname, url.port), timeout=timeout) as sock:
        sock.sendall(head)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status
