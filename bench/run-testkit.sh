#!/usr/bin/env bash
# What the testkit costs a test suite: first use in a JVM, warm starts, reset, close, a whole test class.
# See docs/benchmarks.md ("Testkit") for how to read the output.
#
#   bench/run-testkit.sh            # about a minute on a quiet machine
#
# Settings (environment): ROUNDS=40 (servers per JVM), RUNS=3 (JVMs), SKIP_BUILD=1 (reuse the jars built).
# Each JVM runs dev.kvsedge.bench.testkit.TestkitTimings against the built testkit jar, as a test suite would; the
# first JVM unpacks the testkit's runtime into an empty cache folder (the first use on a machine), the others find
# it there (the first use in every later test run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-40}"
RUNS="${RUNS:-3}"

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}
find_java() { # the newest JDK >= 21, as the ./kvs-edge launcher picks it
  local best="" best_v=0 dir v
  for dir in ${JAVA_HOME:-} /usr/lib/jvm/* /opt/java/*; do
    [ -x "$dir/bin/java" ] || continue
    v="$(java_major "$dir/bin/java")"
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir/bin/java"; best_v="$v"; fi
  done
  [ -n "$best" ] || { echo "needs a JDK 21 or newer" >&2; exit 1; }
  echo "$best"
}
JAVA="$(find_java)"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -ntp -DskipTests -pl bench -am package
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/kvs-testkit-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# A snapshot of the built jars: a rebuild of the work tree during the run cannot change what is measured.
cp -R bench/target/kvs-edge-bench.jar bench/target/lib "$work/"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?');" \
  "$(nproc) cores; JDK $("$JAVA" -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  echo "-- JVM $run of $RUNS$([ "$run" = 1 ] && echo ' (empty runtime cache)')"
  "$JAVA" -Dkvs-edge.testkit.cache="$work/cache" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$work/kvs-edge-bench.jar:$work/lib/*" dev.kvsedge.bench.testkit.TestkitTimings "$ROUNDS" 2>"$work/stderr" \
    || { tail -n 30 "$work/stderr" >&2; exit 1; }
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
