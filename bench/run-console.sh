#!/usr/bin/env bash
# The console's timeline on a week of 2-second fragments (about 300,000): GetMediaCoverage as the console calls it
# (day, hour, week views) and the stream page opened in headless Chromium until its day view is drawn. See
# docs/benchmarks.md ("Console timeline").
#
#   bench/run-console.sh            (DAYS=7 RUNS=30 PAGE_RUNS=10 SKIP_BUILD=1 to reuse the jars)
#
# Needs Chromium and interop/browser's npm packages (bash interop/install-tools.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
DAYS="${DAYS:-7}"
RUNS="${RUNS:-30}"
PAGE_RUNS="${PAGE_RUNS:-10}"

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}
JAVA=""
for dir in ${JAVA_HOME:-} /usr/lib/jvm/* /opt/java/*; do
  [ -x "$dir/bin/java" ] && [ "$(java_major "$dir/bin/java")" -ge 21 ] && JAVA="$dir/bin/java"
done
[ -n "$JAVA" ] || { echo "run-console: needs a JDK >= 21" >&2; exit 1; }
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -DskipTests -pl bench -am package
fi
bash interop/install-tools.sh --npm-only >/dev/null

work="$(mktemp -d)"
bench_pid=""
cleanup() {
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then kill "$bench_pid"; wait "$bench_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
"$JAVA" -Xmx512m -cp "bench/target/kvs-edge-bench.jar" dev.kvsedge.bench.console.TimelineBench \
  --days "$DAYS" --runs "$RUNS" --hold 600 | tee "$work/out" &
bench_pid=$!
for _ in $(seq 1 600); do grep -q '^holding the server' "$work/out" 2>/dev/null && break; sleep 1; done
url="$(sed -n 's/^holding the server for [0-9]* s: \(.*\)$/\1/p' "$work/out")"
[ -n "$url" ] || { echo "run-console: the benchmark did not get to the browser part" >&2; exit 1; }
echo "== the stream page in headless Chromium until the day view is drawn"
node bench/console-open.mjs "$url" "$PAGE_RUNS"
