"""The data plane with real clients and real media tools: an H.264 clip made by Debian's ffmpeg is uploaded
with PutMedia (putmedia.py: botocore's SigV4 signer, chunked, acknowledgements read while sending), then
read back with boto3's kinesis-video-archived-media and kinesis-video-media clients and the aws CLI, and
checked with ffprobe and ffmpeg (frames, sizes and timestamps equal to the encoder's), ffmpeg reading the
HLS and DASH URLs over HTTP, and hls.js playing HLS in headless Chromium (interop/browser/play.mjs).

The tools come from `interop/install-tools.sh`. Without them these tests skip outside CI and fail in CI."""
import datetime
import json
import os
import re
import subprocess
import threading
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

from media_support import (BROWSER_DIR, decode, make_clip, packets, probe, require, require_browser)
from putmedia import PutMediaError, fragment_numbers, put_media
from support import ACCESS_KEY, REGION, SECRET_KEY, expect_error, unique_name

CLIP_SECONDS = 6
FPS = 25
FRAMES = CLIP_SECONDS * FPS
UTC = datetime.timezone.utc
DATA_APIS = ["PUT_MEDIA", "GET_MEDIA", "LIST_FRAGMENTS", "GET_MEDIA_FOR_FRAGMENT_LIST", "GET_HLS_STREAMING_SESSION_URL",
             "GET_DASH_STREAMING_SESSION_URL", "GET_CLIP"]
# FFmpeg's Matroska reader says this (at level error) where a new EBML document starts: GetMedia and
# GetMediaForFragmentList send each fragment as a document of its own, as AWS does. It reads on.
NEXT_DOCUMENT = re.compile(r"^\[matroska,webm @ 0x[0-9a-f]+\] Found unknown-length element with ID 0x18538067 at pos\."
                           r" 0x[0-9a-f]+ for which no syntax for parsing is available\.$")

# Every HTTP status the boto3 clients of this module received (the last test asserts there was no 5xx).
STATUSES = []


def count_status(http_response=None, **kwargs):
    if http_response is not None:
        STATUSES.append(http_response.status_code)


def data_client(kvs, service, api, stream_name, read_timeout=60):
    """A boto3 client of a data-plane service at the endpoint GetDataEndpoint names, as AWS's docs say to
    make one; it makes one attempt per call and counts the statuses it gets."""
    endpoint = kvs.get_data_endpoint(StreamName=stream_name, APIName=api)["DataEndpoint"]
    c = boto3.session.Session().client(service, endpoint_url=endpoint, region_name=REGION,
                                       aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                       config=Config(retries={"max_attempts": 1}, read_timeout=read_timeout))
    c.meta.events.register("after-call.*.*", count_status)
    return c


class Upload:
    """A stream, the clip uploaded to it, and what the upload said."""

    def __init__(self, name, arn, clip, clip_packets, producer_start, acks, sent_at, done_at):
        self.name, self.arn, self.clip, self.clip_packets = name, arn, clip, clip_packets
        self.producer_start, self.acks, self.sent_at, self.done_at = producer_start, acks, sent_at, done_at

    @property
    def numbers(self):
        return fragment_numbers(self.acks)

    def range(self, before=1.0, after=1.0):
        """A TimestampRange around the producer timestamps of the whole clip."""
        start = datetime.datetime.fromtimestamp(self.producer_start, UTC)
        return {"StartTimestamp": start - datetime.timedelta(seconds=before),
                "EndTimestamp": start + datetime.timedelta(seconds=CLIP_SECONDS + after)}


@pytest.fixture(scope="module", autouse=True)
def log_offset(server_log):
    """Where the server log stood when this module began (the last test reads what came after)."""
    return os.path.getsize(server_log) if server_log and os.path.isfile(server_log) else None


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    require("ffmpeg", "ffprobe")
    path = make_clip(tmp_path_factory.mktemp("media") / "clip.mkv", CLIP_SECONDS, FPS)
    found = packets(path)
    assert len(found) == FRAMES
    assert [p[2] for p in found] == [i % FPS == 0 for i in range(FRAMES)], "the clip has a key frame every second"
    return path, found


@pytest.fixture(scope="module")
def uploaded(endpoint, kvs, clip, log_offset):
    """The test clip uploaded with PutMedia (RELATIVE timecodes from a producer start timestamp)."""
    path, clip_packets = clip
    name = unique_name("data-plane")
    arn = kvs.create_stream(StreamName=name, DataRetentionInHours=24, MediaType="video/h264")["StreamARN"]
    put_endpoint = kvs.get_data_endpoint(StreamName=name, APIName="PUT_MEDIA")["DataEndpoint"]
    # A minute ago, so producer times differ from server times; 250 ms past a whole second, because boto3
    # sends this service's timestamps in whole seconds (botocore drops the fraction), so a range with whole-second
    # ends selects whole fragments whichever way it is rounded.
    producer_start = int(time.time()) - 60 + 0.25
    sent_at = time.time()
    acks = put_media(put_endpoint, name, path.read_bytes(), producer_start=producer_start)
    return Upload(name, arn, path, clip_packets, producer_start, acks, sent_at, time.time())


@pytest.fixture(scope="module")
def archived(kvs, uploaded):
    return data_client(kvs, "kinesis-video-archived-media", "LIST_FRAGMENTS", uploaded.name)


def listed(archived, name, **kwargs):
    """Every fragment ListFragments returns, following NextToken; and the size of each page."""
    fragments, pages, token = [], [], None
    while True:
        page = archived.list_fragments(StreamName=name, **kwargs, **({"NextToken": token} if token else {}))
        fragments += page["Fragments"]
        pages.append(len(page["Fragments"]))
        token = page.get("NextToken")
        if not token:
            return fragments, pages
        assert len(pages) < 50, "ListFragments keeps answering with a NextToken"


def by_producer_time(fragments):
    return sorted(fragments, key=lambda f: f["ProducerTimestamp"])


# --- PutMedia -----------------------------------------------------------------------------------------

def test_put_media_acknowledges_each_fragment_buffering_then_received_then_persisted(uploaded):
    acks = [(a["EventType"], a.get("FragmentTimecode")) for a in uploaded.acks if a["EventType"] != "IDLE"]
    timecodes = [second * 1000 for second in range(CLIP_SECONDS)]
    kinds = ("BUFFERING", "RECEIVED", "PERSISTED")
    # Each kind once per fragment, in fragment order; a fragment's own three in this order. Fragments overlap:
    # the next one's BUFFERING may come before this one's PERSISTED, as it does on AWS while a fragment is stored.
    assert sorted(acks, key=lambda a: (timecodes.index(a[1]), kinds.index(a[0]))) == \
        [(kind, t) for t in timecodes for kind in kinds], uploaded.acks
    for kind in kinds:
        assert [t for k, t in acks if k == kind] == timecodes, (kind, uploaded.acks)
    for t in timecodes:
        positions = [acks.index((kind, t)) for kind in kinds]
        assert positions == sorted(positions), (t, uploaded.acks)
    numbers = uploaded.numbers
    assert all(re.fullmatch(r"[0-9]+", n) for n in numbers), numbers
    assert len(set(numbers)) == CLIP_SECONDS
    assert [int(n) for n in numbers] == sorted(int(n) for n in numbers), "fragment numbers grow"
    # A fragment is numbered when its index row commits: RECEIVED, like BUFFERING, comes before and has no number.
    assert not any("FragmentNumber" in a for a in uploaded.acks if a["EventType"] in ("BUFFERING", "RECEIVED")), uploaded.acks


def test_put_media_to_a_missing_stream_is_refused_before_any_acknowledgement(endpoint, clip):
    path, _ = clip
    with pytest.raises(PutMediaError) as info:
        put_media(endpoint, unique_name("no-such-stream"), path.read_bytes())
    assert info.value.status == 404, info.value
    assert info.value.error_type.startswith("ResourceNotFoundException"), info.value


def test_get_data_endpoint_names_this_server_for_every_data_api(kvs, endpoint, uploaded):
    for api in DATA_APIS:
        assert kvs.get_data_endpoint(StreamName=uploaded.name, APIName=api)["DataEndpoint"].rstrip("/") == endpoint, api


# --- ListFragments ------------------------------------------------------------------------------------

def test_list_fragments_by_server_timestamp_pages_with_max_results(archived, uploaded):
    selector = {"FragmentSelectorType": "SERVER_TIMESTAMP", "TimestampRange": {
        "StartTimestamp": datetime.datetime.fromtimestamp(uploaded.sent_at - 5, UTC),
        "EndTimestamp": datetime.datetime.fromtimestamp(uploaded.done_at + 5, UTC)}}
    fragments, pages = listed(archived, uploaded.name, FragmentSelector=selector, MaxResults=4)
    assert pages == [4, 2], pages
    assert sorted(f["FragmentNumber"] for f in fragments) == sorted(uploaded.numbers)
    for f in fragments:
        server = f["ServerTimestamp"].timestamp()
        assert uploaded.sent_at - 1 <= server <= uploaded.done_at + 1, f
        assert f["FragmentSizeInBytes"] > 0, f
    paginated = archived.get_paginator("list_fragments").paginate(
        StreamName=uploaded.name, FragmentSelector=selector, PaginationConfig={"PageSize": 1})
    pages = [page["Fragments"] for page in paginated]
    assert [len(p) for p in pages] == [1] * CLIP_SECONDS, pages
    assert sorted(p[0]["FragmentNumber"] for p in pages) == sorted(uploaded.numbers)


def test_list_fragments_by_producer_timestamp_gives_each_fragments_time_and_length(archived, uploaded):
    start = datetime.datetime.fromtimestamp(int(uploaded.producer_start), UTC)  # 250 ms before the first fragment
    selector = {"FragmentSelectorType": "PRODUCER_TIMESTAMP", "TimestampRange": {
        "StartTimestamp": start, "EndTimestamp": start + datetime.timedelta(seconds=3)}}
    fragments, pages = listed(archived, uploaded.name, FragmentSelector=selector, MaxResults=2)
    assert pages == [2, 1], pages
    fragments = by_producer_time(fragments)
    assert [f["FragmentNumber"] for f in fragments] == uploaded.numbers[:3]
    for second, f in enumerate(fragments):
        expected = uploaded.producer_start + second
        assert abs(f["ProducerTimestamp"].timestamp() - expected) < 0.0015, (second, f)
        assert f["FragmentLengthInMilliseconds"] == 1000, f
    everything, _ = listed(archived, uploaded.name, FragmentSelector={**selector, "TimestampRange": {
        k: v for k, v in uploaded.range().items()}})
    assert [f["FragmentNumber"] for f in by_producer_time(everything)] == uploaded.numbers


def test_list_fragments_of_a_missing_stream_is_resource_not_found(archived):
    expect_error(archived.list_fragments, "ResourceNotFoundException", 404, StreamName=unique_name("missing"))


# --- GetMediaForFragmentList, GetMedia -------------------------------------------------------------------

def mkv_read_cleanly(path, documents):
    """ffmpeg decodes the whole file; all it may say is that a new MKV document starts, once per fragment."""
    status, said, frames = decode(path)
    assert status == 0, said
    unexpected = [line for line in said.splitlines() if not NEXT_DOCUMENT.match(line)]
    assert unexpected == [], said
    assert len(said.splitlines()) <= documents - 1, said
    return frames


def test_get_media_for_fragment_list_returns_the_frames_that_were_uploaded(archived, uploaded, tmp_path):
    response = archived.get_media_for_fragment_list(StreamName=uploaded.name, Fragments=uploaded.numbers)
    out = tmp_path / "fragments.mkv"
    out.write_bytes(response["Payload"].read())
    assert response["ContentType"] in ("video/webm", "video/x-matroska"), response["ContentType"]
    got = packets(out)
    assert len(got) == len(uploaded.clip_packets)
    assert got == uploaded.clip_packets, "pts, size and key flag of every packet equal the encoder's"
    assert probe(out)["codec_name"] == "h264"
    assert mkv_read_cleanly(out, CLIP_SECONDS) == FRAMES


def test_each_fragment_starts_on_a_key_frame_and_holds_one_second(archived, uploaded, tmp_path):
    for second, number in enumerate(uploaded.numbers):
        out = tmp_path / f"{number}.mkv"
        out.write_bytes(archived.get_media_for_fragment_list(StreamName=uploaded.name, Fragments=[number])["Payload"].read())
        got = packets(out)
        assert got == uploaded.clip_packets[second * FPS:(second + 1) * FPS], number


def test_get_media_from_earliest_streams_mkv_that_ffprobe_reads(kvs, uploaded, tmp_path):
    media = data_client(kvs, "kinesis-video-media", "GET_MEDIA", uploaded.name, read_timeout=3)
    response = media.get_media(StreamName=uploaded.name, StartSelector={"StartSelectorType": "EARLIEST"})
    assert response["ContentType"] in ("video/webm", "video/x-matroska"), response["ContentType"]
    raw = response["Payload"]._raw_stream  # urllib3's response: read1 returns what has arrived
    received, deadline = bytearray(), time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            chunk = raw.read1(64 * 1024)
            if not chunk:
                break
            received += chunk
    except Exception as e:  # GetMedia stays open for new fragments: 3 s without data ends the read
        if "timeout" not in type(e).__name__.lower() and "timed out" not in str(e).lower():
            raise
    finally:
        response["Payload"].close()
    out = tmp_path / "getmedia.mkv"
    out.write_bytes(bytes(received))
    assert received[:4] == bytes.fromhex("1a45dfa3"), "an EBML header first"
    info = probe(out)
    assert (info["codec_name"], info["width"], info["height"]) == ("h264", 320, 240), info
    assert packets(out) == uploaded.clip_packets
    assert mkv_read_cleanly(out, CLIP_SECONDS) == FRAMES


# --- GetClip ------------------------------------------------------------------------------------------

def test_get_clip_is_an_mp4_of_the_whole_clip_that_decodes_without_errors(archived, uploaded, tmp_path):
    response = archived.get_clip(StreamName=uploaded.name, ClipFragmentSelector={
        "FragmentSelectorType": "PRODUCER_TIMESTAMP", "TimestampRange": uploaded.range()})
    assert response["ContentType"] == "video/mp4"
    out = tmp_path / "clip.mp4"
    out.write_bytes(response["Payload"].read())
    info = probe(out, count_frames=True)
    assert info["codec_name"] == "h264" and (info["width"], info["height"]) == (320, 240), info
    assert "mp4" in info["format_name"], info
    assert abs(info["duration"] - CLIP_SECONDS) < 0.1, info
    assert info["nb_read_frames"] == FRAMES, info
    assert decode(out) == (0, "", FRAMES)


def test_get_clip_whose_end_is_before_its_start_is_a_client_error(archived, uploaded):
    start = datetime.datetime.fromtimestamp(uploaded.producer_start + 3, UTC)
    response = expect_error(archived.get_clip, "InvalidArgumentException", 400, StreamName=uploaded.name,
                            ClipFragmentSelector={"FragmentSelectorType": "PRODUCER_TIMESTAMP", "TimestampRange": {
                                "StartTimestamp": start, "EndTimestamp": start - datetime.timedelta(seconds=2)}})
    assert 400 <= response["ResponseMetadata"]["HTTPStatusCode"] < 500


# --- HLS and DASH, read by ffmpeg over HTTP --------------------------------------------------------------

def cors_get(url):
    """GETs a playback URL unsigned, as a player does; checks it allows any origin; returns the body."""
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Origin": "http://example.test"}),
                                timeout=30) as r:
        assert r.status == 200
        assert r.headers.get("Access-Control-Allow-Origin") == "*", dict(r.headers)
        return r.read()


@pytest.mark.parametrize("container", ["FRAGMENTED_MP4", "MPEG_TS"])
def test_hls_on_demand_is_read_by_ffmpeg_with_every_frame(archived, uploaded, container):
    url = archived.get_hls_streaming_session_url(
        StreamName=uploaded.name, PlaybackMode="ON_DEMAND", ContainerFormat=container,
        HLSFragmentSelector={"FragmentSelectorType": "PRODUCER_TIMESTAMP", "TimestampRange": uploaded.range()},
    )["HLSStreamingSessionURL"]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/hls/v1/getHLSMasterPlaylist\.m3u8\?SessionToken=\S+", url), url
    master = cors_get(url).decode()
    assert master.startswith("#EXTM3U") and "RESOLUTION=320x240" in master, master
    media_url = url.rsplit("/", 1)[0] + "/" + [line for line in master.splitlines() if line and not line.startswith("#")][0]
    playlist = cors_get(media_url).decode()
    assert playlist.count("#EXTINF:") == CLIP_SECONDS and "#EXT-X-ENDLIST" in playlist, playlist
    info = probe(url, count_frames=True)
    assert (info["codec_name"], info["width"], info["height"], info["nb_read_frames"]) == ("h264", 320, 240, FRAMES), info
    assert decode(url) == (0, "", FRAMES)


def test_dash_on_demand_is_read_by_ffmpeg_with_every_frame(archived, uploaded):
    url = archived.get_dash_streaming_session_url(
        StreamName=uploaded.name, PlaybackMode="ON_DEMAND",
        DASHFragmentSelector={"FragmentSelectorType": "PRODUCER_TIMESTAMP", "TimestampRange": uploaded.range()},
    )["DASHStreamingSessionURL"]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/dash/v1/getDASHManifest\.mpd\?SessionToken=\S+", url), url
    manifest = cors_get(url).decode()
    assert "<MPD" in manifest and manifest.count("<S ") == CLIP_SECONDS, manifest
    info = probe(url, count_frames=True)
    assert (info["codec_name"], info["width"], info["height"], info["nb_read_frames"]) == ("h264", 320, 240, FRAMES), info
    assert decode(url) == (0, "", FRAMES)


# --- the aws CLI --------------------------------------------------------------------------------------

def archived_cli(endpoint, aws_env, *args, cwd=None):
    command = ["aws", "kinesis-video-archived-media", *[str(a) for a in args], "--endpoint-url", endpoint,
               "--region", REGION, "--output", "json"]
    return subprocess.run(command, env=aws_env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=60, cwd=cwd)


def test_cli_list_fragments_and_get_clip(endpoint, aws_env, uploaded, tmp_path):
    done = archived_cli(endpoint, aws_env, "list-fragments", "--stream-name", uploaded.name)
    assert done.returncode == 0, done.stderr
    assert sorted(f["FragmentNumber"] for f in json.loads(done.stdout)["Fragments"]) == sorted(uploaded.numbers)

    done = archived_cli(endpoint, aws_env, "list-fragments", "--stream-name", uploaded.name, "--max-items", "4")
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout)
    assert len(first["Fragments"]) == 4 and first.get("NextToken"), first
    done = archived_cli(endpoint, aws_env, "list-fragments", "--stream-name", uploaded.name,
                        "--starting-token", first["NextToken"])
    assert done.returncode == 0, done.stderr
    rest = json.loads(done.stdout)["Fragments"]
    assert sorted(f["FragmentNumber"] for f in first["Fragments"] + rest) == sorted(uploaded.numbers)

    window = uploaded.range()
    selector = ("FragmentSelectorType=PRODUCER_TIMESTAMP,TimestampRange={StartTimestamp=%s,EndTimestamp=%s}"
                % (window["StartTimestamp"].isoformat(), window["EndTimestamp"].isoformat()))
    done = archived_cli(endpoint, aws_env, "get-clip", "--stream-name", uploaded.name, "--clip-fragment-selector",
                        selector, "out.mp4", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ContentType"] == "video/mp4", done.stdout
    info = probe(tmp_path / "out.mp4", count_frames=True)
    assert (info["codec_name"], info["nb_read_frames"]) == ("h264", FRAMES), info

    done = archived_cli(endpoint, aws_env, "list-fragments", "--stream-name", unique_name("missing"))
    assert done.returncode in (254, 255), done
    assert "An error occurred (ResourceNotFoundException)" in done.stderr, done.stderr


# --- hls.js in headless Chromium ----------------------------------------------------------------------------

def play_in_chromium(url, tmp_path, *options):
    """Runs interop/browser/play.mjs on the URL; returns its output, having printed it (pytest shows it on failure)."""
    screenshot = tmp_path / "player.png"
    done = subprocess.run(["node", os.path.join(BROWSER_DIR, "play.mjs"), url, "--screenshot", str(screenshot), *options],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    print(done.stdout, done.stderr)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0 and last.startswith("PASS"), f"play.mjs exited {done.returncode}: {last}\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.mark.parametrize("container", ["FRAGMENTED_MP4", "MPEG_TS"])
def test_hls_plays_in_chromium(archived, uploaded, container, tmp_path):
    """ON_DEMAND with the defaults a web page would take (SERVER_TIMESTAMP selector, its default
    discontinuity mode), played from a page on another origin: it needs the server's CORS headers."""
    require_browser()
    url = archived.get_hls_streaming_session_url(
        StreamName=uploaded.name, PlaybackMode="ON_DEMAND", ContainerFormat=container,
        HLSFragmentSelector={"FragmentSelectorType": "SERVER_TIMESTAMP", "TimestampRange": {
            "StartTimestamp": datetime.datetime.fromtimestamp(uploaded.sent_at - 5, UTC),
            "EndTimestamp": datetime.datetime.fromtimestamp(uploaded.done_at + 5, UTC)}},
    )["HLSStreamingSessionURL"]
    play_in_chromium(url, tmp_path, "--min-time", "2", "--width", "320")


def test_hls_live_plays_in_chromium_while_the_producer_uploads(kvs, endpoint, clip, tmp_path):
    """A producer uploads a 12 s clip at its real pace; a LIVE session of it plays for at least 2 s."""
    require_browser()
    seconds = 12
    path = make_clip(tmp_path / "live.mkv", seconds, FPS)
    name = unique_name("live")
    kvs.create_stream(StreamName=name, DataRetentionInHours=24)
    archived = data_client(kvs, "kinesis-video-archived-media", "GET_HLS_STREAMING_SESSION_URL", name)
    data = path.read_bytes()
    chunk = 8 * 1024
    persisted, outcome = threading.Semaphore(0), {}

    def produce():
        try:
            outcome["acks"] = put_media(endpoint, name, data, chunk_size=chunk, pace_seconds=seconds / (len(data) / chunk),
                                        on_ack=lambda a: a["EventType"] == "PERSISTED" and persisted.release())
        except BaseException as e:
            outcome["error"] = e

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    try:
        for _ in range(3):  # three fragments in, as a player waits for a few segments
            assert persisted.acquire(timeout=30), f"no PERSISTED acknowledgement in time: {outcome}"
        url = archived.get_hls_streaming_session_url(StreamName=name, PlaybackMode="LIVE")["HLSStreamingSessionURL"]
        output = play_in_chromium(url, tmp_path, "--min-time", "0", "--min-played", "2", "--width", "320")
        assert "live=true" in output
    finally:
        producer.join(60)
    assert "error" not in outcome, outcome
    assert len(fragment_numbers(outcome["acks"])) == seconds, outcome["acks"]


# --- and nothing failed on the server side ------------------------------------------------------------------

def test_no_request_of_the_data_plane_tests_got_a_5xx_or_logged_a_server_error(server_log, log_offset):
    if not STATUSES:
        pytest.skip("no data-plane test got as far as a request (skipped for want of a tool?)")
    assert [s for s in STATUSES if s >= 500] == []
    if server_log is None or log_offset is None:
        pytest.skip("the server's log is not known (a server started by someone else)")
    with open(server_log, "rb") as f:
        f.seek(log_offset)
        logged = f.read().decode("utf-8", "replace")
    errors = [line for line in logged.splitlines() if " ERROR " in line]
    assert errors == [], "\n".join(errors[:20])
