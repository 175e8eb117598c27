#!/usr/bin/env bash
# Web service benchmark: wrk on loopback against the dataset dashboard (/dataset) and one JSON
# endpoint (/api/submissions) of a Liverpool-size store (90,000 children, 5 years, generated
# and imported here once and kept in $BENCH_DIR/web-store), logged in as a business-unit user
# (no second factor: the session cookie is all wrk needs).
# Usage: bench/web.sh [SECONDS] [CONNECTIONS]   (default 20 s, 16 connections, 2 wrk threads)
# Needs the release build (made here) and wrk. Prints wrk's figures with latency percentiles
# and the machine's load average before and after, for bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=${2:-16}
out=${BENCH_DIR:-/tmp/sg-bench}
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)"; exit 1; }
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
B=$PWD/build/release/safeguard
store="$out/web-store"
PW="benchmark passphrase 2024"
if [ ! -f "$store/.bench-ready" ]; then
  rm -rf "$store" "$out/web-gen"
  echo "== generating and importing a Liverpool-size partnership (once)"
  "$B" generate --children 90000 --years 5 --seed 2024 --out "$out/web-gen" >/dev/null
  "$B" --store "$store" init >/dev/null
  "$B" --store "$store" --quiet import --manifest "$out/web-gen/manifest.json" >/dev/null
  "$B" --store "$store" dataset comparators data/comparators_england.csv >/dev/null
    printf '%s\n' "$PW" | "$B" --store "$store" user add perf --role business \
      --password-file - >/dev/null
  touch "$store/.bench-ready"
fi
"$B" --store "$store" serve --listen 127.0.0.1:0 --port-file "$out/port" --threads 2 \
  >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$out/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$out/port")"
jar="$out/jar"
rm -f "$jar"
tok=$(curl -s -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[0-9a-f]*"' |
  sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$tok" \
  --data-urlencode "username=perf" --data-urlencode "password=$PW" "$base/login"
cookie=$(awk '$6 == "sg_session" {print "sg_session=" $7}' "$jar")
[ -n "$cookie" ] || { echo "login failed"; exit 1; }
# warm the dashboard cache once (the first build of a period reads every live record)
t0=$(date +%s.%N)
curl -s -o /dev/null -H "Cookie: $cookie" "$base/dataset"
t1=$(date +%s.%N)
echo "first (uncached) dashboard: $(echo "$t1 - $t0" | bc) s"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in /dataset /api/submissions; do
  echo "== wrk -t2 -c$conns -d${secs}s --latency $path"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Cookie: $cookie" "$base$path"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
