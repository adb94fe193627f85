#!/usr/bin/env bash
# Builds and runs the example projects as users' builds would: kvs-edge is installed into a scratch local Maven
# repository (never ~/.m2, which other checkouts share), and the examples resolve dev.kvsedge from there like any
# published artifact, with ~/.m2 as a read-only tail for every third-party artifact (Maven 3.9's
# maven.repo.local.tail; what is missing there is downloaded into the scratch repository and dropped with it).
#
# Third-party artifacts downloaded into the scratch repository are then copied into ~/.m2 (each file once, by an
# atomic rename), as a build would have downloaded them, so the next run finds them; dev.kvsedge's never are.
#
#   examples/run.sh                 # after ./mvnw verify (or on its own: it builds what it installs, without tests)
#   examples/run.sh -pl spring-boot # Maven options for the examples' run, e.g. one example
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}
find_jdk() { # the newest JDK >= 21, as the ./kvs-edge launcher picks it: the examples compile for Java 21
  local best="" best_v=0 dir v
  for dir in ${JAVA_HOME:-} /usr/lib/jvm/* /opt/java/*; do
    [ -x "$dir/bin/java" ] || continue
    v="$(java_major "$dir/bin/java")"
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  [ -n "$best" ] || { echo "examples/run.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
  echo "$best"
}
JAVA_HOME="$(find_jdk)"
export JAVA_HOME

scratch="$(mktemp -d "${TMPDIR:-/tmp}/kvs-edge-examples-m2.XXXXXX")"
log="$scratch.install.log"
trap 'rm -rf "$scratch" "$log"' EXIT
repository=(-Dmaven.repo.local="$scratch" -Dmaven.repo.local.tail="$HOME/.m2/repository")

start=$SECONDS
echo "== examples: installing kvs-edge-testkit into the scratch repository $scratch"
if ! ./mvnw -B -ntp -DskipTests -pl testkit -am "${repository[@]}" install >"$log" 2>&1; then
  grep -E '^\[ERROR\]' "$log" | head -n 40 >&2 || tail -n 40 "$log" >&2
  echo "examples/run.sh: installing the testkit failed" >&2
  exit 1
fi
echo "== examples: installed in $((SECONDS - start)) s: $(cd "$scratch" && find dev -name '*.jar' | sort | tr '\n' ' ')"

./mvnw -B -ntp -f examples/pom.xml "${repository[@]}" "$@" verify
echo "== examples: passed in $((SECONDS - start)) s"

keep_downloads() {
  local file target kept=0
  while IFS= read -r -d '' file; do
    target="$HOME/.m2/repository/$file"
    [ -e "$target" ] && continue
    mkdir -p "$(dirname "$target")"
    cp "$scratch/$file" "$target.part.$$" && mv -f "$target.part.$$" "$target" && kept=$((kept + 1))
  done < <(cd "$scratch" && find . -type f ! -path './dev/kvsedge/*' ! -name '*.part.*' -printf '%P\0')
  echo "== examples: kept $kept downloaded third-party files in ~/.m2 for the next run"
}
keep_downloads
