#!/usr/bin/env bash
# Import throughput benchmark: MB/s, records/s and peak RSS for generating and importing
# (1) a Liverpool-size partnership (90,000 children, 5 years, every file via the manifest) and
# (2) a national-size year (12,000,000 children, 1 year: the CIN census and the 903 files).
# Usage: bench/import.sh [liverpool|national|stages|all] [RUNS]   (default: all, 3 runs; median)
# "stages" times the national CIN census import with bench/imp_bench.c: reading the file into the
# store alone (no validation), and the same followed by the validation every CLI import runs
# before COMMIT, each stage timed apart (user+system CPU seconds too, as the machine is shared).
# Needs the release build (made here). Writes to $BENCH_DIR (default /tmp/sg-bench): ~4 GB for
# the national year.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
runs=${2:-3}
out=${BENCH_DIR:-/tmp/sg-bench}
mkdir -p "$out"
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
B=$PWD/build/release/safeguard
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc bench/imp_bench.c build/release/libsafeguard.a \
  $(pkg-config --libs sqlite3 expat jansson libsodium libmicrohttpd minizip libcmark) -lm -lpthread \
  -o "$out/imp_bench"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure NAME BYTES CMD...: runs CMD $runs times on a fresh store each time; prints a table row.
measure() {
  local name=$1 bytes=$2; shift 2
  local secs=() rss=() recs=0
  for r in $(seq 1 "$runs"); do
    rm -rf "$out/store"
    "$B" --store "$out/store" init >/dev/null
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/result.json"
    read -r s m <"$out/time"
    secs+=("$s"); rss+=("$m")
    recs=$(grep -o '"records": [0-9]*' "$out/result.json" | tail -n 1 | grep -o '[0-9]*$')
  done
  local s m
  s=$(printf '%s\n' "${secs[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  awk -v n="$name" -v s="$s" -v m="$m" -v b="$bytes" -v r="$recs" 'BEGIN {
    printf "| %s | %.1f MB | %d | %.2f s | %.1f MB/s | %.0f records/s | %.0f MB |\n",
      n, b/1e6, r, s, b/1e6/s, r/s, m/1024 }'
}

echo "| run | input | records | time (median of $runs) | throughput | records/s | peak RSS |"
echo "|---|---|---|---|---|---|---|"
if [ "$which" = liverpool ] || [ "$which" = all ]; then
  if [ ! -f "$out/liverpool/manifest.json" ]; then
    /usr/bin/time -f "%e %M" -o "$out/gen.time" \
      "$B" generate --children 90000 --years 5 --seed 1 --out "$out/liverpool" >/dev/null
    echo "generate liverpool: $(cat "$out/gen.time") (s, KB)" >&2
  fi
  bytes=$(du -sb "$out/liverpool" | cut -f1)
  measure "Liverpool-size, 5 years, all files (manifest)" "$bytes" \
    "$B" --json --store "$out/store" import --manifest "$out/liverpool/manifest.json"
fi
if [ "$which" = national ] || [ "$which" = all ]; then
  if [ ! -f "$out/national/manifest.json" ]; then
    /usr/bin/time -f "%e %M" -o "$out/gen.time" \
      "$B" generate --children 12000000 --years 1 --seed 1 --out "$out/national" >/dev/null
    echo "generate national: $(cat "$out/gen.time") (s, KB)" >&2
  fi
  cin=$(ls "$out"/national/*/cin_census.xml)
  year=$(basename "$(dirname "$cin")")
  measure "national year, CIN census XML" "$(stat -c %s "$cin")" \
    "$B" --json --store "$out/store" import "$cin" --agency LA --period "$year"
  eps=$(ls "$out"/national/*/ssda903_episodes.csv)
  measure "national year, SSDA903 episodes CSV" "$(stat -c %s "$eps")" \
    "$B" --json --store "$out/store" import "$eps" --agency LA --period "$year"
fi
if [ "$which" = stages ] || [ "$which" = all ]; then
  if [ ! -f "$out/national/manifest.json" ]; then
    "$B" generate --children 12000000 --years 1 --seed 1 --out "$out/national" >/dev/null
  fi
  cin=$(ls "$out"/national/*/cin_census.xml)
  year=$(basename "$(dirname "$cin")")
  echo
  echo "| national CIN census, stages (1 run each, load at start) | import | validation | commit | wall | CPU user+sys | peak RSS |"
  echo "|---|---|---|---|---|---|---|"
  for mode in novalidate validate; do
    for _ in $(seq 1 "$runs"); do
      rm -rf "$out/store"
      "$B" --store "$out/store" init >/dev/null
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
        "$out/imp_bench" "$out/store" "$mode" LA "$year" "$cin" >"$out/stages" 2>/dev/null
      read -r e u sy m <"$out/time"
      awk -v mode="$mode" -v l="$load" -v e="$e" -v u="$u" -v sy="$sy" -v m="$m" '
        $1 == "import" {i=$2} $1 == "validate" {v=$2} $1 == "commit" {c=$2}
        END { printf "| %s (load %s) | %.1f s | %s | %.1f s | %.1f s | %.1f s | %.0f MB |\n",
              mode == "validate" ? "import + validation" : "import only", l, i,
              v == "" ? "-" : sprintf("%.1f s", v), c, e, u + sy, m/1024 }' "$out/stages"
    done
  done
  rm -rf "$out/store"
fi
