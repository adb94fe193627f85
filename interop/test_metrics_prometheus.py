"""The server's metrics as Prometheus and Grafana see them: a server of its own with --metrics-port, driven by
boto3 (control plane, a forged signature, an error), a PutMedia upload of an ffmpeg clip, HLS played by fetching
its playlists and segments, and an edge configuration; then

- `promtool check metrics` finds nothing to say about the page, and
- a real Prometheus (Debian's package) scrapes the server every second, and every query of every panel of the
  Grafana dashboard (docs/grafana-dashboard.json) returns data from it.

The tools come from `interop/install-tools.sh`. Without them these tests skip outside CI and fail in CI."""
import json
import math
import os
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import boto3
import pytest
from botocore.config import Config

from media_support import make_clip, require
from putmedia import put_media
from server_process import REPO, start_server, stop_server
from support import ACCESS_KEY, REGION, SECRET_KEY, edge_config, expect_error, hub_arn, make_client, unique_name

DASHBOARD = os.path.join(REPO, "docs", "grafana-dashboard.json")
# What Grafana puts in place of its variables; one minute spans all the scrapes of this test.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$__interval": "1m"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def server():
    require("promtool", "prometheus", "ffmpeg")
    process, url = start_server(["--metrics-port", "0"])
    try:
        assert process.metrics_url, "the ready line names no metrics URL"
        yield url, process.metrics_url
    finally:
        stop_server(process)


@pytest.fixture(scope="module")
def prometheus(server):
    """A Prometheus scraping the server every second, with its own configuration and storage."""
    _, metrics_url = server
    target = urllib.parse.urlparse(metrics_url)
    folder = tempfile.mkdtemp(prefix="kvs-edge-prometheus-")
    config = os.path.join(folder, "prometheus.yml")
    with open(config, "w") as out:
        out.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                  "scrape_configs:\n  - job_name: kvs-edge\n"
                  f"    metrics_path: {target.path}\n"
                  f"    static_configs:\n      - targets: ['{target.netloc}']\n")
    port = free_port()
    log = open(os.path.join(folder, "prometheus.log"), "w")
    process = subprocess.Popen(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={folder}/data",
                                f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
                               stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    api = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(f"{api}/-/ready")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, open(log.name).read()
            time.sleep(0.2)
        yield api
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def activity(server, prometheus, tmp_path_factory):
    """What a user does in a few seconds: streams, an error, a forged request, an upload, HLS, edge sync; with
    Prometheus scraping before, during and after it (rates and quantiles need samples on both sides)."""
    url, _ = server
    await_query(prometheus, "up{job='kvs-edge'} == 1", "Prometheus never scraped the server")
    kvs = make_client(url)
    stream = unique_name("metrics")
    kvs.create_stream(StreamName=stream, DataRetentionInHours=24)
    kvs.describe_stream(StreamName=stream)
    expect_error(lambda: kvs.describe_stream(StreamName="no-such-stream"), "ResourceNotFoundException", 404)
    forged = make_client(url, secret_key="not-the-secret")
    expect_error(lambda: forged.list_streams(), "InvalidSignatureException", 403)

    clip = make_clip(str(tmp_path_factory.mktemp("clip") / "clip.mkv"), 3)
    with open(clip, "rb") as media:
        acks = put_media(url, stream, media.read())
    assert sum(1 for a in acks if a["EventType"] == "PERSISTED") == 3, acks

    archived = boto3.session.Session().client("kinesis-video-archived-media", endpoint_url=url, region_name=REGION,
                                              aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                              config=Config(retries={"max_attempts": 1}))
    master = archived.get_hls_streaming_session_url(StreamName=stream, PlaybackMode="LIVE_REPLAY",
                                                    HLSFragmentSelector={"FragmentSelectorType": "SERVER_TIMESTAMP",
                                                                         "TimestampRange": {"StartTimestamp": time.time() - 600}})
    playlist_url = master["HLSStreamingSessionURL"]
    media_playlist = urllib.parse.urljoin(playlist_url, next(
        line for line in get(playlist_url)[1].decode().splitlines() if line and not line.startswith("#")))
    for line in get(media_playlist)[1].decode().splitlines():
        if line.startswith("#EXT-X-MAP:URI="):
            get(urllib.parse.urljoin(media_playlist, line.split('"')[1]))
        elif line and not line.startswith("#"):
            get(urllib.parse.urljoin(media_playlist, line))

    edge_stream = unique_name("metrics-edge")
    kvs.create_stream(StreamName=edge_stream, DataRetentionInHours=24)
    kvs.start_edge_configuration_update(StreamName=edge_stream, EdgeConfig=edge_config(hub_arn("metrics")))
    # The edge configuration came last: once a scrape has it, every sample of the activity is in Prometheus. One scrape
    # more gives the series the activity made (an error counter is made by its first error) the second sample that
    # rate() needs.
    await_query(prometheus, "kvs_edge_edge_configurations{sync_status='SYNCING'} == 1",
                "Prometheus did not scrape the server after the activity")
    scrapes = int(query(prometheus, "count_over_time(up[5m])")[0]["value"][1])
    await_query(prometheus, f"count_over_time(up[5m]) > {scrapes}", "Prometheus did not scrape the server again")
    return stream


def test_promtool_finds_nothing_wrong_with_the_metrics_page(server, activity):
    _, metrics_url = server
    status, page = get(metrics_url)
    assert status == 200
    checked = subprocess.run(["promtool", "check", "metrics"], input=page, capture_output=True, timeout=60)
    assert checked.returncode == 0 and not checked.stdout and not checked.stderr, (checked.stdout, checked.stderr)
    assert b"kvs_edge_ingest_fragments_total 3.0" in page


def test_every_query_of_the_grafana_dashboard_returns_data_from_a_real_prometheus(prometheus, activity):
    with open(DASHBOARD) as f:
        panels = json.load(f)["panels"]
    queries = [(panel["title"], target["expr"]) for panel in panels for target in panel["targets"]]
    assert len(queries) >= 15

    empty = []
    for title, expr in queries:
        for variable, value in GRAFANA_VARIABLES.items():
            expr = expr.replace(variable, value)
        values = [float(r["value"][1]) for r in query(prometheus, expr)]
        if not any(not math.isnan(v) for v in values):
            empty.append(f"{title}: {expr} -> {values}")
    assert not empty, "panels without data:\n" + "\n".join(empty)


def await_query(api, expr, failure, seconds=30):
    deadline = time.monotonic() + seconds
    while not query(api, expr):
        assert time.monotonic() < deadline, failure
        time.sleep(0.25)


def query(api, expr):
    """The instant vector Prometheus answers for expr now."""
    status, body = get(f"{api}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    answer = json.loads(body)
    assert status == 200 and answer["status"] == "success", answer
    return answer["data"]["result"]
