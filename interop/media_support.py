"""Media helpers of the data-plane tests: the external tools they need (Debian's ffmpeg and ffprobe,
Chromium and Node for the browser), a test clip, and what ffprobe and ffmpeg say of a file or URL.

Outside CI a missing tool skips the test that needs it, saying what to install. In CI (CI=true) it fails
the test instead: CI installs every tool (`interop/install-tools.sh`), so a missing one is a broken setup,
not a reason to pass."""
import json
import os
import shutil
import subprocess

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
INSTALL_HINT = "bash interop/install-tools.sh installs it"
BROWSER_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "browser")


def require(*commands):
    """Skips the test (fails it in CI) unless every command is on PATH."""
    missing = [c for c in commands if shutil.which(c) is None]
    if missing:
        unavailable(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not installed ({INSTALL_HINT})")


def unavailable(reason):
    if IN_CI:
        pytest.fail(f"{reason}; CI=true, so this is a failure, not a skip")
    pytest.skip(reason)


def chromium_path():
    """Debian's Chromium, or None."""
    for path in (os.environ.get("KVS_EDGE_CHROMIUM"), shutil.which("chromium"), "/usr/lib/chromium/chromium"):
        if path and os.access(path, os.X_OK):
            return path
    return None


def require_browser():
    """Skips the test (fails it in CI) unless Node, Chromium and interop/browser's npm packages are there."""
    require("node")
    if chromium_path() is None:
        unavailable(f"chromium is not installed ({INSTALL_HINT})")
    for package in ("playwright-core", "hls.js"):
        if not os.path.isfile(os.path.join(BROWSER_DIR, "node_modules", package, "package.json")):
            unavailable(f"the npm package {package} is not installed in interop/browser ({INSTALL_HINT} --npm-only)")


# Debian's python (the python3 on PATH may have no `gi`) and what interop/gst_camera.py loads with it.
DEBIAN_PYTHON = "/usr/bin/python3"
GST_CAMERA_CHECK = """
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gst, GstRtspServer
Gst.init(None)
missing = [e for e in ("videotestsrc", "x264enc", "h264parse", "rtph264pay") if Gst.ElementFactory.find(e) is None]
print(" ".join(missing))
raise SystemExit(1 if missing else 0)
"""


def require_gst_camera():
    """Skips the test (fails it in CI) unless Debian's python3 can run interop/gst_camera.py: python3-gi,
    gir1.2-gst-rtsp-server-1.0 and the elements of its pipeline (GStreamer plugins base, good, bad, ugly)."""
    if not os.access(DEBIAN_PYTHON, os.X_OK):
        unavailable(f"{DEBIAN_PYTHON} is not installed ({INSTALL_HINT})")
    done = subprocess.run([DEBIAN_PYTHON, "-c", GST_CAMERA_CHECK], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)
    if done.returncode != 0:
        what = f"the GStreamer elements {done.stdout.strip()}" if done.stdout.strip() else "GstRtspServer (python3-gi)"
        unavailable(f"{DEBIAN_PYTHON} cannot load {what} ({INSTALL_HINT}): {done.stderr.strip()[-300:]}")


def run(command, timeout=120):
    return subprocess.run([str(c) for c in command], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout)


def make_clip(path, seconds, fps=25, size="320x240"):
    """An H.264 Matroska clip of the testsrc2 pattern, one key frame a second (so one cluster, and one
    fragment, a second), in the profile browsers play."""
    done = run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}",
                "-t", seconds, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-profile:v", "main", "-g", fps,
                "-f", "matroska", path])
    assert done.returncode == 0 and os.path.getsize(path) > 0, done.stderr
    return path


def packets(source):
    """The video packets ffprobe reads from a file or URL, in file order: (pts, size, key frame) each."""
    done = run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,size,flags",
                "-of", "json", source])
    assert done.returncode == 0, done.stderr
    return [(int(p["pts"]), int(p["size"]), "K" in p["flags"]) for p in json.loads(done.stdout).get("packets", [])]


def probe(source, count_frames=False):
    """ffprobe's view of the first video stream and of the container: codec_name, width, height, duration,
    format_name, and nb_read_frames when count_frames (which decodes everything)."""
    command = ["ffprobe", "-v", "error", "-select_streams", "v:0",
               "-show_entries", "stream=codec_name,width,height,duration,nb_read_frames:format=format_name,duration",
               "-of", "json"]
    if count_frames:
        command.append("-count_frames")
    done = run([*command, source])
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc.get("streams"), f"ffprobe found no video stream in {source}: {done.stdout}"
    stream, container = doc["streams"][0], doc.get("format", {})
    return {
        "codec_name": stream.get("codec_name"),
        "width": stream.get("width"),
        "height": stream.get("height"),
        "duration": float(stream.get("duration") or container.get("duration") or "nan"),
        "nb_read_frames": int(stream["nb_read_frames"]) if "nb_read_frames" in stream else None,
        "format_name": container.get("format_name"),
    }


def decode(source, timeout=120):
    """Decodes every frame with `ffmpeg -v error -i SOURCE -f null -`: (exit status, what it printed, frames).
    A clean read prints nothing at level error."""
    done = run(["ffmpeg", "-v", "error", "-nostdin", "-nostats", "-progress", "pipe:1", "-i", source,
                "-map", "0:v:0", "-f", "null", "-"], timeout=timeout)
    frames = [line.split("=", 1)[1] for line in done.stdout.splitlines() if line.startswith("frame=")]
    return done.returncode, done.stderr.strip(), int(frames[-1]) if frames else 0
