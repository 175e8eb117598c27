#!/usr/bin/env bash
# The 'report' verb end to end. A generated partnership (2 years to 2024-25) plus register rows
# imported from the documented example CSVs and a small LADO return, then the 2024-25 report
# as JSON and HTML, analyst and public, with the demo config and narrative. Checks:
#  - every table whose total is a sum adds up, and every percentage equals num/den rounded
#    half away from zero to 1 dp (recomputed here, not read from the report);
#  - figures agree with the store, queried independently with the sqlite3 CLI (population,
#    LADO by category, case reviews, child deaths, finance, training, voice);
#  - public mode: no count of people from 1 to 4 is shown anywhere, and every figure that is
#    1..4 in the analyst report is withheld in the public one; no pseudonym appears;
#  - the same store gives byte-identical HTML and JSON;
#  - narrative with an NHS number / a date of birth / a small count near a place is refused
#    in public mode with the file and line named, and accepted in the analyst report;
#  - a store with no register data says so plainly, section by section.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
EX="$SRC/docs/formats/examples"
store="$WORK/store"
need_tool python3

"$SG" generate --children 2500 --years 2 --seed 7 --end-year 2025 --out "$WORK/gen" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" --quiet import --manifest "$WORK/gen/manifest.json" >/dev/null
for r in organisation case_review audit audit_case audit_return audit_grade s11_framework s11_standard \
         section11 s11_score training_course training_session training_booking \
         training_evaluation child_death finance_contribution finance_income \
         finance_expenditure finance_reserve risk risk_review voice_survey voice_question voice_response \
         recommendation action; do
  "$SG" --store "$store" --quiet register "$r" import "$EX/register_$r.csv" --user test >/dev/null ||
    fail "import of register_$r.csv"
done
ok "store: generated partnership and every example register"

cfg="$SRC/docs/examples/report/config.json"
narr="$SRC/docs/examples/report/narrative"
mkdir -p "$WORK/a" "$WORK/p" "$WORK/a2"
"$SG" --store "$store" --quiet report --year 2024-25 --format json,html --config "$cfg" \
  --narrative "$narr" --out "$WORK/a" >"$WORK/a.out"
"$SG" --store "$store" --quiet report --year 2024-25 --format json,html --config "$cfg" \
  --narrative "$narr" --out "$WORK/p" --public >"$WORK/p.out"
A="$WORK/a/yearly-report-2024-25.json"; P="$WORK/p/yearly-report-2024-25-public.json"
[ -s "$A" ] && [ -s "$P" ] || fail "report JSON not written"
grep -qx "$A" "$WORK/a.out" || fail "output path not printed: $(cat "$WORK/a.out")"
[ "$(stat -c %a "$A")" = 600 ] || fail "the analyst report must be private (0600)"
[ "$(stat -c %a "$P")" = 644 ] || fail "the public report should be 0644"

# Byte-identical regeneration.
"$SG" --store "$store" --quiet report --year 2024-25 --format json,html --config "$cfg" \
  --narrative "$narr" --out "$WORK/a2" >/dev/null
cmp -s "$A" "$WORK/a2/yearly-report-2024-25.json" || fail "JSON differs between two runs"
cmp -s "$WORK/a/yearly-report-2024-25.html" "$WORK/a2/yearly-report-2024-25.html" ||
  fail "HTML differs between two runs"
ok "regenerating from the same store gives byte-identical HTML and JSON"

# Arithmetic of every table, from the analyst JSON.
python3 - "$A" <<'PY' || fail "table arithmetic"
import json, sys
from decimal import Decimal, ROUND_HALF_UP
r = json.load(open(sys.argv[1]))
def pct(n, d):
    return float((Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
tables = pcts = 0
for s in r["sections"]:
    for b in s["blocks"]:
        if b["type"] != "table": continue
        for row in b["rows"]:
            for c in row["cells"]:
                if c.get("kind") == "percent" and isinstance(c.get("value"), float):
                    assert c["value"] == pct(c["numerator"], c["denominator"]), (b["caption"], row["label"], c)
                    pcts += 1
        if not b["total_is_sum"]: continue
        tot = b["rows"][b["total_row"]]
        for k, tc in enumerate(tot["cells"]):
            if tc.get("kind") not in ("count", "money") or not isinstance(tc.get("value"), int): continue
            s_ = sum(row["cells"][k]["value"] for i, row in enumerate(b["rows"])
                     if i != b["total_row"] and isinstance(row["cells"][k].get("value"), int))
            assert s_ == tc["value"], (b["caption"], k, s_, tc["value"])
            tables += 1
for f in r["figures"]:
    if f["kind"] == "percent" and isinstance(f.get("value"), float):
        assert f["value"] == pct(f["numerator"], f["denominator"]), f
    assert f["source"] and f["period"], f
assert tables >= 15, tables
assert pcts >= 40, pcts
print("checked", tables, "totals and", pcts, "percentages")
PY
ok "every total adds up and every percentage is num/den to 1 dp"

# Figures against the store, queried independently.
fig() { python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
v=[f["value"] for f in r["figures"] if f["id"]==sys.argv[2]]
print(v[0] if v else "absent")' "$1" "$2"; }
check() { # check FIGURE_ID EXPECTED
  local got; got=$(fig "$A" "$1")
  [ "$got" = "$2" ] || fail "$1: report says $got, the store says $2"
}
in_year="BETWEEN '2024-04-01' AND '2025-03-31'"
rj() { echo "json_extract(fields, '\$.$1')"; }
check context.population.total "$(q "$store" "SELECT count FROM live_population WHERE year = 2024
  AND age_from = 0 AND age_to = 17 AND coalesce(sex, '') = '' ORDER BY submission_id DESC LIMIT 1")"
while IFS='|' read -r cat n; do
  check "lado.category.$cat" "$n"
done < <(q "$store" "SELECT coalesce(category, '(blank)'), count(*) FROM live_lado l
  WHERE received_date $in_year AND NOT EXISTS (SELECT 1 FROM live_lado m WHERE m.ref = l.ref
  AND m.submission_id > l.submission_id) GROUP BY 1")
check lado.received "$(q "$store" "SELECT count(*) FROM live_lado l WHERE received_date $in_year
  AND NOT EXISTS (SELECT 1 FROM live_lado m WHERE m.ref = l.ref AND m.submission_id > l.submission_id)")"
check reviews.notifications "$(q "$store" "SELECT count(*) FROM register_record
  WHERE register = 'case_review' AND $(rj learned_date) $in_year")"
check reviews.type.DEATH "$(q "$store" "SELECT count(*) FROM register_record
  WHERE register = 'case_review' AND $(rj learned_date) $in_year AND $(rj incident_type) = 'DEATH'")"
check cdop.notifications "$(q "$store" "SELECT count(*) FROM register_record
  WHERE register = 'child_death' AND $(rj notification_date) $in_year")"
check cdop.reviewed "$(q "$store" "SELECT count(*) FROM register_record
  WHERE register = 'child_death' AND $(rj review_date) $in_year")"
check finance.contrib.total "$(q "$store" "SELECT CAST(round(sum($(rj amount)) * 100) AS INTEGER)
  FROM register_record WHERE register = 'finance_contribution' AND $(rj year) = '2024-25'")"
check finance.spend.total "$(q "$store" "SELECT CAST(round(sum($(rj amount)) * 100) AS INTEGER)
  FROM register_record WHERE register = 'finance_expenditure' AND $(rj year) = '2024-25'")"
check finance.income.total "$(q "$store" "SELECT CAST(round(sum($(rj amount)) * 100) AS INTEGER)
  FROM register_record WHERE register = 'finance_income' AND $(rj year) = '2024-25'")"
# The example files by hand (docs/registers.md, "Finance"): resources 35,000.00 - 10,000.00 +
# 235,000.00 + 13,500.00 = 273,500.00; expenditure 228,500.50; underspend 19,999.50; balance
# 44,999.50; the transfer shown as -10,000.00.
check finance.resources 27350000
check finance.in_year 1999950
check finance.balance 4499950
check finance.transfers -1000000
grep -q "Northfield Borough Council" "$A" || fail "the finance section does not name the council"
check training.all.attended "$(q "$store" "SELECT count(*) FROM register_record b
  JOIN register_record s ON s.register = 'training_session'
   AND s.key = json_extract(b.fields, '$.session')
  WHERE b.register = 'training_booking' AND json_extract(b.fields, '$.attendance') = 'ATTENDED'
   AND json_extract(s.fields, '$.session_date') $in_year")"
check voice.SAFE-2025.Q1.YES "$(q "$store" "SELECT count(*) FROM register_record
  WHERE register = 'voice_response' AND $(rj question) = 'Q1' AND $(rj answer) = 'YES'")"
check voice.SAFE-2025.respondents "$(q "$store" "SELECT count(DISTINCT $(rj respondent))
  FROM register_record WHERE register = 'voice_response' AND $(rj survey) = 'SAFE-2025'")"
ok "population, LADO, case reviews, child deaths, finance, training and voice agree with the store"

# Public: every small count is withheld.
python3 - "$A" "$P" <<'PY' || fail "public mode shows a small count"
import json, sys
a = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
thr = p["disclosure"]["threshold"]
assert p["public"] and thr == 4
small = {f["id"] for f in a["figures"] if f["people"] and f["kind"] == "count"
         and isinstance(f["value"], int) and 1 <= f["value"] <= thr}
smallpct = {f["id"] for f in a["figures"] if f["people"] and f["kind"] == "percent"
            and isinstance(f.get("numerator"), int) and 1 <= f["numerator"] <= thr}
assert small, "expected some small counts in the analyst report"
withheld = 0
for f in p["figures"]:
    v = f["value"]
    if f["people"] and f["kind"] == "count" and isinstance(v, int):
        assert not (1 <= v <= thr), ("small count shown", f)
    if f["id"] in small or f["id"] in smallpct:
        assert v == "c", ("not withheld", f)
    if v == "c":
        withheld += 1
        assert "numerator" not in f and "denominator" not in f, f
print("withheld", withheld, "figures;", len(small), "small counts in the analyst report")
PY
if grep -Eq '[LUNP][0-9a-f]{24}' "$P" "$WORK/p/yearly-report-2024-25-public.html"; then
  fail "a pseudonym appears in the public report"
fi
grep -q "Public: small numbers withheld" "$WORK/p/yearly-report-2024-25-public.html" ||
  fail "public marking"
ok "public mode withholds every count of 1..4 (and what derives from it); no pseudonyms"

# Structure, narrative and warnings.
python3 - "$A" <<'PY' || fail "structure"
import json, sys
r = json.load(open(sys.argv[1]))
ids = [s["id"] for s in r["sections"]]
want = ["foreword", "arrangements", "context", "priorities", "dataset", "reviews", "audits",
        "section11", "training", "lado", "child-deaths", "voice", "scrutiny", "finance", "risks",
        "next-year", "glossary"]
assert ids == want, ids
missing = [s["id"] for s in r["sections"] if s["narrative_missing"]]
assert missing == [], missing
assert r["warnings"] == [], r["warnings"]
narr = [b for s in r["sections"] for b in s["blocks"] if b["type"] == "narrative"]
assert len(narr) == 17, len(narr)
abbr = {g["abbreviation"] for g in r["glossary"]}
assert {"LADO", "LCSPR", "CDOP"} <= abbr and "SUDI" not in abbr, abbr
PY
grep -q '<details class="trace">' "$WORK/a/yearly-report-2024-25.html" || fail "no traces in HTML"
if grep -Eq '<script|<link|src=' "$WORK/a/yearly-report-2024-25.html"; then
  fail "the HTML refers to something outside itself"
fi
python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' \
  "$WORK/a/yearly-report-2024-25.html" || fail "HTML is not well-formed"
ok "17 sections in order, narrative in place, glossary of abbreviations used, well-formed HTML"

# A missing narrative section is reported.
mkdir -p "$WORK/narr2"
cp "$narr"/*.md "$WORK/narr2/"
rm "$WORK/narr2/13-scrutiny.md"
"$SG" --store "$store" report --year 2024-25 --format json --config "$cfg" \
  --narrative "$WORK/narr2" --out "$WORK/a2" >/dev/null 2>"$WORK/err"
grep -q "section 13 (Independent scrutiny): no narrative file 13-" "$WORK/err" ||
  fail "missing narrative not reported on stderr: $(cat "$WORK/err")"
grep -q '"section 13 (Independent scrutiny): no narrative' "$WORK/a2/yearly-report-2024-25.json" ||
  fail "missing narrative not listed in the JSON"
ok "a missing narrative section is listed (stderr and JSON)"

# Unsafe narrative is refused in public mode, naming the file and line.
for bad in "Child seen by the GP, NHS number 943 476 5919, was discharged." \
           "The baby (born 12/03/2023) was not seen." \
           "Three children in Northtown were on plans."; do
  cp "$narr"/*.md "$WORK/narr2/"
  printf '\nSafe first line.\n%s\n' "$bad" >>"$WORK/narr2/12-voice.md"
  line=$(wc -l <"$WORK/narr2/12-voice.md")
  expect_exit 1 "$SG" --store "$store" report --year 2024-25 --public --config "$cfg" \
    --narrative "$WORK/narr2" --out "$WORK/a2"
  grep -q "12-voice.md:$line:[0-9]*: narrative: this looks like" "$WORK/err" ||
    fail "refusal does not name the file and line: $(cat "$WORK/err")"
  if grep -q "943 476 5919\|12/03/2023" "$WORK/err"; then fail "the message repeats the identifier"; fi
  "$SG" --store "$store" --quiet report --year 2024-25 --config "$cfg" --narrative "$WORK/narr2" \
    --out "$WORK/a2" >/dev/null || fail "the analyst report should not be refused"
done
ok "public mode refuses an NHS number, a date of birth and a small count near a place (file:line)"

# A store without register data says so, section by section.
empty="$WORK/empty"
"$SG" --store "$empty" init >/dev/null
"$SG" --store "$empty" --quiet report --year 2024-25 --format json,html --out "$WORK/a2" >/dev/null
E="$WORK/a2/yearly-report-2024-25.json"
for want in "No child death reviews were recorded for 2024-25." \
            "No allegations against people who work with children were recorded for 2024-25." \
            "No serious incident notifications or case reviews were recorded for 2024-25." \
            "No multi-agency audits were recorded for 2024-25." \
            "No training sessions were recorded for 2024-25." \
            "No surveys of children were recorded for 2024-25." \
            "No finance records were kept for 2024-25." \
            "No open risks are recorded in the risk register." \
            "No population estimates are held for 2024-25" \
            "No returns covering 2024-25 are held in the store"; do
  grep -qF "$want" "$E" || fail "empty store: missing \"$want\""
  grep -qF "$want" "$WORK/a2/yearly-report-2024-25.html" || fail "empty store HTML: \"$want\""
done
expect_exit 1 "$SG" --store "$empty" report --year 2024-Q1
expect_exit 1 "$SG" --store "$empty" report --year 2024-25 --format docx
ok "a store with no data says so plainly in every section"
