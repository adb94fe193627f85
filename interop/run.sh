#!/usr/bin/env bash
# Runs the interop suite: checks the committed constraint table against the installed botocore,
# starts a kvs-edge server on a free port with a fresh data directory, runs pytest against it with
# boto3 and the aws CLI, and always stops the server. Exits non-zero when anything failed.
#
#   bash interop/run.sh [extra pytest arguments]     (from any directory)
#
# KVS_EDGE_READY_TIMEOUT (seconds, default 120) bounds the wait for the server's ready line; the
# build that the launcher does on first use runs before that clock starts.
#
# The data-plane tests also need ffmpeg, Chromium and Node, and test_edge_up.py GStreamer's RTSP server for
# Debian's python3, and test_producers.py a C tool chain with the libcurl and OpenSSL headers to build AWS's C
# producer library from ../shared/thirdparty (Debian packages, which .ci/run installs with `interop/install-tools.sh`), and the npm
# packages of interop/browser, which this script installs (cached in interop/browser/node_modules). Without
# them those tests skip, or fail when CI=true.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root" || exit 1
ready_timeout="${KVS_EDGE_READY_TIMEOUT:-120}"

echo "== constraint table vs installed botocore"
python3 tools/extract-model.py --check </dev/null
model_status=$?

echo "== npm packages of interop/browser"
if ! bash "$here/install-tools.sh" --npm-only </dev/null; then
  echo "interop: could not install the npm packages of interop/browser; the browser tests will skip (fail in CI)" >&2
fi

echo "== building kvs-edge (if needed)"
if ! ./kvs-edge --version </dev/null >/dev/null; then
  echo "interop: kvs-edge failed to build" >&2
  exit 1
fi

data_dir="$(mktemp -d)"
log_dir="$(mktemp -d)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$data_dir" "$log_dir"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

echo "== starting kvs-edge server"
./kvs-edge server --port 0 --data-dir "$data_dir" </dev/null >"$log_dir/stdout" 2>"$log_dir/stderr" &
server_pid=$!

endpoint=""
deadline=$((SECONDS + ready_timeout))
while [ "$SECONDS" -lt "$deadline" ]; do
  endpoint="$(sed -n 's/^kvs-edge ready at \(http[^ ]*\).*/\1/p' "$log_dir/stdout" | head -n 1)"
  [ -n "$endpoint" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "interop: kvs-edge server exited before it was ready" >&2
    break
  fi
  sleep 0.2
done
if [ -z "$endpoint" ]; then
  echo "interop: kvs-edge printed no ready line (waited up to ${ready_timeout}s); its output:" >&2
  cat "$log_dir/stdout" "$log_dir/stderr" >&2
  exit 1
fi
echo "$(head -n 1 "$log_dir/stdout")"
export KVS_EDGE_ENDPOINT="$endpoint"
export KVS_EDGE_SERVER_LOG="$log_dir/stderr"  # the data-plane tests check that no ERROR was logged

echo "== pytest"
python3 -m pytest -q -p no:cacheprovider --tb=short interop "$@" </dev/null
test_status=$?
if [ "$test_status" -eq 5 ]; then
  echo "interop: pytest collected no tests" >&2
  test_status=1
fi

if grep -q " ERROR " "$log_dir/stderr"; then
  echo "== server errors logged during the run (first 40 lines)"
  grep -A3 " ERROR " "$log_dir/stderr" | head -n 40
fi

if [ "$model_status" -ne 0 ]; then
  echo "interop: the committed constraint table differs from botocore's model (run tools/extract-model.py)" >&2
  [ "$test_status" -eq 0 ] && test_status=1
fi
exit "$test_status"
