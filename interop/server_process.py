"""Starts and stops kvs-edge servers: the session's own when $KVS_EDGE_ENDPOINT is not set, and extra ones
that tests start with options of their own (from a private copy of the built jar), including `kvs-edge up`
(the server and its local edge agent)."""
import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(REPO, "kvs-edge")
READY = re.compile(r"kvs-edge ready at (http://\S+)")
METRICS = re.compile(r"; metrics at (http://\S+/metrics)\)")
AGENT_READY = re.compile(r"kvs-edge agent ready for (\S+) \(data in (.+)\)$")
JAR = os.path.join(REPO, "app", "target", "kvs-edge.jar")
READY_TIMEOUT_SECONDS = 120
BUILD_TIMEOUT_SECONDS = 900


def built_jar_java():
    """A java of 21 or newer, looked for where the launcher looks ($JAVA_HOME, /usr/lib/jvm, /opt/java);
    raises FileNotFoundError when there is none, or no built jar."""
    if not os.path.isfile(JAR):
        raise FileNotFoundError(f"{JAR} is not built (run ./kvs-edge --version)")
    homes = ([os.environ["JAVA_HOME"]] if os.environ.get("JAVA_HOME") else []) + sorted(
        glob.glob("/usr/lib/jvm/*") + glob.glob("/opt/java/*"), reverse=True)
    for home in homes:
        java = os.path.join(home, "bin", "java")
        if not os.access(java, os.X_OK):
            continue
        shown = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True,
                               stdin=subprocess.DEVNULL).stderr
        match = re.search(r"java\.specification\.version = (\d+)", shown)
        if match and int(match.group(1)) >= 21:
            return java
    raise FileNotFoundError("no java 21+ in $JAVA_HOME, /usr/lib/jvm or /opt/java")


def private_jar(folder):
    """A copy of the built jar and its lib/ in folder (made once; a restart on the same folder reuses it),
    so that a rebuild by someone else during the run cannot swap classes under this server."""
    target = os.path.join(folder, "app")
    jar = os.path.join(target, os.path.basename(JAR))
    if os.path.isfile(jar):
        return jar
    for attempt in range(5):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(os.path.join(os.path.dirname(JAR), "lib"), os.path.join(target, "lib"))
        shutil.copy2(JAR, jar)
        try:
            if all(zipfile.ZipFile(j).testzip() is None for j in [jar, *glob.glob(os.path.join(target, "lib", "*.jar"))]):
                return jar
        except (OSError, zipfile.BadZipFile):
            pass
        time.sleep(5)  # copied while a build was writing: try again
    raise FileNotFoundError(f"could not copy a whole {JAR} and its lib/ (a build kept rewriting them)")


def start_server(extra_args=(), data_dir=None, build=True, command="server"):
    """Returns (process, url) once the server printed its ready line; raises if it did not in time.

    extra_args go to `kvs-edge server` (or `up`). With data_dir the server keeps its database there and
    stop_server leaves it (so another server can start on the same data); without, a temporary one
    is made and removed at stop. build=False runs the jar already built, never the launcher (which
    rebuilds when sources changed): for extra servers started while a run is going on.

    command="up" starts `kvs-edge up` instead and also waits for its agent's ready line; then
    process.hub_device_arn and process.agent_dir say which hub the agent serves and where its data is.
    process.metrics_url is where the server serves its metrics (with --metrics-port, or `up`), else None."""
    if command not in ("server", "up"):
        raise ValueError(f"command must be server or up, not {command}")
    if build:  # the launcher builds on first use; do that before the ready clock starts
        subprocess.run([LAUNCHER, "--version"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       check=True, timeout=BUILD_TIMEOUT_SECONDS)
        program = [LAUNCHER]
    owned = data_dir is None
    data_dir = tempfile.mkdtemp(prefix="kvs-edge-interop-") if owned else str(data_dir)
    if not build:
        program = [built_jar_java(), "-jar", private_jar(data_dir)]
    log = open(os.path.join(data_dir, "server.log"), "a")
    process = subprocess.Popen([*program, command, "--port", "0", "--data-dir", os.path.join(data_dir, "data"),
                                *extra_args],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, text=True)
    process.data_dir, process.log, process.owns_data_dir = data_dir, log, owned
    process.hub_device_arn = process.agent_dir = process.metrics_url = None
    ready, found = threading.Event(), {}

    def read():  # keeps draining stdout after the ready lines so the server never blocks on it
        for line in process.stdout:
            match = READY.search(line)
            if match and "url" not in found:
                found["url"] = match.group(1)
                metrics = METRICS.search(line)
                process.metrics_url = metrics.group(1) if metrics else None
            agent = AGENT_READY.search(line.rstrip("\n"))
            if agent and "agent" not in found:
                found["agent"] = agent.groups()
            if "url" in found and (command == "server" or "agent" in found):
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(READY_TIMEOUT_SECONDS)
    if "url" not in found or command == "up" and "agent" not in found:
        stop_server(process)
        raise RuntimeError(f"kvs-edge {command} printed no ready line{'s' if command == 'up' else ''} within "
                           f"{READY_TIMEOUT_SECONDS}s (exit {process.poll()})")
    if command == "up":
        process.hub_device_arn, process.agent_dir = found["agent"]
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
    if process.owns_data_dir:
        shutil.rmtree(process.data_dir, ignore_errors=True)
