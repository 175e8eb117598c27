#!/usr/bin/env bash
# partner_cli.sh - the measure catalogue and a partner return from the command line: the
# documented example registers import; a return with two bad values is refused (exit 1) with
# both problems listed by file, line and field and nothing stored; the corrected return lands;
# a resubmission supersedes it; the dataset CSV shows the measure in the partnership's group
# with the owner's name, 25 / 40 = 62.5 and 26 / 40 = 65.0, and the commentary is in the JSON.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?SG_SOURCE_DIR (set by CTest)}
need_tool sqlite3
need_tool jq
s="$WORK/s"
"$SG" --quiet --store "$s" init >/dev/null
for r in organisation measure commentary; do
  "$SG" --quiet --store "$s" register "$r" import "$SRC/docs/formats/examples/register_$r.csv" \
    >/dev/null
done
[ "$(q "$s" "SELECT count(*) FROM register_record WHERE register = 'measure'")" = 5 ] ||
  fail "the example catalogue has 5 measures"
ok "the example catalogue and commentary import"

hdr="organisation,period,measure,breakdown,value,numerator,denominator,text,explanation"
printf '%s\n%s\n%s\n' "$hdr" "COUNCIL,2024-Q1,gcp_completion_pct,,,41,40,," \
  "COUNCIL,2024-Q1,gcp_completion_pct,,,1,2,," >"$WORK/bad.csv"
expect_exit 1 "$SG" --store "$s" import "$WORK/bad.csv" --agency COUNCIL --period 2024-Q1
grep -q "bad.csv:2: numerator: numerator 41 is more than denominator 40" "$WORK/err" ||
  fail "line 2 not named: $(cat "$WORK/err")"
grep -q "bad.csv:3: measure: measure gcp_completion_pct is given twice (first on line 2)" \
  "$WORK/err" || fail "line 3 not named: $(cat "$WORK/err")"
[ "$(q "$s" "SELECT count(*) FROM submission")" = 0 ] || fail "a refused return was stored"
ok "a bad return is refused whole with every problem named"

printf '%s\n%s\n' "$hdr" "COUNCIL,2024-Q1,gcp_completion_pct,,,25,40,," >"$WORK/q1.csv"
"$SG" --quiet --store "$s" import "$WORK/q1.csv" --agency COUNCIL --period 2024-Q1 >/dev/null
printf '%s\n%s\n' "$hdr" "COUNCIL,2024-Q1,gcp_completion_pct,,,26,40,," >"$WORK/q1b.csv"
"$SG" --quiet --store "$s" import "$WORK/q1b.csv" --agency COUNCIL --period 2024-Q1 >/dev/null
[ "$(q "$s" "SELECT count(*) FROM partner_value")" = 2 ] || fail "history kept"
[ "$(q "$s" "SELECT numerator FROM live_partner_value")" = 26.0 ] || fail "the resubmission is live"
ok "a resubmission supersedes the return and both are kept"

"$SG" --store "$s" dataset --period 2024-Q1 --years 1 --format csv >"$WORK/d.csv"
grep -q '^gcp_completion_pct,Completion of the graded care profile on CP plans (%),Children at risk of significant harm,percent,higher is better,Northfield Borough Council,2024-Q1,65,26,40,' \
  "$WORK/d.csv" || fail "dataset row: $(grep gcp_completion "$WORK/d.csv")"
python3 - "$WORK/d.csv" <<'PY' || fail "dataset CSV commentary: $(grep gcp_completion "$WORK/d.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
r = [r for r in rows if r["indicator"] == "gcp_completion_pct"][0]
assert r["narrative"] == "Completion rose as the new template was rolled out in two teams.", r
assert r["challenge"] == "Why is completion still below the target in the east team?", r
assert r["response"] == "The east team adopts the template in Q2; the panel will see the figure again in October.", r
assert all(not x["narrative"] for x in rows if x["indicator"] != "gcp_completion_pct"), "commentary on another row"
PY
"$SG" --store "$s" dataset --period 2024-Q1 --years 1 --format json >"$WORK/d.json"
[ "$(jq -r '.indicators[] | select(.id == "gcp_completion_pct") | .commentary.challenge' \
  "$WORK/d.json")" = "Why is completion still below the target in the east team?" ] ||
  fail "commentary missing from the JSON"
[ "$(jq -r '.indicators[] | select(.id == "gcp_completion_pct") | .sources[0]' "$WORK/d.json")" = 2 ] ||
  fail "the figure's source is not submission 2"
ok "the dataset shows the measure, its owner, its value, commentary (JSON and CSV) and source"
