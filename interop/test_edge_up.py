"""Issue 6's "Done when", end to end: an edge configuration sent with the unmodified `aws` CLI to a running
`kvs-edge up` is recorded from an independent camera, uploaded and deleted as configured, and its status shows
in DescribeEdgeConfiguration; and a camera that goes down and comes back.

The camera is GStreamer's RTSP server (interop/gst_camera.py, Debian packages: a live 640x360 25 fps H.264 ball
with a key frame a second), run with Debian's /usr/bin/python3. The module runs its own `kvs-edge up` (from a
private copy of the built jar, with a data dir of its own), so the agent's files can be looked at. Everything
is driven with `aws kinesisvideo`, `aws secretsmanager` and `aws kinesis-video-archived-media`; the media is
checked with Debian's ffprobe and ffmpeg.

The tools come from `interop/install-tools.sh`. Without them these tests skip outside CI and fail in CI."""
import datetime
import json
import math
import os
import re
import signal
import subprocess
import threading
import time
import uuid

import pytest

from media_support import DEBIAN_PYTHON, decode, probe, require, require_gst_camera
from secrets_support import secret_name
from server_process import start_server, stop_server
from support import STREAM_ARN, fails_with, ok, run_aws, unique_name

HERE = os.path.dirname(os.path.abspath(__file__))
LOCAL_HUB = "arn:aws:iot:us-east-1:123456789012:thing/kvs-edge-local"
UPLOAD_EVERY_10_S = {"ScheduleExpression": "0/10 * * * * ?", "DurationInSeconds": 60}
CAMERA_READY = re.compile(r"gst-camera ready at (rtsp://\S+)")
FPS = 25


# --- the camera ------------------------------------------------------------------------------------------

class GstCamera:
    """interop/gst_camera.py as a process: start, kill (SIGKILL, as a power cut) and start again on its port."""

    def __init__(self, tmp_path, user=None, password=None, path="camera"):
        self.user, self.password, self.path = user, password, path
        self.log_path = tmp_path / f"gst-camera-{uuid.uuid4().hex[:6]}.log"
        self.port, self.process = 0, None

    def start(self, timeout=30):
        env = dict(os.environ)
        if self.user:
            env.update(CAMERA_USER=self.user, CAMERA_PASSWORD=self.password)
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen([DEBIAN_PYTHON, os.path.join(HERE, "gst_camera.py"), str(self.port), self.path],
                                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                                            text=True)
        found, ready = {}, threading.Event()

        def read():
            for line in self.process.stdout:
                match = CAMERA_READY.search(line)
                if match and not ready.is_set():
                    found["url"] = match.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        ready.wait(timeout)
        assert "url" in found, f"the GStreamer camera did not start (exit {self.process.poll()}): {self.log_path.read_text()}"
        self.port = int(found["url"].rsplit(":", 1)[1].split("/", 1)[0])
        return self

    @property
    def url(self):
        """The URL the camera's secret holds: with the user and password when the camera asks for them."""
        credentials = f"{self.user}:{self.password}@" if self.user else ""
        return f"rtsp://{credentials}127.0.0.1:{self.port}/{self.path}"

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def cameras(tmp_path):
    require_gst_camera()
    made = []

    def make(**kwargs):
        made.append(GstCamera(tmp_path, **kwargs))
        return made[-1]

    yield make
    for camera in made:
        camera.stop()


# --- kvs-edge up and the aws CLI -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def up(endpoint):
    """Its own `kvs-edge up --port 0 --data-dir TMP` (endpoint: the session's server, which means the jar is built)."""
    require("ffmpeg", "ffprobe")
    require_gst_camera()
    process, url = start_server(command="up", build=False)
    assert process.hub_device_arn == LOCAL_HUB
    process.url = url
    try:
        yield process
    finally:
        stop_server(process)


def cli_for(url, aws_env):
    """Runs `aws SERVICE ARGS...` against the server at url (or, with endpoint=, another URL: a data endpoint)."""

    def run(service, *args, endpoint=None, cwd=None):
        return run_aws(service, endpoint or url, aws_env, *args, cwd=cwd)

    return run


@pytest.fixture(scope="module")
def cli(up, aws_env):
    return cli_for(up.url, aws_env)


def eventually(check, timeout, what, every=1.0):
    """Calls check() until it returns something truthy, which it returns; fails after timeout seconds, showing
    what check() last returned (a check returns (result, observed) pairs for that: result may be None)."""
    deadline = time.monotonic() + timeout
    observed = None
    while True:
        result, observed = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what}; last seen: {observed}")
        time.sleep(every)


def epoch(value):
    """A timestamp as the CLI prints it (awscli v1: the wire's epoch seconds; v2: ISO 8601), in epoch seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    return datetime.datetime.fromisoformat(value).timestamp()


def iso(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat()


class EdgeStream:
    """A stream of the up process with an edge configuration for the local hub, made with the aws CLI only."""

    def __init__(self, cli, tmp_path, label):
        self.cli, self.tmp_path = cli, tmp_path
        self.name = unique_name(label)
        self.arn = None

    def create(self, camera_url, deletion, uploader=UPLOAD_EVERY_10_S):
        self.arn = ok(self.cli("kinesisvideo", "create-stream", "--stream-name", self.name,
                               "--data-retention-in-hours", "24"))["StreamARN"]
        secret = ok(self.cli("secretsmanager", "create-secret", "--name", secret_name(self.name),
                             "--secret-string", json.dumps({"MediaURI": camera_url})))
        config = {
            "StreamName": self.name,
            "EdgeConfig": {
                "HubDeviceArn": LOCAL_HUB,
                "RecorderConfig": {"MediaSourceConfig": {"MediaUriSecretArn": secret["ARN"], "MediaUriType": "RTSP_URI"}},
                "UploaderConfig": {"ScheduleConfig": uploader},
                "DeletionConfig": deletion,
            },
        }
        (self.tmp_path / "config.json").write_text(json.dumps(config, indent=4))
        started = ok(self.cli("kinesisvideo", "start-edge-configuration-update", "--cli-input-json", "file://config.json",
                              cwd=self.tmp_path))
        assert (started["SyncStatus"], started["EdgeConfig"]) == ("SYNCING", config["EdgeConfig"]), started
        return config["EdgeConfig"]

    def describe(self):
        return self.cli("kinesisvideo", "describe-edge-configuration", "--stream-name", self.name)

    def fragments(self):
        """Every fragment ListFragments shows, oldest producer timestamp first (the CLI follows NextToken)."""
        data = ok(self.cli("kinesisvideo", "get-data-endpoint", "--stream-name", self.name,
                           "--api-name", "LIST_FRAGMENTS"))["DataEndpoint"]
        listed = ok(self.cli("kinesis-video-archived-media", "list-fragments", "--stream-name", self.name, endpoint=data))
        return sorted(listed["Fragments"], key=lambda f: epoch(f["ProducerTimestamp"]))

    def media_dir(self, agent_dir):
        """The agent's folder of this stream's local media (agent/config/StreamDirectories: NAME-CREATIONMILLIS)."""
        return os.path.join(agent_dir, "media", f"{self.name}-{STREAM_ARN.fullmatch(self.arn).group('created')}")

    def delete_configuration(self, timeout=60):
        """delete-edge-configuration, then describe until the configuration is gone; returns the statuses seen."""
        done = self.cli("kinesisvideo", "delete-edge-configuration", "--stream-name", self.name)
        assert done.returncode == 0 and done.stdout.strip() in ("", "{}"), done
        seen = []

        def gone():
            described = self.describe()
            if described.returncode == 0:
                seen.append(described.json["SyncStatus"])
                return None, described
            fails_with(described, "StreamEdgeConfigurationNotFoundException")
            return True, described

        eventually(gone, timeout, "the configuration is removed", every=0.2)
        return seen


def agent_status(described):
    """(RecorderStatus, its details, UploaderStatus, its details) from describe-edge-configuration's EdgeAgentStatus."""
    status = described.get("EdgeAgentStatus", {})
    recorder, uploader = status.get("LastRecorderStatus", {}), status.get("LastUploaderStatus", {})
    return (recorder.get("RecorderStatus"), recorder.get("JobStatusDetails", ""),
            uploader.get("UploaderStatus"), uploader.get("JobStatusDetails", ""))


def assert_increasing_without_duplicates(fragments):
    numbers = [int(f["FragmentNumber"]) for f in fragments]
    times = [epoch(f["ProducerTimestamp"]) for f in fragments]
    assert len(set(numbers)) == len(numbers), f"duplicate fragment numbers: {numbers}"
    assert all(a < b for a, b in zip(times, times[1:])), f"producer timestamps not strictly increasing: {times}"
    assert numbers == sorted(numbers), f"fragment numbers not in producer time order: {list(zip(numbers, times))}"


def segment_files(folder):
    """The complete segments (START_MS.mkv) and the part files (being written) in a stream's media folder."""
    names = os.listdir(folder) if os.path.isdir(folder) else []
    return sorted(n for n in names if n.endswith(".mkv")), sorted(n for n in names if n.endswith(".part"))


def up_log(up):
    with open(os.path.join(up.data_dir, "server.log"), errors="replace") as log:
        return log.read()


# --- the tests ---------------------------------------------------------------------------------------------

def test_a_configuration_sent_with_the_aws_cli_is_recorded_uploaded_and_deleted_as_configured(up, cli, cameras, tmp_path):
    camera = cameras().start()
    stream = EdgeStream(cli, tmp_path, "up end to end")
    configured_at = time.time()
    deletion = {"EdgeRetentionInHours": 1, "DeleteAfterUpload": True,
                "LocalSizeConfig": {"MaxLocalMediaSizeInMB": 512, "StrategyOnFullSize": "DELETE_OLDEST_MEDIA"}}
    edge_config = stream.create(camera.url, deletion)

    # The agent acknowledged and applied it, records the camera and uploads: all visible in Describe.
    def in_sync_and_uploading():
        described = ok(stream.describe())
        recorder, _, uploader, uploader_details = agent_status(described)
        done = (described["SyncStatus"] == "IN_SYNC" and recorder == "SUCCESS" and uploader == "SUCCESS"
                and uploader_details.startswith("Uploaded"))
        return described if done else None, described

    described = eventually(in_sync_and_uploading, 60, "IN_SYNC, recorder and uploader SUCCESS, a segment uploaded")
    assert described["EdgeConfig"] == edge_config
    assert described["StreamARN"] == stream.arn

    # Fragments: from the recording's time, in order, without gaps or duplicates, 25+ seconds of them.
    def enough_fragments():
        found = stream.fragments()
        covered = epoch(found[-1]["ProducerTimestamp"]) - epoch(found[0]["ProducerTimestamp"]) if found else 0
        return (found if covered >= 25 else None), f"{len(found)} fragments over {covered:.1f} s"

    fragments = eventually(enough_fragments, 75, "25 s of uploaded fragments", every=2)
    listed_at = time.time()
    assert_increasing_without_duplicates(fragments)
    for f in fragments:
        start, length = epoch(f["ProducerTimestamp"]), f["FragmentLengthInMilliseconds"] / 1000
        assert configured_at <= start and start + length <= listed_at, (iso(configured_at), f, iso(listed_at))
        assert 0.9 <= length <= 1.1, f"a fragment is one 1 s GOP of the camera: {f}"
        assert f["FragmentSizeInBytes"] > 0, f
    for before, after in zip(fragments, fragments[1:]):
        gap = epoch(after["ProducerTimestamp"]) - epoch(before["ProducerTimestamp"]) - before["FragmentLengthInMilliseconds"] / 1000
        assert abs(gap) < 0.2, f"the camera never stopped, so neither may the fragments: {before} -> {after}"

    # DeleteAfterUpload: uploaded segments leave the device (at the janitor's next sweep, every 10 s); only the
    # segment being written and those recorded since the listing may stay.
    folder = stream.media_dir(up.agent_dir)
    assert any(segment_files(folder)), f"the agent records into {folder}"
    last_listed_ms = int(epoch(fragments[-1]["ProducerTimestamp"]) * 1000)

    def uploaded_segments_deleted():
        complete, parts = segment_files(folder)
        starts = [int(n.split(".")[0].split("-")[0]) for n in complete]
        return len(parts) <= 1 and all(s > last_listed_ms for s in starts), (complete, parts, last_listed_ms)

    eventually(uploaded_segments_deleted, 30, f"the uploaded segments in {folder} are deleted")

    # GetClip of the whole range: Debian's ffprobe and ffmpeg read H.264 640x360 of the listed fragments' length.
    start = math.floor(epoch(fragments[0]["ProducerTimestamp"]))
    end = math.ceil(epoch(fragments[-1]["ProducerTimestamp"]) + fragments[-1]["FragmentLengthInMilliseconds"] / 1000)
    expected = sum(f["FragmentLengthInMilliseconds"] for f in fragments) / 1000
    data = ok(cli("kinesisvideo", "get-data-endpoint", "--stream-name", stream.name, "--api-name", "GET_CLIP"))["DataEndpoint"]
    selector = (f"FragmentSelectorType=PRODUCER_TIMESTAMP,"
                f"TimestampRange={{StartTimestamp={iso(start)},EndTimestamp={iso(end)}}}")
    clip = ok(cli("kinesis-video-archived-media", "get-clip", "--stream-name", stream.name, "--clip-fragment-selector",
                  selector, "clip.mp4", endpoint=data, cwd=tmp_path))
    assert clip["ContentType"] == "video/mp4", clip
    info = probe(tmp_path / "clip.mp4", count_frames=True)
    assert (info["codec_name"], info["width"], info["height"]) == ("h264", 640, 360), info
    assert expected <= info["duration"] <= expected + 12, (info, expected)  # fragments uploaded since the listing too
    assert abs(info["nb_read_frames"] - info["duration"] * FPS) <= FPS, info
    status, errors, frames = decode(tmp_path / "clip.mp4")
    assert (status, errors, frames) == (0, "", info["nb_read_frames"])

    # Deleting the configuration stops the jobs and wipes the stream's local media; uploaded media stays. (The
    # agent is usually done before the CLI can describe it: DELETING itself is seen in the agent-offline test.)
    seen = stream.delete_configuration()
    assert set(seen) <= {"DELETING", "DELETING_ACKNOWLEDGED"}, seen
    assert seen == sorted(seen, key=["DELETING", "DELETING_ACKNOWLEDGED"].index), seen
    eventually(lambda: (not os.path.exists(folder), segment_files(folder)), 10, f"{folder} is deleted", every=0.5)
    kept = stream.fragments()
    assert {f["FragmentNumber"] for f in fragments} <= {f["FragmentNumber"] for f in kept}
    assert ok(cli("kinesisvideo", "delete-stream", "--stream-arn", stream.arn)) == {}


def test_a_camera_that_goes_down_and_comes_back_is_reported_and_recorded_again(up, cli, cameras, tmp_path):
    password = uuid.uuid4().hex
    camera = cameras(user="viewer", password=password, path="secured").start()
    stream = EdgeStream(cli, tmp_path, "up camera down")
    stream.create(camera.url, {"EdgeRetentionInHours": 1, "DeleteAfterUpload": True})

    def recording():
        described = ok(stream.describe())
        recorder, details, _, _ = agent_status(described)
        return (described["SyncStatus"] == "IN_SYNC" and recorder == "SUCCESS" and details.startswith("Recording")), described

    eventually(recording, 60, "IN_SYNC and the recorder recording the camera (with its password)")
    eventually(lambda: (stream.fragments(), None), 45, "a first uploaded fragment", every=2)

    camera.kill()
    killed_at = time.time()

    def failing():
        done = stream.describe()
        assert password not in done.stdout and password not in done.stderr, "the camera's password is shown"
        recorder, _, _, _ = agent_status(ok(done))
        return (done.json if recorder not in (None, "SUCCESS") else None), done.json

    down = eventually(failing, 30, "the recorder reports the camera's failure", every=0.5)
    recorder, details, _, _ = agent_status(down)
    assert recorder in ("USER_ERROR", "SYSTEM_ERROR"), down
    assert details and "viewer:" not in details and camera.url not in details, details

    # Down for a while: the agent retries (it cannot connect now), reports each failure, and says no password.
    down_until = time.monotonic() + 4
    while time.monotonic() < down_until:
        done = stream.describe()
        assert password not in done.stdout and password not in done.stderr, "the camera's password is shown"
        assert agent_status(ok(done))[0] in ("USER_ERROR", "SYSTEM_ERROR"), done
        time.sleep(0.5)
    camera.start()  # the same port
    back_at = time.time()

    def recording_again():
        described = ok(stream.describe())
        recorder, details, _, _ = agent_status(described)
        return recorder == "SUCCESS" and details.startswith("Recording"), described

    eventually(recording_again, 45, "the recorder records the camera again")

    def fragment_after_restart():
        found = stream.fragments()
        return any(epoch(f["ProducerTimestamp"]) >= back_at for f in found) and found, \
            [(f["FragmentNumber"], iso(epoch(f["ProducerTimestamp"]))) for f in found[-3:]]

    fragments = eventually(fragment_after_restart, 60, "fragments recorded after the camera came back", every=2)
    assert_increasing_without_duplicates(fragments)
    outage = [f for f in fragments if killed_at + 0.5 < epoch(f["ProducerTimestamp"]) < back_at]
    assert outage == [], "fragments timed while the camera was down"

    log = up_log(up)
    assert password not in log and camera.url not in log, "the camera's password reached the log of kvs-edge up"
    stream.delete_configuration()


def test_a_configuration_deleted_while_the_agent_is_down_shows_deleting_and_is_wiped_when_it_is_back(
        up, aws_env, cameras, tmp_path):
    """`kvs-edge up` stopped, the configuration deleted through a `kvs-edge server` on the same data: DELETING
    until an agent handles it. `up` again: its agent deletes the local media and the configuration is gone."""
    data_dir = tmp_path / "kvs-edge"
    data_dir.mkdir()
    camera = cameras().start()
    process, url = start_server(command="up", data_dir=data_dir, build=False)
    try:
        stream = EdgeStream(cli_for(url, aws_env), tmp_path, "up delete offline")
        stream.create(camera.url, {"EdgeRetentionInHours": 24, "DeleteAfterUpload": False})
        folder = stream.media_dir(process.agent_dir)
        eventually(lambda: (segment_files(folder)[0], segment_files(folder)), 45, f"a complete segment in {folder}")
    finally:
        stop_server(process)
    kept = segment_files(folder)[0]
    assert kept and not segment_files(folder)[1], "a stopped agent completes its segment and leaves no part file"

    process, url = start_server(command="server", data_dir=data_dir, build=False)
    try:
        stream.cli = cli_for(url, aws_env)
        assert ok(stream.describe())["SyncStatus"] == "IN_SYNC"
        done = stream.cli("kinesisvideo", "delete-edge-configuration", "--stream-name", stream.name)
        assert done.returncode == 0, done
        for _ in range(3):  # no agent: it stays DELETING, and the media stays on the device
            assert ok(stream.describe())["SyncStatus"] == "DELETING"
            time.sleep(1)
        assert segment_files(folder)[0] == kept
    finally:
        stop_server(process)

    process, url = start_server(command="up", data_dir=data_dir, build=False)
    try:
        stream.cli = cli_for(url, aws_env)

        def gone():
            described = stream.describe()
            if described.returncode == 0:
                assert described.json["SyncStatus"] in ("DELETING", "DELETING_ACKNOWLEDGED"), described
                return None, described
            fails_with(described, "StreamEdgeConfigurationNotFoundException")
            return True, described

        eventually(gone, 45, "the agent that is back deletes the configuration", every=0.5)
        eventually(lambda: (not os.path.exists(folder), segment_files(folder)), 10, f"{folder} is deleted", every=0.5)
        assert ok(stream.cli("kinesisvideo", "delete-stream", "--stream-arn", stream.arn)) == {}
    finally:
        stop_server(process)


def test_kvs_edge_up_logged_no_error(up):
    """Runs last in this module: whatever the tests did (including the camera's kill), `up` logged no ERROR."""
    errors = [line for line in up_log(up).splitlines() if " ERROR " in line]
    assert errors == [], errors
