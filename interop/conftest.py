"""Shared fixtures of the interop suite: where the server is, a boto3 client, an `aws` CLI runner,
and a fresh stream name per test.

The server is the one at $KVS_EDGE_ENDPOINT (run.sh starts it and sets this). Without that variable
the suite starts its own `kvs-edge server` for the session, so `python3 -m pytest interop` works too.
"""
import os
import sys

import pytest

from secrets_support import make_secrets_client
from server_process import start_server, stop_server
from support import ACCESS_KEY, SECRET_KEY, make_client, run_aws, unique_name


_SERVER_LOG = {}  # the log of the server the session started itself


@pytest.fixture(scope="session")
def endpoint():
    """The base URL of the kvs-edge server under test, without a trailing slash."""
    url = os.environ.get("KVS_EDGE_ENDPOINT")
    if url:
        yield url.rstrip("/")
        return
    process, url = start_server()
    _SERVER_LOG["path"] = os.path.join(process.data_dir, "server.log")
    try:
        yield url.rstrip("/")
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def server_log(endpoint):
    """The path of the log (stderr) of the server under test: $KVS_EDGE_SERVER_LOG (run.sh sets it), or the
    log of the server this session started; None when neither is known (a server someone else runs)."""
    return os.environ.get("KVS_EDGE_SERVER_LOG") or _SERVER_LOG.get("path")


@pytest.fixture(scope="session")
def kvs(endpoint):
    return make_client(endpoint)


@pytest.fixture
def stream_name(request):
    """A stream name no other test (or earlier run on the same server) uses."""
    return unique_name(request.node.name)


@pytest.fixture
def new_stream_name(request):
    """Makes any number of fresh stream names for one test."""
    return lambda: unique_name(request.node.name)


@pytest.fixture(scope="session")
def aws_env(tmp_path_factory):
    """An environment in which only our credentials and settings reach the CLI."""
    home = tmp_path_factory.mktemp("aws-cli-home")
    config = home / "config"
    credentials = home / "credentials"
    config.write_text("")
    credentials.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        AWS_CONFIG_FILE=str(config),
        AWS_SHARED_CREDENTIALS_FILE=str(credentials),
        AWS_MAX_ATTEMPTS="1",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
    )
    return env


@pytest.fixture(scope="session")
def aws(endpoint, aws_env):
    """Runs `aws kinesisvideo ARGS...` against the server; returns a CliResult (never raises on failure).
    cwd sets the working directory, for relative paths such as `--cli-input-json file://config.json`."""

    def run(*args, env=None, cwd=None):
        return run_aws("kinesisvideo", endpoint, {**aws_env, **(env or {})}, *args, cwd=cwd)

    return run


@pytest.fixture(scope="session")
def secrets(endpoint):
    """A secretsmanager boto3 client for the server (admin credentials, retries off)."""
    return make_secrets_client(endpoint)


@pytest.fixture(scope="session")
def aws_secrets(endpoint, aws_env):
    """Runs `aws secretsmanager ARGS...` against the server, like `aws`; cwd as for `aws`."""

    def run(*args, env=None, cwd=None):
        return run_aws("secretsmanager", endpoint, {**aws_env, **(env or {})}, *args, cwd=cwd)

    return run


def pytest_terminal_summary(terminalreporter):
    """The run's totals: how many raw requests got which status, and the model cases generated."""
    wire = sys.modules.get("signed_http")
    if wire is not None and wire.STATUS_COUNTS:
        terminalreporter.write_line("kvs-edge interop " + wire.summary())
        for method, path, body, status, code in wire.SERVER_ERRORS:
            terminalreporter.write_line(f"  server error {status} {code}: {method} {path} {body!r}")
    generator = sys.modules.get("test_negative_generator")
    if generator is not None:
        terminalreporter.write_line("kvs-edge interop " + generator.case_summary())
