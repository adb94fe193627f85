#!/usr/bin/env python3
"""GetImages throughput for 1080p: images per second a kvs-edge server makes from stored H.264, and what the
cache saves when a timeline asks again. See docs/benchmarks.md ("GetImages") for how to read the output.

    python3 bench/run-images.py            # builds kvs-edge if needed (./kvs-edge --version); needs Debian's ffmpeg

What it does: starts `kvs-edge server` on a free port with a fresh data folder; makes SECONDS seconds of 1080p
H.264 with ffmpeg (testsrc2, libx264 main profile with B-frames, preset veryfast, 25 fps, a key frame each second: one fragment a second) and
uploads it with PutMedia (interop/putmedia.py); then, with boto3's kinesis-video-archived-media client (all pages,
25 images each), times each case ROUNDS times: images at every key frame (1 s apart), at 200 ms (four of five
not key frames: decoded from the key frame before), as thumbnails (320x180) and as PNG, each first with a cold
cache (a JPEGQuality not asked before, so no image is cached) and then asked again (every image from the cache).
It prints images per second and the server's CPU seconds per image, read from /proc.

Settings (environment): SECONDS=30, ROUNDS=3.
"""
import datetime
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

from media_support import run  # noqa: E402
from putmedia import put_media  # noqa: E402
from server_process import start_server, stop_server  # noqa: E402
from support import ACCESS_KEY, SECRET_KEY, make_client  # noqa: E402

SECONDS = int(os.environ.get("SECONDS_OF_VIDEO", os.environ.get("SECONDS", "30")))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def archived_media(endpoint):
    return boto3.client("kinesis-video-archived-media", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                        config=Config(retries={"max_attempts": 1}, read_timeout=300))


def all_images(media, **request):
    images, token = [], None
    while True:
        page = media.get_images(**request, **({"NextToken": token} if token else {}))
        images += page["Images"]
        token = page.get("NextToken")
        if not token:
            return images


def timed(media, pid, **request):
    cpu, start = cpu_seconds(pid), time.perf_counter()
    images = all_images(media, **request)
    elapsed, used = time.perf_counter() - start, cpu_seconds(pid) - cpu
    made = [i for i in images if "ImageContent" in i]
    missing = [(i["TimeStamp"].isoformat(), i.get("Error")) for i in images if "ImageContent" not in i]
    assert not missing, f"{len(missing)} of {len(images)} images missing: {missing[:5]}"
    return len(made), elapsed, used, sum(len(i["ImageContent"]) * 3 // 4 for i in made) / len(made)


def main():
    process, endpoint = start_server()
    try:
        kvs = make_client(endpoint)
        kvs.create_stream(StreamName="images-bench", DataRetentionInHours=24)
        with tempfile.TemporaryDirectory() as folder:
            clip = os.path.join(folder, "1080p.mkv")
            done = run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25",
                        "-t", SECONDS, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-profile:v", "main",
                        "-g", 25, "-f", "matroska", clip], timeout=1800)
            assert done.returncode == 0, done.stderr
            with open(clip, "rb") as f:
                acks = put_media(endpoint, "images-bench", f.read())
        persisted = sum(1 for a in acks if a.get("EventType") == "PERSISTED")
        assert persisted >= SECONDS - 1, f"only {persisted} fragments persisted"
        media = archived_media(endpoint)
        listed = media.list_fragments(StreamName="images-bench", MaxResults=1000)["Fragments"]
        # boto3 sends timestamps in whole seconds: start at the first whole second with media.
        first = min(f["ProducerTimestamp"] for f in listed)
        start = first.replace(microsecond=0) + datetime.timedelta(seconds=1 if first.microsecond else 0)
        end = max(f["ProducerTimestamp"] for f in listed).replace(microsecond=0)
        print(f"{len(listed)} fragments of 1080p H.264 from {start} to {end}; load average {os.getloadavg()}")
        cases = [
            ("key frames, 1920x1080 JPEG", dict(SamplingInterval=1000, Format="JPEG")),
            ("every 200 ms, 1920x1080 JPEG", dict(SamplingInterval=200, Format="JPEG")),
            ("key frames, 320x180 JPEG", dict(SamplingInterval=1000, Format="JPEG", WidthPixels=320, HeightPixels=180)),
            ("key frames, 1920x1080 PNG", dict(SamplingInterval=1000, Format="PNG")),
        ]
        quality = 10
        print(f"{'case':34} {'round':>5} {'cache':>5} {'images':>6} {'seconds':>8} {'images/s':>9} {'CPU s/image':>11} "
              f"{'KB/image':>8}")
        for round_number in range(1, ROUNDS + 1):
            for label, case in cases:
                quality += 1  # a JPEGQuality not asked before: nothing of this case is in the cache
                request = dict(StreamName="images-bench", ImageSelectorType="PRODUCER_TIMESTAMP", StartTimestamp=start,
                               EndTimestamp=end, MaxResults=25, **case)
                if case["Format"] == "JPEG":
                    request["FormatConfig"] = {"JPEGQuality": str(quality)}
                else:  # the same 1920x1080 asked three ways: three cache keys
                    request.update([{}, {"WidthPixels": 1920, "HeightPixels": 1080}, {"WidthPixels": 1920}][(round_number - 1) % 3])
                for cache in ("cold", "warm"):
                    n, elapsed, used, size = timed(media, process.pid, **request)
                    print(f"{label:34} {round_number:>5} {cache:>5} {n:>6} {elapsed:>8.2f} {n / elapsed:>9.1f} "
                          f"{used / n:>11.4f} {size / 1024:>8.0f}")
        print(f"load average after: {os.getloadavg()}")
    finally:
        stop_server(process)


if __name__ == "__main__":
    main()
