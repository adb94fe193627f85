# Shared by ./kvs-edge (a source checkout's launcher, which builds the application first) and bin/kvs-edge (an
# install from kvs-edge-VERSION.tar.gz): finds a Java 21 or newer and runs the application jar, with a start-up
# cache recorded on first use. Sourced by both, never run by itself.

# Prints the feature version of the java at $1, or 0; a Java home's release file says it without starting it.
kvs_java_major() {
  local release; release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | grep . || echo 0
  else
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
  fi
}

# Whether the Java home $2 has what $1 ("jdk" or "runtime") needs.
kvs_java_has() {
  [ -x "$2/bin/java" ] || return 1
  [ "$1" != jdk ] || [ -x "$2/bin/javac" ]
}

# Prints the home of a Java 21 or newer: JAVA_HOME if it is one, else the newest in the system's Java folders or
# behind the java on PATH. With "jdk", only a JDK (javac too: a checkout builds itself); else a runtime is enough.
kvs_find_java() {
  local want="${1:-runtime}" dir v best="" best_v=0 on_path=""
  if [ -n "${JAVA_HOME:-}" ] && kvs_java_has "$want" "$JAVA_HOME" && [ "$(kvs_java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME"; return
  fi
  if command -v java >/dev/null 2>&1; then
    on_path="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* $on_path; do
    kvs_java_has "$want" "$dir" || continue
    v="$(kvs_java_major "$dir/bin/java")"
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  if [ -n "$best" ]; then echo "$best"; return; fi
  if [ "$want" = jdk ]; then
    echo "kvs-edge: needs a JDK 21 or newer to build; set JAVA_HOME to one (none in JAVA_HOME, /usr/lib/jvm or on PATH)" >&2
  else
    echo "kvs-edge: needs Java 21 or newer; install one (a JRE is enough) or set JAVA_HOME to it (none in JAVA_HOME, /usr/lib/jvm or on PATH)" >&2
  fi
  return 1
}

# Runs the application jar $2 with the Java at $1 and the arguments after $3. A cache of what start-up loads keeps
# every start fast: it lives in folder $3, is recorded by one training run (a server started and stopped) when it
# is missing or older than the jar, and is skipped when $3 cannot be written (say, a read-only install without a
# cache folder). A stale cache would only be ignored, so this is safe. JDK 25 and later keep classes loaded and
# linked (an AOT cache, JEP 483/514); older ones a class-data archive.
kvs_exec() {
  local java="$1/bin/java" jar="$2" cache_dir="$3" major key cache training part
  shift 3
  local quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off -Xlog:aot=off) record=() use=()
  major="$(kvs_java_major "$java")"
  key="$(printf '%s' "$jar" | cksum | cut -d' ' -f1)" # one cache per installed jar, so two installs do not trade it
  if mkdir -p "$cache_dir" 2>/dev/null && [ -w "$cache_dir" ]; then
    if [ "$major" -ge 25 ]; then
      cache="$cache_dir/kvs-edge-$key-java$major.aot"; part="$cache.$$.part"
      record=(-XX:AOTCacheOutput="$part"); use=(-XX:AOTCache="$cache")
    else
      cache="$cache_dir/kvs-edge-$key-java$major.jsa"; part="$cache.$$.part"
      record=(-XX:ArchiveClassesAtExit="$part"); use=(-XX:SharedArchiveFile="$cache")
    fi
    if [ ! -f "$cache" ] || [ "$jar" -nt "$cache" ]; then
      echo "kvs-edge: recording the start-up cache in $cache_dir (once per build or install)" >&2
      training="$(mktemp -d)"
      # Written under a name of its own, then renamed: two first starts at once each make a whole file.
      if "$java" "${record[@]}" "${quiet[@]}" -jar "$jar" server --port 0 --metrics-port 0 --data-dir "$training" --exit-when-ready \
          >/dev/null 2>&1 && [ -f "$part" ]; then
        mv -f "$part" "$cache"
      fi
      rm -rf "$training" "$part"
    fi
    [ -f "$cache" ] || use=()
  fi
  # The agent runs on a hub device beside its cameras: the serial collector and a bounded heap keep 64 cameras
  # under 1 GB (docs/benchmarks.md, "Edge agent"); the JVM's defaults would size the heap for the whole machine.
  # KVS_EDGE_JAVA_OPTS comes after, so it overrides.
  local lean=()
  if [ "${1:-}" = agent ]; then
    lean=(-XX:+UseSerialGC -Xmx512m)
  fi
  # shellcheck disable=SC2086 # KVS_EDGE_JAVA_OPTS is a list of options, split on spaces on purpose
  exec "$java" "${use[@]}" "${quiet[@]}" "${lean[@]}" ${KVS_EDGE_JAVA_OPTS:-} -jar "$jar" "$@"
}
