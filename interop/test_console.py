"""Issue 13's "Done when" for the web console, in a real browser: headless Chromium (Debian's) driven by
Playwright (npm playwright-core) through interop/browser/console.mjs, against a `kvs-edge up --demo` of its own
(the server, its local edge agent and the simulated camera). The clip the console downloads is checked with
ffprobe; the console's SigV4 signer is checked against AWS's published test suite with Node's test runner.

Screenshots of every page (1280x800 and phone width) are written to the test's tmp folder and kept when a
scenario fails (the failure message says where)."""
import json
import os
import re
import subprocess

import pytest

from media_support import BROWSER_DIR, probe, require, require_browser
from server_process import start_server, stop_server

CONSOLE_TIMEOUT_SECONDS = 360


@pytest.fixture(scope="module")
def demo(endpoint):
    """Its own `kvs-edge up --demo` (endpoint: the session's server, which means the jar is built)."""
    require("ffprobe")
    require_browser()
    process, url = start_server(extra_args=["--demo"], command="up", build=False)
    try:
        yield url
    finally:
        stop_server(process)


def test_the_sigv4_signer_of_the_console_matches_aws_test_suite():
    require("node")
    done = subprocess.run(["node", "--test", os.path.join(BROWSER_DIR, "sigv4.test.mjs")], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and "# pass 17" in done.stdout, done.stdout[-2000:]


def test_every_console_scenario_works_in_chromium_without_a_javascript_error(demo, tmp_path):
    output = tmp_path / "console"
    done = subprocess.run(["node", os.path.join(BROWSER_DIR, "console.mjs"), demo + "/", str(output)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=CONSOLE_TIMEOUT_SECONDS)
    print(done.stdout)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0 and last.startswith("PASS"), \
        f"console.mjs exited {done.returncode}: {last}\n{done.stderr[-2000:]}\nscreenshots: {output}"

    # The clip the console saved is the selected range as MP4: H.264, about as long as the selection the console
    # shows ("12:31:33 – 12:31:56 (23 s)"); the drag aimed at 18 s, and a live timeline may move under the mouse.
    result = json.loads((output / "result.json").read_text())
    clip = probe(result["clip"])
    shown = re.search(r"\((\d+) s\)", result["selected"])
    assert shown, result
    selected_seconds = int(shown.group(1))
    assert abs(selected_seconds - (result["clipEnd"] - result["clipStart"]) / 1000) <= 8, result
    assert clip["codec_name"] == "h264", clip
    assert "mp4" in clip["format_name"], clip
    assert selected_seconds - 4 <= clip["duration"] <= selected_seconds + 4, (clip, result)
