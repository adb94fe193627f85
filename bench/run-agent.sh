#!/usr/bin/env bash
# What one edge agent costs with many simulated 1080p cameras, and how fast it uploads a backlog.
# See docs/benchmarks.md ("Edge agent") for how to read the output.
#
#   bench/run-agent.sh                 # about 17 minutes; prints the RESULT lines again at the end
#
# Runs dev.kvsedge.bench.agent.AgentDensity three times, each with its own kvs-edge server, `kvs-edge camera
# --count N --size 1920x1080` and `kvs-edge agent` processes (from a snapshot of the built jar):
#   1. steady:  CAMERAS cameras recorded while the uploader runs every 10 s and deletes what it sent
#   2. backlog: 1 camera recorded for BACKLOG_ONE seconds with nothing uploaded, then the uploader fires once
#   3. backlog: CAMERAS cameras recorded for BACKLOG_ALL seconds, then all uploaders fire at once
#
# Settings (environment): CAMERAS=64 STEADY_WARMUP=120 WARMUP=30 MEASURE=60 BACKLOG_ONE=300 BACKLOG_ALL=120
#   STEADY_WARMUP  seconds before the steady measurement: on 2 cores the JIT compiler still took a sixth of the
#                  agent's CPU after 80 s (async-profiler); an agent runs for months, so its steady state is measured
#   WARMUP         seconds before the backlog runs start recording (their compilation is part of what they measure)
#   AGENT_JVM="-XX:+UseSerialGC -Xmx512m"
#                  options for the agent's JVM: by default what the ./kvs-edge launcher gives `kvs-edge agent`
#   SKIP_BUILD=1   reuse the jars already built
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

CAMERAS="${CAMERAS:-64}"
STEADY_WARMUP="${STEADY_WARMUP:-120}"
WARMUP="${WARMUP:-30}"
MEASURE="${MEASURE:-60}"
BACKLOG_ONE="${BACKLOG_ONE:-300}"
BACKLOG_ALL="${BACKLOG_ALL:-120}"
launcher_agent_jvm="-XX:+UseSerialGC -Xmx512m" # keep in step with ./kvs-edge
AGENT_JVM="${AGENT_JVM-$launcher_agent_jvm}"     # set and empty: the JVM's own defaults

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
  ./mvnw -q -B -ntp -DskipTests -pl app,bench -am package
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/kvs-agent-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# A snapshot of the built jars: a rebuild of the work tree during the run cannot change what is measured.
mkdir -p "$work/app" "$work/bench"
cp -R app/target/kvs-edge.jar app/target/lib "$work/app/"
cp -R bench/target/kvs-edge-bench.jar bench/target/lib "$work/bench/"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?');" \
  "$(nproc) cores; JDK $("$JAVA" -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # name, then AgentDensity options
  local name="$1"; shift
  echo "== $name"
  "$JAVA" -Xmx256m -cp "$work/bench/kvs-edge-bench.jar" dev.kvsedge.bench.agent.AgentDensity \
    --jar "$work/app/kvs-edge.jar" --java "$JAVA" --dir "$work/$name" --agent-jvm "$AGENT_JVM" "$@" | tee -a "$work/results"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run steady --mode steady --cameras "$CAMERAS" --warmup "$STEADY_WARMUP" --measure "$MEASURE"
run backlog-one --mode backlog --cameras 1 --warmup "$WARMUP" --backlog "$BACKLOG_ONE"
run backlog-all --mode backlog --cameras "$CAMERAS" --warmup "$WARMUP" --backlog "$BACKLOG_ALL"
echo "== results"
grep '^RESULT' "$work/results"
