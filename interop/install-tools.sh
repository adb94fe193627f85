#!/usr/bin/env bash
# Installs what the interop suite's data-plane tests need beyond boto3 and the aws CLI:
#   - Debian packages: ffmpeg (ffmpeg + ffprobe, with libx264), chromium, nodejs and npm, systemd (for
#     systemd-analyze in .ci/check-dist) and prometheus (the server and promtool, for test_metrics_prometheus.py),
#     each only if its command is missing; needs root and apt
#   - for the GStreamer RTSP camera of test_edge_up.py (interop/gst_camera.py, run with Debian's
#     /usr/bin/python3): python3-gi, gir1.2-gst-rtsp-server-1.0 and the GStreamer plugins base, good, bad and
#     ugly (videotestsrc, rtph264pay, h264parse, x264enc); only if that python cannot load them already
#   - for AWS's C producer library of test_producers.py (built by interop/producer_c/build.sh): a C tool chain,
#     cmake, pkg-config and the libcurl and OpenSSL headers (build-essential cmake pkg-config
#     libcurl4-openssl-dev libssl-dev), and curl for the plain curl upload
#   - npm packages of interop/browser (playwright-core, hls.js; versions pinned by its package-lock.json)
#     into interop/browser/node_modules, skipped when the pinned versions are there already
#
#   bash interop/install-tools.sh            # both (what .ci/run does)
#   bash interop/install-tools.sh --npm-only # only the npm packages (what run.sh does; no root needed)
#
# Each install is tried twice. Prints how long each step took. Exits non-zero, with the reason, when
# something could not be installed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
npm_only=false
[ "${1:-}" = "--npm-only" ] && npm_only=true

fail() {
  echo "install-tools: $*" >&2
  exit 1
}

# Runs "$@" and, if it fails, waits a little and runs it once more.
twice() {
  "$@" && return 0
  echo "install-tools: '$*' failed; trying once more in 5 s" >&2
  sleep 5
  "$@"
}

# Debian's python3 (not the one on PATH) with the RTSP server's introspection data and every element of the
# camera's pipeline; silent, exit status only.
gst_camera_ready() {
  [ -x /usr/bin/python3 ] && /usr/bin/python3 - >/dev/null 2>&1 <<'PY'
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gst, GstRtspServer  # noqa: F401
Gst.init(None)
missing = [e for e in ("videotestsrc", "x264enc", "h264parse", "rtph264pay") if Gst.ElementFactory.find(e) is None]
raise SystemExit(1 if missing else 0)
PY
}

missing_packages() {
  local missing=()
  command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
  command -v chromium >/dev/null || [ -x /usr/lib/chromium/chromium ] || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v systemd-analyze >/dev/null || missing+=(systemd) # .ci/check-dist verifies the systemd units
  command -v prometheus >/dev/null && command -v promtool >/dev/null || missing+=(prometheus)
  gst_camera_ready || missing+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
    gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly)
  command -v cc >/dev/null && command -v make >/dev/null || missing+=(build-essential)
  command -v cmake >/dev/null || missing+=(cmake)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
  pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev)
  command -v curl >/dev/null || missing+=(curl)
  echo "${missing[@]}"
}

if ! $npm_only; then
  packages="$(missing_packages)"
  if [ -z "$packages" ]; then
    echo "install-tools: ffmpeg, chromium, node, npm, prometheus, the GStreamer RTSP camera's and the C producer's packages are installed"
  else
    echo "install-tools: apt-get install $packages"
    [ "$(id -u)" -eq 0 ] || fail "installing $packages needs root (apt-get)"
    command -v apt-get >/dev/null || fail "no apt-get to install $packages with"
    start=$SECONDS
    export DEBIAN_FRONTEND=noninteractive
    twice apt-get update -qq || fail "apt-get update failed twice"
    # shellcheck disable=SC2086 # one word per package
    twice apt-get install -y -qq --no-install-recommends $packages >/dev/null \
      || fail "apt-get install $packages failed twice"
    echo "install-tools: apt packages installed in $((SECONDS - start)) s"
    packages="$(missing_packages)"
    [ -z "$packages" ] || fail "still missing after apt-get install: $packages"
  fi
  encoders="$(ffmpeg -hide_banner -encoders 2>/dev/null)"  # not piped into grep -q: pipefail and SIGPIPE
  [[ "$encoders" == *libx264* ]] || fail "this ffmpeg ($(command -v ffmpeg)) has no libx264 encoder (Debian's has)"
fi

command -v npm >/dev/null || fail "npm is missing (apt-get install npm, or run without --npm-only as root)"
installed() {  # the installed version of an npm package in interop/browser, or nothing
  node -e 'try { console.log(require(process.argv[1]).version) } catch (e) {}' \
    "$here/browser/node_modules/$1/package.json" 2>/dev/null
}
wanted() {  # the version package-lock.json pins
  node -e 'console.log(require(process.argv[1]).packages["node_modules/" + process.argv[2]].version)' \
    "$here/browser/package-lock.json" "$1"
}
if [ "$(installed hls.js)" = "$(wanted hls.js)" ] && [ "$(installed playwright-core)" = "$(wanted playwright-core)" ]; then
  echo "install-tools: npm packages are installed (hls.js $(installed hls.js), playwright-core $(installed playwright-core))"
else
  start=$SECONDS
  (cd "$here/browser" && twice npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in interop/browser failed twice"
  echo "install-tools: npm packages installed in $((SECONDS - start)) s (hls.js $(installed hls.js), playwright-core $(installed playwright-core))"
fi
