#!/usr/bin/env bash
# Validation benchmark: time and peak RSS for validating a national-size year (12,000,000
# children, 1 year: the CIN census and the SSDA903 tables) as loose files and as a stored
# return (originals re-read from the store, rules run, findings stored, SG rules over the
# store). The goal (issue 3): under 60 s on 2 cores with flat memory.
# Usage: bench/validate.sh [CHILDREN] [RUNS]   (default 12000000 children, 3 runs; median)
# Writes to $BENCH_DIR (default /tmp/sg-bench-validate): ~2 GB for the national year.
# The figures count the rules registered when it runs (docs/rules.md).
set -euo pipefail
cd "$(dirname "$0")/.."
children=${1:-12000000}
runs=${2:-3}
out=${BENCH_DIR:-/tmp/sg-bench-validate}
mkdir -p "$out"
# Release build with clang in a folder of its own (the benchmark never depends on -Werror).
cmake -S . -B build/bench -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_TESTING=OFF -DSG_WERROR=OFF >/dev/null
cmake --build build/bench >/dev/null
B=$PWD/build/bench/safeguard

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure NAME CMD...: runs CMD $runs times; prints a table row (median time and RSS).
measure() {
  local name=$1; shift
  local secs=() rss=()
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/report.txt"
    read -r s m <"$out/time"
    secs+=("$s"); rss+=("$m")
  done
  local s m
  s=$(printf '%s\n' "${secs[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  awk -v n="$name" -v s="$s" -v m="$m" -v f="$(head -n 1 "$out/report.txt")" 'BEGIN {
    printf "| %s | %.2f s | %.0f MB | %s |\n", n, s, m/1024, f }'
}

year="$out/year"
if [ ! -f "$year/manifest.json" ]; then
  rm -rf "$year"
  "$B" generate --children "$children" --years 1 --seed 2024 --out "$year" >/dev/null
fi
cin=$(ls "$year"/*/cin_census.xml)
s903=$(ls "$year"/*/ssda903_*.csv)
period=$(basename "$(dirname "$cin")")

echo "national-size year: $children children; CIN census $(du -h "$cin" | cut -f1)," \
     "$(grep -c '<Child>' "$cin") children; SSDA903 $(cat $s903 | wc -l) rows"
echo "| run (median of $runs) | time | peak RSS | result |"
echo "|---|---|---|---|"
measure "validate CIN census file" "$B" validate "$cin"
# SSDA903 CSV tables do not state their collection year: give it (the year ending 31 March
# 20YY of period 20XX-YY), or validate would assume the latest year ended before today.
cyear=$(( ${period%%-*} + 1 ))
# shellcheck disable=SC2086
measure "validate SSDA903 tables (one return)" "$B" validate $s903 --year "$cyear"

# Stored: import once (validation runs inside the import), then re-validate each return.
rm -rf "$out/store"
"$B" --store "$out/store" init >/dev/null
/usr/bin/time -f "%e %M" -o "$out/time" \
  "$B" --store "$out/store" import "$cin" $s903 --agency LA --period "$period" >"$out/import.txt"
read -r s m <"$out/time"
awk -v s="$s" -v m="$m" -v f="$(tail -n 1 "$out/import.txt")" 'BEGIN {
  printf "| import CIN + 903 with validation (1 run) | %.2f s | %.0f MB | %s |\n", s, m/1024, f }'
cin_sub=$("$B" --store "$out/store" submissions | awk '$3 == "cin" {print $1; exit}')
s903_sub=$("$B" --store "$out/store" submissions | awk '$3 ~ /^ssda903/ {print $1; exit}')
measure "validate stored CIN submission $cin_sub" "$B" --store "$out/store" validate "$cin_sub"
measure "validate stored 903 return (via $s903_sub)" "$B" --store "$out/store" validate "$s903_sub"
