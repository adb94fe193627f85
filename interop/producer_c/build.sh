#!/usr/bin/env bash
# Builds AWS's Kinesis Video Streams C producer library (the engine of GStreamer's kvssink and of the C++
# producer SDK) from the source archives in shared/thirdparty/aws-kvs-producer-c, and links
# interop/producer_c/kvs_producer.c against it. Prints the path of the built program on its last line.
#
#   bash interop/producer_c/build.sh          # prints .../bin/kvs-producer-c
#
# Only what the program needs is built: PIC (the library's platform-independent core) and the producer's
# `cproducer` and `kvsCommonCurl` libraries, static; no tests, no samples, no dependency downloads.
# The result is cached outside the repository, in KVS_EDGE_CACHE_DIR (default ~/.cache/kvs-edge), under a
# key made of the archives' and this folder's hashes: a second run in CI, or any later run on the machine,
# reuses it in a few milliseconds. Needs Debian's build-essential, cmake, pkg-config, libcurl4-openssl-dev and
# libssl-dev (interop/install-tools.sh installs them).
#
# KVS_PRODUCER_C_SOURCES overrides where the archives are (default: ../shared/thirdparty/aws-kvs-producer-c
# beside the repository, as on the developers' machines and in CI).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sources="${KVS_PRODUCER_C_SOURCES:-$root/../shared/thirdparty/aws-kvs-producer-c}"
cache_root="${KVS_EDGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kvs-edge}"

fail() {
  echo "producer-c build: $*" >&2
  exit 1
}

[ -f "$sources/producer-c.tar.gz" ] && [ -f "$sources/pic.tar.gz" ] \
  || fail "no producer-c.tar.gz and pic.tar.gz in $sources (set KVS_PRODUCER_C_SOURCES)"
for tool in cc cmake make pkg-config; do
  command -v "$tool" >/dev/null || fail "$tool is missing (bash interop/install-tools.sh installs it)"
done
pkg-config --exists libcurl openssl || fail "libcurl or openssl development files are missing (libcurl4-openssl-dev, libssl-dev)"

key="$(cat "$sources/producer-c.tar.gz" "$sources/pic.tar.gz" "$here/build.sh" "$here/kvs_producer.c" | sha256sum | cut -c1-16)"
out="$cache_root/producer-c-$key"
program="$out/bin/kvs-producer-c"
if [ -x "$program" ]; then
  echo "$program"
  exit 0
fi

start=$SECONDS
mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/producer-c-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
jobs="$(nproc 2>/dev/null || echo 2)"
mkdir -p "$work/pic" "$work/producer" "$work/prefix"
tar -xzf "$sources/pic.tar.gz" -C "$work/pic"
tar -xzf "$sources/producer-c.tar.gz" -C "$work/producer"

echo "producer-c build: PIC" >&2
cmake -S "$work/pic" -B "$work/pic/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_DEPENDENCIES=OFF \
  -DCMAKE_INSTALL_PREFIX="$work/prefix" -DCMAKE_INSTALL_LIBDIR=lib >"$work/pic.log" 2>&1 \
  || { tail -n 30 "$work/pic.log" >&2; fail "configuring PIC failed"; }
cmake --build "$work/pic/build" --parallel "$jobs" >>"$work/pic.log" 2>&1 \
  && cmake --install "$work/pic/build" >>"$work/pic.log" 2>&1 \
  || { tail -n 30 "$work/pic.log" >&2; fail "building PIC failed"; }

echo "producer-c build: producer libraries" >&2
# The producer's CMakeLists finds PIC through pkg-config but does not add its include directory, hence CFLAGS.
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" cmake -S "$work/producer" -B "$work/producer/build" \
  -DCMAKE_BUILD_TYPE=Release -DBUILD_DEPENDENCIES=OFF -DBUILD_COMMON_CURL=ON -DBUILD_STATIC=ON \
  -DCMAKE_C_FLAGS="-I$work/prefix/include" >"$work/producer.log" 2>&1 \
  || { tail -n 30 "$work/producer.log" >&2; fail "configuring the producer failed"; }
cmake --build "$work/producer/build" --parallel "$jobs" --target cproducer kvsCommonCurl >>"$work/producer.log" 2>&1 \
  || { tail -n 30 "$work/producer.log" >&2; fail "building the producer libraries failed"; }

echo "producer-c build: kvs-producer-c" >&2
mkdir -p "$work/out/bin"
# shellcheck disable=SC2046 # one word per flag
cc -O2 -o "$work/out/bin/kvs-producer-c" "$here/kvs_producer.c" \
  -I"$work/producer/src/include" -I"$work/prefix/include" \
  "$work/producer/build/libcproducer.a" "$work/producer/build/libkvsCommonCurl.a" \
  -L"$work/prefix/lib" -lkvspic -lkvspicUtils $(pkg-config --libs libcurl openssl) -lpthread -lm \
  || fail "compiling kvs_producer.c failed"
cp -r "$work/producer/samples/h264SampleFrames" "$work/out/h264SampleFrames"

rm -rf "$out"
mv "$work/out" "$out"
echo "producer-c build: done in $((SECONDS - start)) s ($out)" >&2
echo "$program"
