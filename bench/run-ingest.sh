#!/usr/bin/env bash
# PutMedia ingest throughput against this machine's own disk-write bandwidth, and PERSISTED latency at a
# camera-like rate, in one run. See docs/benchmarks.md ("PutMedia ingest") for how to read the output.
#
#   bench/run-ingest.sh
#
# Order: disk baselines (sequential; fragment files with one folder fsync; the same with FileBlobStore's chain
# of folder fsyncs), then one kvs-edge server and, against it, the ingest runs (as fast as possible; paced at
# the bit rate with Clusters of known size; paced with Clusters of unknown size), then the disk baselines again.
# Everything is written under one temporary folder, so the baselines and the server share a filesystem.
#
# Settings (environment):
#   STREAMS=50                concurrent uploads (and parallel writers in the fragment-files baseline)
#   BITRATE=4000000 FPS=25 FRAGMENT_SECONDS=2
#                             per stream; the fragment size (bit rate x seconds) is also the baseline's file size
#   FIRST_WARMUP=60           seconds of unmeasured load before the first ingest run: on 2 cores the JIT compiler
#                             needs about a minute of load before the server runs compiled code (with 10 s the
#                             as-fast-as-possible run measured the compiler: twice the CPU per byte)
#   WARMUP=10                 seconds of unmeasured load before each of the other ingest runs
#   FAST_SECONDS=30           measured seconds of the as-fast-as-possible run
#   PACED_SECONDS=60          measured seconds of the paced run (Clusters of known size)
#   UNKNOWN_SECONDS=30        measured seconds of the paced run with Clusters of unknown size (0: skip it)
#   FILES_SECONDS=20          seconds of each fragment-files baseline
#   SEQ_BYTES=1073741824      size of the sequential baseline's file
#   PROFILE=0                 1: after the runs, an as-fast-as-possible run with fragments 4 times larger; the
#                             server's fsyncs timed by file under a short paced load (strace -T -y; slows the
#                             server, so not a measured result); the commit of fragment files by one writer alone
#   SKIP_BUILD=1              reuse the jars already built
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

STREAMS="${STREAMS:-50}"
BITRATE="${BITRATE:-4000000}"
FPS="${FPS:-25}"
FRAGMENT_SECONDS="${FRAGMENT_SECONDS:-2}"
FIRST_WARMUP="${FIRST_WARMUP:-60}"
WARMUP="${WARMUP:-10}"
FAST_SECONDS="${FAST_SECONDS:-30}"
PACED_SECONDS="${PACED_SECONDS:-60}"
UNKNOWN_SECONDS="${UNKNOWN_SECONDS:-30}"
FILES_SECONDS="${FILES_SECONDS:-20}"
SEQ_BYTES="${SEQ_BYTES:-1073741824}"
PROFILE="${PROFILE:-0}"
FRAGMENT_BYTES="$(python3 -c "print(round($BITRATE / 8 * $FRAGMENT_SECONDS))")"

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

JAVA="$(find_java)"
work="$(mktemp -d "${TMPDIR:-/tmp}/kvs-ingest.XXXXXX")"
results="$work/results.txt"
: > "$results"
kvs_pid=""

stop_pid() { # pid: SIGTERM, up to 10 s to exit, then SIGKILL
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  stop_pid "$kvs_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "build (kvs-edge app and the bench module)"
  ./mvnw -q -B -ntp -DskipTests -pl app,bench -am package
fi

# A snapshot of the built application (as in run-describe-vs-moto.sh): edits made to the work tree while the
# benchmark runs cannot rebuild what is measured.
snap="$work/snapshot"
mkdir -p "$snap/app/target" "$snap/model" "$snap/server" "$snap/bench"
cp "$root/kvs-edge" "$snap/"
mkdir -p "$snap/app/src/dist" && cp -R "$root/app/src/dist/libexec" "$snap/app/src/dist/" # the launcher sources java.sh
cp -R "$root/app/target/kvs-edge.jar" "$root/app/target/lib" "$snap/app/target/"
cp -R "$root/bench/target/kvs-edge-bench.jar" "$root/bench/target/lib" "$snap/bench/"
bench_cp="$snap/bench/kvs-edge-bench.jar"
bench() { "$JAVA" -XX:+UseSerialGC -Xms256m -Xmx512m -cp "$bench_cp" "$@"; }
record() { # tag, then the command: its RESULT line goes to the results file, tagged
  local tag="$1"; shift
  "$@" | tee "$work/run.out" || true
  if grep -q '^RESULT ' "$work/run.out"; then
    sed -n "s/^RESULT /RESULT tag=$tag /p" "$work/run.out" >> "$results"
  else
    echo "RESULT tag=$tag valid=false" >> "$results"
  fi
}

say "machine"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cores (nproc): $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}'); cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "filesystem of $work: $(df -T "$work" | awk 'NR==2 {print $2 " on " $1 ", " $5 " used"}');" \
    "device: $(lsblk -no NAME,SIZE,ROTA,SCHED "$(df "$work" | awk 'NR==2 {print $1}')" 2>/dev/null | head -1 || echo '?')"
  echo "mount options: $(findmnt -no OPTIONS -T "$work" 2>/dev/null || echo '?')"
  echo "JDK: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: $STREAMS streams, $BITRATE bit/s, $FPS fps, ${FRAGMENT_SECONDS} s fragments ($FRAGMENT_BYTES bytes);" \
    "warm-up ${FIRST_WARMUP} s first, then ${WARMUP} s; fast ${FAST_SECONDS} s, paced ${PACED_SECONDS} s, paced/unknown-size ${UNKNOWN_SECONDS} s;" \
    "files baseline ${FILES_SECONDS} s, sequential $SEQ_BYTES bytes"
} | tee "$work/machine.txt"

disk_round() { # round number
  say "disk baseline, round $1"
  record "seq-$1" bench dev.kvsedge.bench.ingest.DiskBaseline --dir "$work/disk" sequential --bytes "$SEQ_BYTES" --label "seq-$1"
  record "files-$1" bench dev.kvsedge.bench.ingest.DiskBaseline --dir "$work/disk" files --writers "$STREAMS" \
    --fragment-bytes "$FRAGMENT_BYTES" --duration "$FILES_SECONDS" --dir-syncs parent --label "files-$1"
  if [ "$1" = 1 ]; then
    record "files-chain-$1" bench dev.kvsedge.bench.ingest.DiskBaseline --dir "$work/disk" files --writers "$STREAMS" \
      --fragment-bytes "$FRAGMENT_BYTES" --duration "$FILES_SECONDS" --dir-syncs chain --label "files-chain-$1"
  fi
}

disk_round 1

say "start kvs-edge"
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
# The launcher execs java, so $kvs_pid is the server's JVM.
echo "kvs-edge at $kvs_url (pid $kvs_pid)"

ingest() { # tag mode cluster-size seconds warm-up
  record "$1" bench dev.kvsedge.bench.ingest.IngestLoad --endpoint "$kvs_url" --server-pid "$kvs_pid" --label "$1" \
    --mode "$2" --cluster-size "$3" --streams "$STREAMS" --bitrate "$BITRATE" --fps "$FPS" \
    --fragment-seconds "$FRAGMENT_SECONDS" --warmup "$5" --duration "$4"
}
say "ingest, as fast as possible (after ${FIRST_WARMUP} s of warm-up)"
ingest fast fast known "$FAST_SECONDS" "$FIRST_WARMUP"
say "ingest, paced ($BITRATE bit/s per stream), Clusters of known size"
ingest paced paced known "$PACED_SECONDS" "$WARMUP"
if [ "$UNKNOWN_SECONDS" != 0 ]; then
  say "ingest, paced, Clusters of unknown size (as live producers write them)"
  ingest paced-unknown paced unknown "$UNKNOWN_SECONDS" "$WARMUP"
fi

if [ "$PROFILE" = 1 ]; then
  say "profile: as fast as possible with fragments 4 times larger (per-fragment against per-byte costs)"
  record fast-4x bench dev.kvsedge.bench.ingest.IngestLoad --endpoint "$kvs_url" --server-pid "$kvs_pid" --label fast-4x \
    --mode fast --streams "$STREAMS" --fragment-bytes "$((FRAGMENT_BYTES * 4))" --fps "$FPS" \
    --fragment-seconds "$FRAGMENT_SECONDS" --warmup 5 --duration 20
  say "profile: the server's fsyncs per fragment, by file (strace -T -y, paced load, 20 s; strace slows the server: not a measured result)"
  if command -v strace >/dev/null; then
    strace -f -T -y -e trace=fsync,fdatasync -p "$kvs_pid" -o "$work/strace.txt" 2>/dev/null &
    strace_pid=$!
    sleep 1
    bench dev.kvsedge.bench.ingest.IngestLoad --endpoint "$kvs_url" --label profile --mode paced --streams "$STREAMS" \
      --bitrate "$BITRATE" --fps "$FPS" --fragment-seconds "$FRAGMENT_SECONDS" --warmup 0 --duration 20 \
      | grep -E '^  (fragments|fragment end|RECEIVED)' || true
    kill -INT "$strace_pid" 2>/dev/null || true
    wait "$strace_pid" 2>/dev/null || true
    python3 - "$work/strace.txt" <<'PY' | tee "$work/profile.txt"
import collections, re, sys
pending, stats = {}, collections.defaultdict(list)
def kind(path):
    if path.endswith(".part"):
        return "fragment file (.part)"
    if path.endswith("-wal"):
        return "SQLite WAL"
    if "/media" in path:
        depth = path.split("/media", 1)[1].count("/")
        return {4: "folder stream/created (holds the rename)", 3: "folder stream", 2: "folder region",
                1: "folder account", 0: "folder media root"}.get(depth, "folder, other")
    return "other: " + path
for line in open(sys.argv[1]):
    m = re.match(r"(\d+)\s+(?:fsync|fdatasync)\(\d+<([^>]*)>(.*)", line)
    if m:
        pid, path, rest = m.groups()
        if "unfinished" in rest:
            pending[pid] = path
        elif (d := re.search(r"<([\d.]+)>\s*$", rest)):
            stats[kind(path)].append(float(d.group(1)))
        continue
    m = re.match(r"(\d+)\s+<\.\.\. (?:fsync|fdatasync) resumed>.*<([\d.]+)>\s*$", line)
    if m and m.group(1) in pending:
        stats[kind(pending.pop(m.group(1)))].append(float(m.group(2)))
fragments = len(stats.get("fragment file (.part)", [])) or 1
print("| fsync of | calls | per fragment | p50 ms | p90 ms | p99 ms | total s |")
print("|---|---:|---:|---:|---:|---:|---:|")
for k in sorted(stats, key=lambda k: -sum(stats[k])):
    v = sorted(stats[k])
    q = lambda p: v[min(len(v) - 1, max(0, -int(-p * len(v)) - 1))] * 1e3
    print("| {} | {} | {:.2f} | {:.2f} | {:.2f} | {:.2f} | {:.2f} |".format(k, len(v), len(v) / fragments, q(.5), q(.9),
          q(.99), sum(v)))
PY
  else
    echo "strace not found"
  fi
  say "profile: one writer alone, fragment files (the commit's floor on this disk)"
  for syncs in parent chain; do
    bench dev.kvsedge.bench.ingest.DiskBaseline --dir "$work/disk" files --writers 1 --fragment-bytes "$FRAGMENT_BYTES" \
      --duration 10 --dir-syncs "$syncs" --label "single-$syncs" | grep -v '^RESULT'
  done
fi

media_files="$(find "$work/kvs-data/media" -type f -name '*.mkv' | wc -l)"
media_bytes="$(du -sb "$work/kvs-data/media" | cut -f1)"
echo "server media folder: $media_files fragment files, $media_bytes bytes"
stop_pid "$kvs_pid"; kvs_pid=""
rm -rf "$work/kvs-data"

disk_round 2

say "summary"
cat "$work/machine.txt"
echo
python3 - "$results" <<'PY'
import sys
rows = [dict(p.split("=", 1) for p in line.split()[1:] if "=" in p) for line in open(sys.argv[1])]
by = {r["tag"]: r for r in rows}

def num(r, k):
    try:
        return float(r[k])
    except (KeyError, ValueError, TypeError):
        return float("nan")

def mb(v):
    return "-" if v != v else "{:.1f}".format(v / 1e6)

print("Disk baselines (same filesystem as the server's data folder):")
print("| run | what | MB/s | commit p50 ms | commit p99 ms | writers' CPU ms/MB | others' cores |")
print("|---|---|---:|---:|---:|---:|---:|")
for tag, what in [("seq-1", "sequential, 1 MB writes + one fsync"), ("files-1", "fragment files, fsync + rename + folder fsync"),
                  ("files-chain-1", "fragment files, fsync + rename + 5 folder fsyncs (as FileBlobStore)"),
                  ("seq-2", "sequential, 1 MB writes + one fsync"), ("files-2", "fragment files, fsync + rename + folder fsync")]:
    r = by.get(tag)
    if r:
        cpu = num(r, "self_cores") / num(r, "bytes_per_s") * 1e9
        print("| {} | {} | {} | {} | {} | {} | {} |".format(tag, what, mb(num(r, "bytes_per_s")),
              r.get("commit_p50_ms", "-"), r.get("commit_p99_ms", "-"), "-" if cpu != cpu else "{:.1f}".format(cpu),
              r.get("other_cores", "-")))
print()
print("Ingest ({} streams):".format(by.get("fast", by.get("paced", {})).get("streams", "?")))
print("| run | persisted MB/s | end->PERSISTED p50 | p90 | p99 | max ms | end->RECEIVED p99 | RECEIVED->PERSISTED p99 | fragments | errors | server cores | server CPU ms/MB | others' cores |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for tag in ["fast", "paced", "paced-unknown", "fast-4x"]:
    r = by.get(tag)
    if not r:
        continue
    errors = r.get("errors", "?") + ("" if r.get("valid") == "true" else " INVALID")
    cpu = num(r, "server_cores") / num(r, "persisted_bytes_per_s") * 1e9
    print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(tag, mb(num(r, "persisted_bytes_per_s")),
          r.get("persisted_p50_ms"), r.get("persisted_p90_ms"), r.get("persisted_p99_ms"), r.get("persisted_max_ms"),
          r.get("received_p99_ms"), r.get("commit_p99_ms"), r.get("fragments"), errors, r.get("server_cores"),
          "-" if cpu != cpu else "{:.1f}".format(cpu), r.get("other_cores")))
r = by.get("paced-unknown")
if r:
    print("paced-unknown, from the last byte (not the next Cluster's start): p50 {} p99 {} ms".format(
          r.get("lastbyte_p50_ms"), r.get("lastbyte_p99_ms")))
print()

ok = True
fast = by.get("fast")
files = [num(by[t], "bytes_per_s") for t in ("files-1", "files-2") if t in by and by[t].get("valid") == "true"]
seqs = [num(by[t], "bytes_per_s") for t in ("seq-1", "seq-2") if t in by]
if fast and files:
    f = num(fast, "persisted_bytes_per_s")
    base = sum(files) / len(files)
    ratio = f / base
    met = ratio >= 0.8
    ok &= met
    print("RATIO ingest/disk (fragment files, mean of {} rounds {}): {:.1f} / {:.1f} MB/s = {:.0%} (range {:.0%}-{:.0%}) (target >= 80%: {})".format(
        len(files), "/".join(mb(x) for x in files), f / 1e6, base / 1e6, ratio, f / max(files), f / min(files),
        "met" if met else "NOT met"))
    if seqs:
        s = sum(seqs) / len(seqs)
        print("RATIO ingest/disk (sequential, mean of {} rounds {}): {:.1f} / {:.1f} MB/s = {:.0%}".format(
            len(seqs), "/".join(mb(x) for x in seqs), f / 1e6, s / 1e6, f / s))
paced = by.get("paced")
if paced:
    p99 = num(paced, "persisted_p99_ms")
    met = p99 < 50
    ok &= met
    print("PERSISTED p99 after a fragment's last byte, {} streams x {:.1f} Mbit/s: {:.1f} ms (target < 50 ms: {})".format(
        paced.get("streams"), num(paced, "fragment_bytes") * 8 / num(paced, "fragment_ms") / 1e3, p99,
        "met" if met else "NOT met"))
valid = all(r.get("valid") == "true" for r in rows)
if not valid:
    print("some runs had errors or failed (INVALID): see their output above")
sys.exit(0 if valid else 1)
PY
