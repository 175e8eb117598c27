#!/usr/bin/env bash
# The demo: generate the synthetic demo partnership, import it into a fresh store, and print
# what the store holds. Usage: scripts/demo.sh PATH/TO/safeguard DEMO_DIR
set -euo pipefail
sg=${1:?usage: demo.sh SAFEGUARD_BINARY DEMO_DIR}
dir=${2:-demo}
children=${SG_DEMO_CHILDREN:-90000}
years=${SG_DEMO_YEARS:-3}

rm -rf "$dir"
mkdir -p "$dir"
store="$dir/store"
echo "== Generating a synthetic partnership: $children children, $years years (seed 2024)"
"$sg" generate --children "$children" --years "$years" --seed 2024 --out "$dir/partnership"
echo "== Creating the store in $store"
"$sg" --store "$store" init
echo "== Importing every return the partnership sent"
"$sg" --store "$store" import --manifest "$dir/partnership/manifest.json" >"$dir/import.log"
tail -n 1 "$dir/import.log"
echo "== What the store holds"
"$sg" --store "$store" status
echo "== Latest submissions"
"$sg" --store "$store" submissions >"$dir/submissions.txt"
head -n 12 "$dir/submissions.txt"
echo "== The multi-agency dataset"
"$sg" --store "$store" dataset comparators data/comparators_england.csv >/dev/null
[ -f docs/formats/examples/targets.csv ] && "$sg" --store "$store" dataset targets docs/formats/examples/targets.csv >/dev/null
last=$(ls -d "$dir"/partnership/20??-?? | tail -n 1 | xargs basename)
"$sg" --store "$store" dataset --period "$last" --format html --out "$dir/booklet.html" \
  --partnership "Demo Safeguarding Children Partnership"
"$sg" --store "$store" dataset --period "$last" --public --format html --out "$dir/booklet-public.html" \
  --partnership "Demo Safeguarding Children Partnership"
echo "Data booklet (analyst): $dir/booklet.html"
echo "Data booklet (public, small numbers withheld): $dir/booklet-public.html"
echo
echo "Demo store: $store   (try: $sg --store $store help)"

# The yearly report (docs/report.md): analyst and public editions, HTML + JSON, and a PDF of
# each when headless Chromium is installed. Config and narrative are the synthetic examples.
echo "== The yearly report for $last"
mkdir -p "$dir/report"
for edition in analyst public; do
  flag=""; [ "$edition" = public ] && flag="--public"
  args=(--year "$last" --config docs/examples/report/config.json
        --narrative docs/examples/report/narrative --out "$dir/report" $flag)
  if ! "$sg" --store "$store" --quiet report "${args[@]}" --format html,json,pdf \
       >"$dir/report/$edition.paths" 2>"$dir/report/$edition.err"; then
    echo "($(tail -n 1 "$dir/report/$edition.err" | sed 's/^safeguard: //'))"
    "$sg" --store "$store" --quiet report "${args[@]}" --format html,json >"$dir/report/$edition.paths"
  fi
  sed "s/^/Yearly report ($edition): /" "$dir/report/$edition.paths"
done
