"""PutMedia as each known producer sends it, checked byte for byte on the wire and end to end: AWS's C producer
library itself (the engine of kvssink and the C++ producer SDK; built from shared/thirdparty by
interop/producer_c/build.sh), curl with `--aws-sigv4` and `Expect: 100-continue`, the SDK for Java v1 client's
request form, and botocore's signer (putmedia.py). Every request goes through a recording proxy
(recording_proxy.py) to a server of this module whose GetDataEndpoint names the proxy, so the tests see what
each producer really sent, and then that its fragments were PERSISTED, are listed and play.

docs/producers.md holds the table of forms with the library sources they come from. Needs ffmpeg and, for the
C library, cc, cmake, pkg-config and libcurl/openssl headers (interop/install-tools.sh)."""
import datetime
import time

import pytest

from media_support import decode, make_clip, probe, require
from producers import (EMPTY_PAYLOAD_HASH, STREAMING_PAYLOAD, c_producer, curl_put_media, raw_put_media,
                       run_c_producer, sigv4_authorization, status_of_head, v1_put_media_head)
from putmedia import put_media
from recording_proxy import RecordingProxy
from server_process import start_server, stop_server
from support import make_client, unique_name

C_PUT_MEDIA_SIGNED = ["connection", "host", "transfer-encoding", "user-agent", "x-amz-date",
                      "x-amzn-fragment-acknowledgment-required", "x-amzn-fragment-timecode-type",
                      "x-amzn-producer-start-timestamp", "x-amzn-stream-name"]
CLIP_SECONDS = 4


@pytest.fixture(scope="module")
def proxy():
    recording = RecordingProxy()
    process, url = start_server(extra_args=["--public-url", recording.url], build=False)
    recording.forward_to(url)
    yield recording
    stop_server(process)
    recording.close()


@pytest.fixture(scope="module")
def kvs(proxy):
    return make_client(proxy.url)


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    require("ffmpeg", "ffprobe")
    return make_clip(tmp_path_factory.mktemp("producers") / "clip.mkv", CLIP_SECONDS)


def put_media_requests(proxy, stream_name):
    return [r for r in proxy.requests("/putMedia") if r.header("x-amzn-stream-name") == stream_name]


def assert_stored_and_playable(kvs, stream_name, fragments, tmp_path, min_frames):
    """The stream lists `fragments` fragments, and GetClip of them all is an H.264 MP4 that decodes cleanly."""
    endpoint = kvs.get_data_endpoint(StreamName=stream_name, APIName="GET_CLIP")["DataEndpoint"]
    archived = make_client(endpoint, service="kinesis-video-archived-media")
    listed = archived.list_fragments(StreamName=stream_name)["Fragments"]
    assert len(listed) == fragments, listed
    first = min(f["ProducerTimestamp"] for f in listed)
    last = max(f["ProducerTimestamp"] for f in listed)
    clip = archived.get_clip(StreamName=stream_name, ClipFragmentSelector={
        "FragmentSelectorType": "PRODUCER_TIMESTAMP",
        "TimestampRange": {"StartTimestamp": first - datetime.timedelta(seconds=1),
                           "EndTimestamp": last + datetime.timedelta(seconds=3)}})
    out = tmp_path / f"{stream_name}.mp4"
    out.write_bytes(clip["Payload"].read())
    assert probe(out)["codec_name"] == "h264"
    status, errors, frames = decode(out)
    assert (status, errors) == (0, ""), errors
    assert frames >= min_frames


def assert_each_fragment_acknowledged_in_order(acks):
    """BUFFERING, RECEIVED, PERSISTED for every fragment timecode, each in that order; no ERROR."""
    assert not [a for a in acks if a[0] == "ERROR"], acks
    by_fragment = {}
    for kind, timecode, _ in acks:
        if kind in ("BUFFERING", "RECEIVED", "PERSISTED"):
            by_fragment.setdefault(timecode, []).append(kind)
    assert by_fragment and all(kinds == ["BUFFERING", "RECEIVED", "PERSISTED"] for kinds in by_fragment.values()), acks
    return len(by_fragment)


# --- AWS's C producer library -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def c_upload(proxy, clip):
    """Six seconds of the library's sample frames, streamed live by the library to a stream it creates."""
    program = c_producer()
    name = unique_name("c-producer")
    run = run_c_producer(program, proxy.url, name, seconds=6)
    print(f"\nC producer: first BUFFERING {run.first_buffering_ms() if run.acks else None} ms after the first frame")
    return name, run


def test_c_producer_library_uploads_and_every_fragment_is_persisted(c_upload):
    name, run = c_upload
    assert run.returncode == 0 and not run.errors, run.output[-4000:]
    fragments = assert_each_fragment_acknowledged_in_order(run.acks)
    assert fragments >= 3, run.acks  # 6 s of 1.8 s fragments (a key frame every 45 frames at 25 fps)


def test_c_producer_put_media_is_signed_as_an_empty_payload_with_expect_100_continue(proxy, c_upload):
    name, run = c_upload
    uploads = put_media_requests(proxy, name)
    assert uploads, "the library's PutMedia went through the proxy"
    put = uploads[0]
    assert put.header("x-amz-content-sha256") is None
    assert put.header("Expect") == "100-continue"
    assert put.header("Transfer-Encoding") == "chunked" and put.header("Connection") == "keep-alive"
    assert put.header("x-amzn-fragment-timecode-type") == "ABSOLUTE"
    assert put.header("x-amzn-fragment-acknowledgment-required") == "1"
    assert put.header("Host") == "127.0.0.1", "the library signs and sends the host without its port"
    assert put.signed_headers() == C_PUT_MEDIA_SIGNED
    # The signature is SigV4 over exactly those headers with SHA-256("") as the payload hash.
    signed = [(n, v) for n, v in put.headers if n.lower() in C_PUT_MEDIA_SIGNED]
    assert put.header("Authorization") == sigv4_authorization("POST", "/putMedia", signed, EMPTY_PAYLOAD_HASH,
                                                              put.header("X-Amz-Date"))


def test_c_producer_control_plane_calls_create_tag_and_find_the_stream(proxy, kvs, c_upload):
    name, run = c_upload
    calls = [(r.path, r.body.decode()) for r in proxy.requests() if name.encode() in r.body or
             r.header("x-amzn-stream-name") == name]
    paths = [path for path, _ in calls]
    assert paths[:2] == ["/describeStream", "/createStream"], paths  # not found, so the library creates it
    assert "/tagStream" in paths and "/getDataEndpoint" in paths, paths
    assert paths.index("/getDataEndpoint") < paths.index("/putMedia"), paths
    endpoint_body = next(body for path, body in calls if path == "/getDataEndpoint")
    assert '"APIName": "PUT_MEDIA"' in endpoint_body, endpoint_body
    for request in proxy.requests():
        if request.path != "/putMedia" and name.encode() in request.body:
            assert request.header("x-amz-content-sha256") is None and request.header("Expect") is None
            assert request.signed_headers() == ["host", "user-agent", "x-amz-date"]
    stream = kvs.describe_stream(StreamName=name)["StreamInfo"]
    assert (stream["MediaType"], stream["DataRetentionInHours"], stream["Status"]) == ("video/h264", 2, "ACTIVE")
    assert stream["DeviceName"], stream  # the library names its device at random when the sample gives none
    tags = kvs.list_tags_for_stream(StreamName=name)["Tags"]
    assert tags == {"producer": "kvs-producer-c", "interop": "kvs-edge"}


def test_c_producer_fragments_are_listed_and_play(kvs, c_upload, tmp_path):
    name, run = c_upload
    assert_stored_and_playable(kvs, name, len(run.of_type("PERSISTED")), tmp_path, min_frames=100)


def test_c_producer_streams_again_to_the_stream_it_made(proxy, c_upload):
    name, _ = c_upload
    uploads_before = len(put_media_requests(proxy, name))
    again = run_c_producer(c_producer(), proxy.url, name, seconds=2)
    assert again.returncode == 0 and not again.errors, again.output[-4000:]
    assert len(again.of_type("PERSISTED")) >= 1
    assert len(put_media_requests(proxy, name)) > uploads_before
    creates = [r for r in proxy.requests("/createStream") if name.encode() in r.body]
    assert len(creates) == 1, "the second run found the stream with DescribeStream and created nothing"


# --- curl ------------------------------------------------------------------------------------------------

def test_curl_uploads_with_expect_100_continue_and_its_own_sigv4(proxy, kvs, clip, tmp_path):
    require("curl")
    name = unique_name("curl")
    kvs.create_stream(StreamName=name, DataRetentionInHours=24)
    run = curl_put_media(proxy.url, name, str(clip), producer_start=time.time() - 30)
    assert run.returncode == 0, run.output
    print(f"\ncurl: first BUFFERING {run.first_buffering_ms():.1f} ms after curl started")
    assert assert_each_fragment_acknowledged_in_order(run.acks) == CLIP_SECONDS
    put = put_media_requests(proxy, name)[0]
    assert put.header("Expect") == "100-continue" and put.header("x-amz-content-sha256") is None
    assert "transfer-encoding" in put.signed_headers()
    assert_stored_and_playable(kvs, name, CLIP_SECONDS, tmp_path, min_frames=CLIP_SECONDS * 25)


# --- the SDK for Java v1 client's form -------------------------------------------------------------------

def test_sdk_v1_put_media_form_uploads_and_plays(proxy, kvs, clip, tmp_path):
    name = unique_name("sdk-v1")
    kvs.create_stream(StreamName=name, DataRetentionInHours=24)
    status, acks = raw_put_media(proxy.url, v1_put_media_head(proxy.url, name, time.time() - 30), clip.read_bytes())
    assert status == 200
    assert assert_each_fragment_acknowledged_in_order(
        [(a["EventType"], a.get("FragmentTimecode"), 0) for a in acks]) == CLIP_SECONDS
    put = put_media_requests(proxy, name)[0]
    assert put.path.startswith("http://") and put.header("x-amz-content-sha256") == STREAMING_PAYLOAD
    assert put.header("Expect") is None
    assert_stored_and_playable(kvs, name, CLIP_SECONDS, tmp_path, min_frames=CLIP_SECONDS * 25)


# --- botocore's signer (putmedia.py) ---------------------------------------------------------------------

def test_botocore_signed_put_media_uploads_and_plays(proxy, kvs, clip, tmp_path):
    name = unique_name("botocore")
    kvs.create_stream(StreamName=name, DataRetentionInHours=24)
    acks = put_media(proxy.url, name, clip.read_bytes(), producer_start=time.time() - 30)
    assert assert_each_fragment_acknowledged_in_order(
        [(a["EventType"], a.get("FragmentTimecode"), 0) for a in acks]) == CLIP_SECONDS
    put = put_media_requests(proxy, name)[0]
    assert put.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD"
    assert put.signed_headers()[:3] == ["host", "x-amz-content-sha256", "x-amz-date"]
    assert_stored_and_playable(kvs, name, CLIP_SECONDS, tmp_path, min_frames=CLIP_SECONDS * 25)


def test_a_put_media_whose_signature_is_wrong_is_refused_as_before(proxy, kvs):
    """The C library's form with one signed header changed after signing: 403 before any body, nothing stored."""
    name = unique_name("forged")
    kvs.create_stream(StreamName=name, DataRetentionInHours=24)
    amz_date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    headers = [("host", "127.0.0.1"), ("x-amz-date", amz_date), ("x-amzn-fragment-timecode-type", "ABSOLUTE"),
               ("x-amzn-stream-name", "someone-else")]
    authorization = sigv4_authorization("POST", "/putMedia", headers, EMPTY_PAYLOAD_HASH, amz_date)
    head = ("POST /putMedia HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Date: " + amz_date + "\r\n"
            "x-amzn-fragment-timecode-type: ABSOLUTE\r\nx-amzn-stream-name: " + name + "\r\n"
            "Transfer-Encoding: chunked\r\nAuthorization: " + authorization + "\r\n\r\n").encode()
    assert status_of_head(proxy.url, head) == 403
    endpoint = kvs.get_data_endpoint(StreamName=name, APIName="LIST_FRAGMENTS")["DataEndpoint"]
    assert make_client(endpoint, service="kinesis-video-archived-media").list_fragments(StreamName=name)["Fragments"] == []
