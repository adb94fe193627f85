"""Starts and stops a `kvs-edge server` for a pytest session run without $KVS_EDGE_ENDPOINT."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(REPO, "kvs-edge")
READY = re.compile(r"kvs-edge ready at (http://\S+)")
READY_TIMEOUT_SECONDS = 120
BUILD_TIMEOUT_SECONDS = 900


def start_server():
    """Returns (process, url) once the server printed its ready line; raises if it did not in time."""
    # The launcher builds on first use; do that before the ready clock starts.
    subprocess.run([LAUNCHER, "--version"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   check=True, timeout=BUILD_TIMEOUT_SECONDS)
    data_dir = tempfile.mkdtemp(prefix="kvs-edge-interop-")
    log = open(os.path.join(data_dir, "server.log"), "w")
    process = subprocess.Popen([LAUNCHER, "server", "--port", "0", "--data-dir", os.path.join(data_dir, "data")],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, text=True)
    process.data_dir, process.log = data_dir, log
    ready, found = threading.Event(), {}

    def read():  # keeps draining stdout after the ready line so the server never blocks on it
        for line in process.stdout:
            match = READY.search(line)
            if match and not ready.is_set():
                found["url"] = match.group(1)
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(READY_TIMEOUT_SECONDS)
    if "url" not in found:
        stop_server(process)
        raise RuntimeError(f"kvs-edge printed no ready line within {READY_TIMEOUT_SECONDS}s (exit {process.poll()})")
    return process, found["url"]


def stop_server(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()
    shutil.rmtree(process.data_dir, ignore_errors=True)
