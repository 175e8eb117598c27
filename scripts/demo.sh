#!/usr/bin/env bash
# The demo: generate the synthetic demo partnership, import it into a fresh store, and print
# what the store holds: the returns, the data booklet, then the partnership's registers (case
# reviews, actions, audits, Section 11, training ...) with a few of their views. Usage: scripts/demo.sh PATH/TO/safeguard DEMO_DIR
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
echo "== Importing the partnership's registers (reviews, actions, audits, Section 11, training ...)"
# In the order 'safeguard register' lists them: a register comes after those it refers to
# (case reviews and audits before their recommendations, recommendations before actions).
for reg in $("$sg" register | awk 'NR > 1 && /^  / {print $1}'); do
  "$sg" --store "$store" register "$reg" import "$dir/partnership/registers/$reg.csv" --user demo
done >"$dir/registers.log"
echo "$(wc -l <"$dir/registers.log") registers imported (log: $dir/registers.log)"
echo "== Importing the partner returns (after the registers: their catalogue and organisations)"
"$sg" --store "$store" import --manifest "$dir/partnership/returns/manifest.json" >"$dir/returns.log"
grep "^imported" "$dir/returns.log"
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
echo "== The partnership's dataset, $last: partner and built-in measures side by side (first 40 rows)"
"$sg" --store "$store" dataset --period "$last" --years 3 --format csv --out "$dir/dataset.csv"
python3 - "$dir/dataset.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
years = sorted({r["year"] for r in rows})[-3:]
seen, table = [], {}
for r in rows:
    if "." in r["indicator"]:
        continue  # breakdown categories: the measure's own row is enough here
    if r["indicator"] not in table:
        seen.append(r["indicator"])
        table[r["indicator"]] = {"title": r["title"], "owner": r["owner"], "target": ""}
    t = table[r["indicator"]]
    t[r["year"]] = r["value"] or "-"
    if r["target"]:
        t["target"] = r["target"]
print(f"{'measure':<58} {'data owner':<34} " + " ".join(f"{y:>8}" for y in years) + f" {'target':>7}")
for k in seen[:40]:
    t = table[k]
    print(f"{t['title'][:58]:<58} {t['owner'][:34]:<34} " +
          " ".join(f"{t.get(y, '-')[:8]:>8}" for y in years) + f" {t['target']:>7}")
print(f"({len(seen)} measures in all: {sys.argv[1]})")
PY
echo "Data booklet (analyst): $dir/booklet.html"
echo "Data booklet (public, small numbers withheld): $dir/booklet-public.html"
# The registers are "as at" the generated data's last 31 March, so the views are shown on it.
asof=$(sed -n 's/^ *"end_year": *\([0-9]*\).*/\1/p' "$dir/partnership/manifest.json" | head -n 1)-03-31
fy=$(( ${asof%%-*} - 1 ))
echo "== Registers on $asof: review clocks (last 6)"
"$sg" --store "$store" register case_review view clocks --today "$asof" | awk 'NR <= 3' | cut -c1-150
"$sg" --store "$store" register case_review view clocks --today "$asof" | tail -n 6 | cut -c1-150
"$sg" --store "$store" register action view flags --today "$asof" >"$dir/action_flags.txt"
echo "== Actions needing attention (first 8 of $(tail -n +4 "$dir/action_flags.txt" | wc -l): $dir/action_flags.txt)"
head -n 11 "$dir/action_flags.txt"
echo "== Actions by owner agency"
"$sg" --store "$store" register action view summary --today "$asof" | sed -n '3,/^$/p'
echo "== Training attendance by agency, $fy"
"$sg" --store "$store" register training_booking view agencies --year "$fy" --today "$asof"
# The partner returns of the last year, seen once every return had its chance to arrive.
ret_asof="${asof%%-*}-06-30"
echo "== Partner return calendar $last on $ret_asof (first 12; docs/registers.md)"
"$sg" --store "$store" returns calendar --year "$fy" --as-of "$ret_asof" >"$dir/return_calendar.txt"
head -n 14 "$dir/return_calendar.txt"
echo "(all $(($(wc -l <"$dir/return_calendar.txt") - 3)) returns: $dir/return_calendar.txt)"
echo "== Partners' chase list on the day the last quarter's returns were due"
"$sg" --store "$store" returns due --as-of "${asof%%-*}-04-23" | head -n 12
echo "== Quality of partner returns, $last"
"$sg" --store "$store" returns quality --year "$fy" --as-of "$ret_asof" | awk 'NR <= 3 || $2 !~ /Q/'
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

# ---- the web service (docs/web.md): a demo login, then serve until Ctrl-C ----
# SG_DEMO_SERVE=0 skips serving (tests, CI); SG_DEMO_LISTEN sets the address (default
# 127.0.0.1:8080). The demo user is a business-unit account (no second factor); its password is
# printed here because the data is synthetic - never do this with a real partnership.
if [ "${SG_DEMO_SERVE:-1}" != 0 ]; then
  demo_user=demo
  demo_pass="synthetic partnership passphrase"
  printf '%s\n' "$demo_pass" |
    "$sg" --store "$store" user add "$demo_user" --role business --password-file - >/dev/null
  # the public edition of the yearly report is what the public page serves
  pub_html=$(grep -m1 '\.html$' "$dir/report/public.paths" 2>/dev/null || true)
  if [ -n "$pub_html" ] && [ -f "$pub_html" ]; then
    mkdir -p "$store/published"
    cp "$pub_html" "$store/published/report.html"
  fi
  listen=${SG_DEMO_LISTEN:-127.0.0.1:8080}
  echo
  echo "== Serving the demo partnership on http://$listen/"
  echo "   log in as:  $demo_user  /  $demo_pass   (business unit: dashboard, trackers, registers)"
  echo "   the public page (no login): http://$listen/report"
  echo "   stop with Ctrl-C"
  exec "$sg" --store "$store" serve --listen "$listen" \
    --report-config docs/examples/report/config.json --report-narrative docs/examples/report/narrative
fi
