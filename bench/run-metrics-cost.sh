#!/usr/bin/env bash
# What metrics and the activity log cost on the DescribeStream hot path: three servers measured in turn, round
# after round (the machine is shared; interleaving spreads its noise over all three): a baseline build, this
# build with metrics off (`server`), and this build with --metrics-port (as `up` runs it).
#
#   git archive BASE_COMMIT | tar -x -C /tmp/base && (cd /tmp/base && ./mvnw -q -DskipTests -pl app -am package)
#   ./mvnw -q -DskipTests -pl app,bench -am package
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run-metrics-cost.sh /tmp/base/app/target
#
# Settings (environment): CONNECTIONS=16, PREWARM=30 (s per server), ROUNDS=4, WARMUP=5, MEASURE=10 (s per run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="${1:?usage: bench/run-metrics-cost.sh BASELINE_APP_TARGET (a folder with kvs-edge.jar and lib/)}"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin/java"
bench="$root/bench/target/kvs-edge-bench.jar"
work="$(mktemp -d "${TMPDIR:-/tmp}/kvs-metrics-cost.XXXXXX")"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$work"' EXIT

mkdir -p "$work/base" "$work/new"
cp -R "$baseline/kvs-edge.jar" "$baseline/lib" "$work/base/"
cp -R "$root/app/target/kvs-edge.jar" "$root/app/target/lib" "$work/new/"

start() { # name jar [server options]
  local name="$1" jar="$2"; shift 2
  "$JAVA" -jar "$jar" server --port 0 --data-dir "$work/data-$name" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!); echo $! > "$work/$name.pid"
  for _ in $(seq 600); do grep -q "ready at" "$work/$name.log" && break; sleep 0.1; done
  grep -o 'ready at http://[0-9.:]*' "$work/$name.log" | awk '{print $3}' > "$work/$name.url"
}
start baseline "$work/base/kvs-edge.jar"
start metrics-off "$work/new/kvs-edge.jar"
start metrics-on "$work/new/kvs-edge.jar" --metrics-port 0
servers=(baseline metrics-off metrics-on)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${servers[@]}"; do
  "$JAVA" -jar "$bench" --label "$s-prewarm" --endpoint "$(cat "$work/$s.url")" --connections 16 --warmup 0 \
    --duration "${PREWARM:-30}" > /dev/null
done
for round in $(seq "${ROUNDS:-4}"); do
  for s in "${servers[@]}"; do
    "$JAVA" -XX:+UseSerialGC -Xms128m -Xmx256m -jar "$bench" --label "$s" --endpoint "$(cat "$work/$s.url")" \
      --server-pid "$(cat "$work/$s.pid")" --connections "${CONNECTIONS:-16}" --warmup "${WARMUP:-5}" \
      --duration "${MEASURE:-10}" | sed -n "s/^RESULT /round=$round /p"
  done
done
