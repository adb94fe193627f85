"""GetImages through boto3 against H.264 made by Debian's ffmpeg (libx264, main profile: with B-frames), each image
compared with ffmpeg's own decode of the frame shown at its time."""
import base64
import datetime
import subprocess
import time

import pytest

from media_support import make_clip, require
from putmedia import put_media
from support import ACCESS_KEY, SECRET_KEY, expect_error, unique_name

import boto3
from botocore.config import Config

FPS = 25
SIZE = (320, 240)


@pytest.fixture(scope="module")
def stream(endpoint, kvs, tmp_path_factory):
    """Three seconds of video uploaded with its first frame on a whole second (boto3 sends whole seconds)."""
    require("ffmpeg")
    folder = tmp_path_factory.mktemp("images")
    clip = make_clip(folder / "clip.mkv", "3", FPS, f"{SIZE[0]}x{SIZE[1]}")
    name = unique_name("images")
    kvs.create_stream(StreamName=name, DataRetentionInHours=24)
    start = float(int(time.time()) - 60)
    put_media(endpoint, name, clip.read_bytes(), producer_start=start)
    return {"name": name, "clip": str(clip), "start": datetime.datetime.fromtimestamp(start, datetime.timezone.utc),
            "folder": folder}


@pytest.fixture(scope="module")
def media(endpoint):
    return boto3.client("kinesis-video-archived-media", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                        config=Config(retries={"max_attempts": 1}))


def raw_rgb(path, frame=None):
    """The picture as raw RGB24 bytes, decoded by ffmpeg: an image file, or frame number `frame` of a video."""
    command = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path)]
    if frame is not None:
        command += ["-vf", f"select=eq(n\\,{frame})", "-vframes", "1"]
    done = subprocess.run([*command, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def mean_difference(a, b):
    assert len(a) == len(b), f"{len(a)} != {len(b)} bytes"
    return sum(abs(x - y) for x, y in zip(a, b)) / len(a)


def test_each_png_is_the_frame_ffmpeg_decodes_at_its_time(media, stream, tmp_path):
    start = stream["start"]
    response = media.get_images(StreamName=stream["name"], ImageSelectorType="PRODUCER_TIMESTAMP", StartTimestamp=start,
                                EndTimestamp=start + datetime.timedelta(seconds=2), SamplingInterval=280, Format="PNG")
    images = response["Images"]
    assert len(images) == 8  # 0 to 1960 ms, 280 ms apart
    for i, image in enumerate(images):
        assert "Error" not in image, image
        offset_ms = 280 * i
        assert image["TimeStamp"] == start + datetime.timedelta(milliseconds=offset_ms)
        png = tmp_path / f"image-{i}.png"
        png.write_bytes(base64.b64decode(image["ImageContent"]))
        ours = raw_rgb(png)
        assert len(ours) == SIZE[0] * SIZE[1] * 3, "a 320x240 picture"
        frame = offset_ms * FPS // 1000  # the frame shown then: the latest at or before it
        reference = raw_rgb(stream["clip"], frame)
        difference = mean_difference(ours, reference)
        assert difference < 3, f"image {i} ({offset_ms} ms) differs from ffmpeg's frame {frame} by {difference:.2f}"
        if frame > 0:  # and it is not the frame before, which testsrc2 draws differently
            assert mean_difference(ours, raw_rgb(stream["clip"], frame - 1)) > difference


def test_jpeg_thumbnails_page_and_times_without_media_say_so(media, stream, tmp_path):
    start = stream["start"]
    request = dict(StreamName=stream["name"], ImageSelectorType="PRODUCER_TIMESTAMP",
                   StartTimestamp=start - datetime.timedelta(seconds=1), EndTimestamp=start + datetime.timedelta(seconds=4),
                   SamplingInterval=200, Format="JPEG", FormatConfig={"JPEGQuality": "60"}, WidthPixels=160, MaxResults=10)
    images = [image for page in media.get_paginator("get_images").paginate(**request) for image in page["Images"]]
    assert len(images) == 26
    errors = [image.get("Error") for image in images]
    assert errors[:5] == ["NO_MEDIA"] * 5 and errors[20:] == ["NO_MEDIA"] * 6
    assert all(e is None for e in errors[5:20])
    thumbnail = tmp_path / "thumbnail.jpg"
    thumbnail.write_bytes(base64.b64decode(images[10]["ImageContent"]))
    assert len(raw_rgb(thumbnail)) == 160 * 120 * 3, "WidthPixels alone keeps the aspect ratio"


def test_get_images_errors_are_aws_errors(media, stream):
    start = stream["start"]
    base = dict(StreamName=stream["name"], ImageSelectorType="PRODUCER_TIMESTAMP", StartTimestamp=start, Format="JPEG")
    expect_error(media.get_images, "InvalidArgumentException", 400,
                 EndTimestamp=start + datetime.timedelta(seconds=301), SamplingInterval=1000, **base)
    expect_error(media.get_images, "InvalidArgumentException", 400, EndTimestamp=start, SamplingInterval=100, **base)
    expect_error(media.get_images, "ResourceNotFoundException", 404, **{**base, "StreamName": unique_name("nowhere")},
                 EndTimestamp=start, SamplingInterval=1000)
