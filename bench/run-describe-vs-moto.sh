#!/usr/bin/env bash
# DescribeStream throughput of kvs-edge against moto_server, and kvs-edge start-up time, in one run on
# this machine. See docs/benchmarks.md for how to read the output.
#
#   bench/run-describe-vs-moto.sh
#
# Settings (environment):
#   CONNECTIONS="1 4 16 64"  each server is measured at each count; its best row is the one compared
#   PIPELINE=1               requests in flight per connection (1 = closed loop)
#   PREWARM=30               seconds of unmeasured load per server before its first run (JIT warm-up)
#   WARMUP=10 MEASURE=20     seconds of warm-up and of measurement in every run
#   ROUNDS=2                 sweeps per server, alternating kvs-edge and moto; the best of the rounds
#                            counts (the machine is shared: a round can lose CPU to other processes)
#   STARTUP_RUNS=6           start-up runs per series (the first one is reported separately)
#   SKIP_BUILD=1             reuse the jars already built
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

CONNECTIONS="${CONNECTIONS:-1 4 16 64}"
PIPELINE="${PIPELINE:-1}"
PREWARM="${PREWARM:-30}"
WARMUP="${WARMUP:-10}"
MEASURE="${MEASURE:-20}"
ROUNDS="${ROUNDS:-2}"
STARTUP_RUNS="${STARTUP_RUNS:-6}"

say() { printf '\n== %s\n' "$*"; }

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

# The JDK that runs the load generator: the same choice the ./kvs-edge launcher makes.
find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME/bin/java"; return
  fi
  local best="" best_v=0 dir v
  for dir in /usr/lib/jvm/* /opt/java/*; do
    [ -x "$dir/bin/java" ] || continue
    v="$(java_major "$dir/bin/java")"
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir/bin/java"; best_v="$v"; fi
  done
  [ -n "$best" ] || { echo "needs a JDK 21 or newer" >&2; exit 1; }
  echo "$best"
}

command -v moto_server >/dev/null || { echo "moto_server not found (pip install 'moto[server]')" >&2; exit 1; }
JAVA="$(find_java)"
work="$(mktemp -d "${TMPDIR:-/tmp}/kvs-bench.XXXXXX")"
results="$work/results.txt"
: > "$results"
kvs_pid=""
moto_pid=""

stop_pid() { # pid: SIGTERM, up to 10 s to exit, then SIGKILL
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  stop_pid "$kvs_pid"
  stop_pid "$moto_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

bench_jar="$work/snapshot/bench/kvs-edge-bench.jar"
run_loadgen() {
  "$JAVA" -XX:+UseSerialGC -Xms128m -Xmx256m -jar "$bench_jar" "$@"
}
loadgen() { # label url pid connections round
  run_loadgen --label "$1" --endpoint "$2" --server-pid "$3" --connections "$4" --pipeline "$PIPELINE" \
    --warmup "$WARMUP" --duration "$MEASURE" | tee "$work/run.out" || true
  if grep -q '^RESULT ' "$work/run.out"; then
    sed -n "s/^RESULT /RESULT round=$5 /p" "$work/run.out" >> "$results"
  else
    echo "RESULT round=$5 label=$1 connections=$4 valid=false" >> "$results"
  fi
}
prewarm() { # label url
  if [ "$PREWARM" != 0 ]; then
    echo "pre-warm: $PREWARM s of unmeasured load"
    run_loadgen --label "$1-prewarm" --endpoint "$2" --connections 16 --warmup 0 --duration "$PREWARM" \
      | grep -E '^  (throughput|errors)' || true
  fi
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "build (kvs-edge app and the bench module)"
  ./mvnw -q -B -ntp -DskipTests -pl app,bench -am package
fi

# Everything below runs a snapshot of the built application: the ./kvs-edge launcher and app/target,
# without the sources. The launcher in it behaves as in the work tree (finds a JDK, uses and makes the
# class-data archive next to the jar) except that it never rebuilds, so edits made to the work tree
# while the benchmark runs cannot rebuild or invalidate what is measured.
snap="$work/snapshot"
mkdir -p "$snap/app/target" "$snap/model" "$snap/server" # the launcher's staleness check looks in these
cp "$root/kvs-edge" "$snap/"
mkdir -p "$snap/app/src/dist" && cp -R "$root/app/src/dist/libexec" "$snap/app/src/dist/" # the launcher sources java.sh
cp -R "$root/app/target/kvs-edge.jar" "$root/app/target/lib" "$snap/app/target/"
mkdir -p "$snap/bench"
cp -R "$root/bench/target/kvs-edge-bench.jar" "$root/bench/target/lib" "$snap/bench/"

say "machine"
{
  echo "cores (nproc): $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "JDK: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "moto: $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null), $(python3 --version)"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: DescribeStream, $PIPELINE request(s) in flight per connection; ${PREWARM} s pre-warm per server;" \
    "per run ${WARMUP} s warm-up + ${MEASURE} s measured; connections: $CONNECTIONS; rounds: $ROUNDS"
} | tee "$work/machine.txt"

say "start kvs-edge and moto_server"
"$snap/kvs-edge" server --port 0 --data-dir "$work/kvs-data" > "$work/kvs-edge.log" 2>&1 &
kvs_pid=$!
kvs_url=""
for _ in $(seq 1 3000); do
  kvs_url="$(grep -o 'kvs-edge ready at http://[0-9.:]*' "$work/kvs-edge.log" | awk '{print $4}' || true)"
  [ -n "$kvs_url" ] && break
  kill -0 "$kvs_pid" 2>/dev/null || { cat "$work/kvs-edge.log"; echo "kvs-edge did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$kvs_url" ] || { cat "$work/kvs-edge.log"; echo "kvs-edge not ready after 300 s" >&2; exit 1; }
echo "kvs-edge at $kvs_url (pid $kvs_pid)"

port="$(free_port)"
moto_server -p "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
moto_url="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log"; echo "moto_server did not start" >&2; exit 1; }
  sleep 0.1
done
echo "moto_server at $moto_url (pid $moto_pid)"

say "pre-warm"
prewarm kvs-edge "$kvs_url"
prewarm moto "$moto_url"

for round in $(seq 1 "$ROUNDS"); do
  say "round $round of $ROUNDS: kvs-edge"
  for c in $CONNECTIONS; do loadgen kvs-edge "$kvs_url" "$kvs_pid" "$c" "$round"; done
  say "round $round of $ROUNDS: moto_server"
  for c in $CONNECTIONS; do loadgen moto "$moto_url" "$moto_pid" "$c" "$round"; done
done
stop_pid "$kvs_pid"; kvs_pid=""
stop_pid "$moto_pid"; moto_pid=""

# --- start-up -----------------------------------------------------------------------------------------
say "kvs-edge start-up (process start to the ready line; fresh data folder each run)"
# 1. The launcher as a user runs it. Its class-data archive is deleted before the series, so run 1 is
#    the first start after a build (the launcher records the archive first, in a training run).
"$JAVA" -cp "$bench_jar" dev.kvsedge.bench.StartupTimer --label launcher --runs "$STARTUP_RUNS" \
  --archive "$snap/app/target/kvs-edge.jsa" -- "$snap/kvs-edge" server --port 0 --data-dir '{DATA}' \
  | tee "$work/startup.out" || echo "launcher start-up series failed" >&2
# 2. The JVM command line the launcher execs, with the archive it recorded: start-up without the
#    launcher script (its JDK search).
"$JAVA" -cp "$bench_jar" dev.kvsedge.bench.StartupTimer --label java-with-archive --runs "$STARTUP_RUNS" -- \
  "$JAVA" -XX:SharedArchiveFile="$snap/app/target/kvs-edge.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$snap/app/target/kvs-edge.jar" server --port 0 --data-dir '{DATA}' \
  | tee -a "$work/startup.out" || echo "java-with-archive start-up series failed" >&2
# 3. The same without the application's archive (the JDK's own default CDS only): what the archive buys.
"$JAVA" -cp "$bench_jar" dev.kvsedge.bench.StartupTimer --label java-no-app-archive --runs "$STARTUP_RUNS" -- \
  "$JAVA" -jar "$snap/app/target/kvs-edge.jar" server --port 0 --data-dir '{DATA}' \
  | tee -a "$work/startup.out" || echo "java-no-app-archive start-up series failed" >&2

# --- summary ------------------------------------------------------------------------------------------
say "summary"
cat "$work/machine.txt"
echo
python3 - "$results" "$work/startup.out" <<'PY'
import sys
rows = [dict(p.split("=", 1) for p in line.split()[1:] if "=" in p) for line in open(sys.argv[1])]

def num(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError):
        return float("nan")

def fmt(r, k, spec="{:,.0f}"):
    v = num(r, k)
    return "-" if v != v else spec.format(v)

def table(title, rs, with_round):
    print(title)
    head = "| server | connections | " + ("round | " if with_round else "") + \
        "req/s | p50 ms | p99 ms | p99.9 ms | errors | server cores | server CPU µs/req | others' cores |"
    print(head)
    print("|" + "---|" * 2 + ("---:|" if with_round else "") + "---:|" * 8)
    for r in rs:
        errors = r.get("errors", "?") + ("" if r.get("valid") == "true" else " INVALID")
        print("| {} | {} | {}{} | {} | {} | {} | {} | {} | {} | {} |".format(
            r.get("label"), r.get("connections"), (r.get("round", "?") + " | ") if with_round else "",
            fmt(r, "rps"), fmt(r, "p50_ms", "{:.2f}"), fmt(r, "p99_ms", "{:.2f}"), fmt(r, "p999_ms", "{:.2f}"),
            errors, fmt(r, "server_cores", "{:.2f}"), fmt(r, "server_cpu_us_per_req"), fmt(r, "other_cores", "{:.2f}")))
    print()

table("All runs (others' cores = CPU used by other processes on the machine during the measured window):", rows, True)

valid = [r for r in rows if r.get("valid") == "true"]
best = {}
for r in valid:
    key = (r["label"], r["connections"])
    if key not in best or num(r, "rps") > num(best[key], "rps"):
        best[key] = r
order = lambda r: (r["label"] != "kvs-edge", int(r["connections"]))
table("Best round per server and connection count:", sorted(best.values(), key=order), False)

def top(label):
    c = [r for r in best.values() if r["label"] == label]
    return max(c, key=lambda r: num(r, "rps")) if c else None

k, m = top("kvs-edge"), top("moto")
if k and m:
    ratio = num(k, "rps") / num(m, "rps")
    print("best kvs-edge: {:,.0f} req/s ({} connections); best moto: {:,.0f} req/s ({} connections)".format(
        num(k, "rps"), k["connections"], num(m, "rps"), m["connections"]))
    print("RATIO kvs-edge/moto, throughput: {:.2f}x (target >= 100x: {})".format(ratio, "met" if ratio >= 100 else "NOT met"))
    ks = sorted(num(r, "server_cpu_us_per_req") for r in valid if r["label"] == "kvs-edge" and int(r["connections"]) > 1)
    ms = sorted(num(r, "server_cpu_us_per_req") for r in valid if r["label"] == "moto")
    if ks and ms:
        km, mm = ks[len(ks) // 2], ms[len(ms) // 2]
        print("server CPU per request (median of runs): kvs-edge {:.0f} µs (runs with >1 connection), moto {:.0f} µs"
              " -> moto/kvs-edge {:.1f}x".format(km, mm, mm / km))
    for c in CONNS if (CONNS := sorted({r["connections"] for r in valid}, key=int)) else []:
        kr, mr = best.get(("kvs-edge", c)), best.get(("moto", c))
        if kr and mr:
            print("  at {:>3} connections: {:.1f}x".format(c, num(kr, "rps") / num(mr, "rps")))
print()
for line in open(sys.argv[2]):
    if line.startswith("STARTUP "):
        kv = dict(p.split("=", 1) for p in line.split()[1:])
        uptime = kv.get("jvm_uptime_median_ms", "-1")
        inside = "" if uptime.startswith("-") else " (of which inside the JVM, by its own uptime: {} ms)".format(uptime)
        if kv["label"] == "launcher":
            print("start-up (./kvs-edge launcher): first start after a build (records the CDS archive) {} ms;"
                  " median of the next {} starts {} ms (min {}, max {}){}".format(
                      kv["first_ms"], kv["later_runs"], kv["median_ms"], kv["min_ms"], kv["max_ms"], inside))
        else:
            print("start-up ({}): median of {} starts {} ms".format(kv["label"], kv["runs"], kv["median_all_ms"]))
sys.exit(0 if rows and len(valid) == len(rows) else 1)
PY
