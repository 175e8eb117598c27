#!/usr/bin/env bash
# Indicator benchmark: time to compute every indicator (with the year-earlier comparison and
# the year-end estimate, as sg_ind_compute does by default) for the last year of a national-size
# store holding 5 years (12,000,000 children, every file the generator writes), median of RUNS.
# Usage: bench/indicators.sh [CHILDREN] [RUNS]   (default 12000000, 5)
# Needs the release build (made here). Writes to $BENCH_DIR (default /tmp/sg-bench-ind): the
# generated files (~8 GB for the national size) and the store; both are kept and reused, so
# only the first run pays for generating and importing.
set -euo pipefail
cd "$(dirname "$0")/.."
children=${1:-12000000}
runs=${2:-5}
out=${BENCH_DIR:-/tmp/sg-bench-ind}/$children
mkdir -p "$out"
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
B=$PWD/build/release/safeguard
# The driver links the release library (no CLI verb computes indicators yet).
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc bench/ind_bench.c build/release/libsafeguard.a \
  $(pkg-config --libs sqlite3 expat jansson libsodium libmicrohttpd minizip libcmark) -lm \
  -o "$out/ind_bench"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc bench/imp_bench.c build/release/libsafeguard.a \
  $(pkg-config --libs sqlite3 expat jansson libsodium libmicrohttpd minizip libcmark) -lm -lpthread \
  -o "$out/imp_bench"

if [ ! -f "$out/gen/manifest.json" ]; then
  /usr/bin/time -f "generate: %e s, %M KB" \
    "$B" generate --children "$children" --years 5 --seed 1 --out "$out/gen" >/dev/null
fi
if [ ! -f "$out/store/imported" ]; then
  rm -rf "$out/store"
  "$B" --store "$out/store" init >/dev/null
  # Imported without the validation the CLI runs before COMMIT (bench/imp_bench.c): the
  # indicators read the records, not the findings, and validating five national years is
  # bench/validate.sh's business.
  /usr/bin/time -f "import: %e s, %M KB" \
    "$out/imp_bench" "$out/store" novalidate --manifest "$out/gen/manifest.json" >/dev/null
  touch "$out/store/imported"
fi
period=$(grep -o '"20[0-9][0-9]-[0-9][0-9]"' "$out/gen/manifest.json" | tail -n 1 | tr -d '"')
db=$(du -b "$out/store/safeguard.db" | cut -f1)
times=$(/usr/bin/time -f "%M" -o "$out/rss" "$out/ind_bench" "$out/store" "$period" "$runs")
median=$(printf '%s\n' $times | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
echo "| children | years | period | database | all indicators (median of $runs) | peak RSS |"
echo "|---|---|---|---|---|---|"
awk -v c="$children" -v p="$period" -v d="$db" -v t="$median" -v m="$(cat "$out/rss")" \
  'BEGIN { printf "| %d | 5 | %s | %.1f GB | %.2f s | %.0f MB |\n", c, p, d/1e9, t, m/1024 }'
