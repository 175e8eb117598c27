#!/usr/bin/env bash
# returns.sh - partner returns end to end: templates (CSV and .xlsx) for an organisation and
# period, filled in and imported unchanged (the values stored are the ones typed), last
# period's values in the next template, the received day (import --received), and the return
# calendar, chase list and data quality read back through the CLI, with every status and
# figure worked out by hand (returns due 15 working days after the period: 2024-Q1 ends Sunday
# 30 June 2024, due Friday 19 July; 2024-Q2 ends Monday 30 September, due Monday 21 October).
source "$(dirname "$0")/lib.bash"
need_tool python3
need_tool sqlite3
SRC=${SG_SOURCE_DIR:?SG_SOURCE_DIR (set by CTest)}
S="$WORK/s"
sg() { "$SG" --store "$S" "$@"; }
sg --quiet init >/dev/null
cat >"$WORK/orgs.csv" <<'CSV'
short_name,name,sector,membership
COUNCIL,Synthshire County Council,CSC,STATUTORY_PARTNER
POLICE,Synthshire Constabulary,POLICE,STATUTORY_PARTNER
CSV
sg register organisation import "$WORK/orgs.csv" >/dev/null
sg register measure import "$SRC/docs/formats/examples/register_measure.csv" >/dev/null

# ---- the CSV template: POLICE owes da_referrals_children (two categories) each quarter ----
sg returns template --org POLICE --period 2024-Q1 --out "$WORK/p1.csv" 2>"$WORK/msg"
grep -qx "$WORK/p1.csv: 2 row(s) for POLICE, 2024-Q1 (due 2024-07-19)" "$WORK/msg" ||
  fail "template message: $(cat "$WORK/msg")"
head -1 "$WORK/p1.csv" | tr -d '\r' | grep -qx "organisation,period,measure,breakdown,value,numerator,denominator,text,explanation,title,unit,last_period,last_value,numerator_counts,denominator_counts,definition,instructions" ||
  fail "template header: $(head -1 "$WORK/p1.csv")"
[ "$(tail -n +2 "$WORK/p1.csv" | cut -d, -f1-4,12 | tr -d '\r' | tr '\n' ' ')" = \
  "POLICE,2024-Q1,da_referrals_children,HIGH,2023-Q4 POLICE,2024-Q1,da_referrals_children,MEDIUM_LOW,2023-Q4 " ] ||
  fail "template rows: $(cat "$WORK/p1.csv")"
grep -q "Give value (count). At least 0. A change of more than 25% from last period needs an explanation." "$WORK/p1.csv" ||
  fail "template instructions: $(cat "$WORK/p1.csv")"
ok "CSV template: the organisation's measure, one row per category, unit, last period, instructions, due date"

# fill in: the 5th column (value) of each row
fill_csv() { # IN OUT V1 V2 ...
  python3 - "$@" <<'PY'
import csv, sys
src, dst, vals = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = list(csv.reader(open(src, newline="")))
for r, v in zip(rows[1:], vals):
    r[4] = v
csv.writer(open(dst, "w", newline=""), lineterminator="\r\n").writerows(rows)
PY
}
fill_csv "$WORK/p1.csv" "$WORK/p1_filled.csv" 41 120
sg import "$WORK/p1_filled.csv" --agency POLICE --period 2024-Q1 --received 2024-07-19 >/dev/null
[ "$(q "$S" "SELECT group_concat(breakdown || '=' || value, ' ') FROM (SELECT * FROM partner_value ORDER BY line)")" = "HIGH=41.0 MEDIUM_LOW=120.0" ] ||
  fail "stored values: $(q "$S" "SELECT breakdown, value FROM partner_value")"
[ "$(q "$S" "SELECT received_on FROM return_receipt")" = 2024-07-19 ] || fail "received day not stored"
ok "a filled-in CSV template imports unchanged as the partner return (41 and 120 stored)"

# ---- the .xlsx template: COUNCIL owes gcp_completion_pct (numerator and denominator) ----
sg returns template --org COUNCIL --period 2024-Q1 --out "$WORK/c1.xlsx" 2>/dev/null
python3 - "$WORK/c1.xlsx" "$WORK/c1_filled.xlsx" <<'PY' || fail "the .xlsx template is not as expected"
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(src)
assert "xl/worksheets/sheet1.xml" in z.namelist()
wb = z.read("xl/workbook.xml").decode()
assert 'name="Return"' in wb, wb
sheet = z.read("xl/worksheets/sheet1.xml").decode()
strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
assert "gcp_completion_pct" in strings and "organisation" in strings, strings
assert any(s.startswith("Partner return: Synthshire County Council (COUNCIL), period 2024-Q1") for s in strings)
assert "Due on 2024-07-19. Last period: 2023-Q4." in strings
# the header is row 6 and the one data row is row 7; value E7, numerator F7, denominator G7
for cell, v in (("E7", "62.5"), ("F7", "25"), ("G7", "40")):
    new, n = re.subn(r'<c r="%s"( s="\d+")?/>' % cell, r'<c r="%s"\1><v>%s</v></c>' % (cell, v), sheet)
    assert n == 1, (cell, sheet)
    sheet = new
out = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for name in z.namelist():
    out.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else z.read(name))
out.close()
PY
# received on Saturday 20 July, a day after the due date
sg import "$WORK/c1_filled.xlsx" --agency COUNCIL --period 2024-Q1 --received 2024-07-20 >/dev/null
[ "$(q "$S" "SELECT value || '|' || numerator || '|' || denominator || '|' || sheet FROM partner_value WHERE measure = 'gcp_completion_pct'")" = "62.5|25.0|40.0|Return" ] ||
  fail "stored .xlsx values: $(q "$S" "SELECT * FROM partner_value WHERE measure = 'gcp_completion_pct'")"
ok ".xlsx template (sheet Return, title, due date, header on row 6) filled in imports unchanged"

# ---- last period's values in the next template ----
sg returns template --org POLICE --period 2024-Q2 --format csv --out "$WORK/p2.csv" 2>/dev/null
[ "$(tail -n +2 "$WORK/p2.csv" | cut -d, -f4,12,13 | tr -d '\r' | tr '\n' ' ')" = "HIGH,2024-Q1,41 MEDIUM_LOW,2024-Q1,120 " ] ||
  fail "last values: $(cat "$WORK/p2.csv")"
ok "the next quarter's template shows last period's values per category"

# a resubmission of POLICE 2024-Q1 received on 1 August supersedes; the calendar counts it
fill_csv "$WORK/p1.csv" "$WORK/p1_again.csv" 42 120
sg import "$WORK/p1_again.csv" --agency POLICE --period 2024-Q1 --received 2024-08-01 >/dev/null

# ---- refused returns leave a trace: two POLICE 2024-Q1 returns refused before the accepted one
# (received 17 and 18 July). The first has one value that is not a number: that row is
# rejected and so its category is missing (2 problems); the second has two (2 rejected rows, 2
# categories missing: 4 problems) ----
fill_csv "$WORK/p1.csv" "$WORK/p1_bad1.csv" 12x 120
fill_csv "$WORK/p1.csv" "$WORK/p1_bad2.csv" 12x ten
subs_before=$(q "$S" "SELECT count(*) FROM submission")
for f in bad1:2024-07-17 bad2:2024-07-18; do
  if sg import "$WORK/p1_${f%%:*}.csv" --agency POLICE --period 2024-Q1 --received "${f#*:}" \
    --user police.analyst >/dev/null 2>"$WORK/refused_${f%%:*}"; then
    fail "the bad return ${f%%:*} was accepted"
  fi
done
[ "$(q "$S" "SELECT count(*) FROM submission")" = "$subs_before" ] || fail "a refused return stored a submission"
[ "$(q "$S" "SELECT group_concat(organisation || '|' || period || '|' || file || '|' || received_on || '|' || username || '|' || problems, ' ') FROM (SELECT * FROM return_refusal ORDER BY id)")" = \
  "POLICE|2024-Q1|p1_bad1.csv|2024-07-17|police.analyst|2 POLICE|2024-Q1|p1_bad2.csv|2024-07-18|police.analyst|4" ] ||
  fail "refusals: $(q "$S" "SELECT * FROM return_refusal") / $(cat "$WORK"/refused_bad*)"
[ "$(q "$S" "SELECT count(*) FROM return_refusal WHERE detail LIKE 'p1_bad_.csv:2: value: not a number%' AND detail NOT LIKE '%/%'")" = 2 ] ||
  fail "refusal detail: $(q "$S" "SELECT detail FROM return_refusal")"
[ "$(q "$S" "SELECT count(*) FROM return_refusal WHERE refused_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'")" = 2 ] ||
  fail "refused_at: $(q "$S" "SELECT refused_at FROM return_refusal")"
ok "a refused CLI import stores nothing but leaves its refusal: organisation, period, file, day, who, problems"

# ---- the calendar on 22 October 2024, the day after Q2's due date ----
cal_rows() { # ARGS...: the rows of the first table as "org period status received resub" lines
  sg --json returns "$@" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
t = [b for b in doc["blocks"] if b["type"] == "table"][0]
for r in t["rows"]:
    print("|".join(r))'
}
cal_rows calendar --year 2024 --as-of 2024-10-22 >"$WORK/cal"
expect="COUNCIL|2024-Q1|2024-07-19|late by 1 day|2024-07-20|0|0|0|1|1
POLICE|2024-Q1|2024-07-19|on time|2024-07-19|1|2|6|1|1
COUNCIL|2024-Q2|2024-10-21|missing, 1 day overdue|-|0|0|0|1|0
POLICE|2024-Q2|2024-10-21|missing, 1 day overdue|-|0|0|0|1|0
COUNCIL|2024-Q3|2025-01-22|open|-|0|0|0|1|0
POLICE|2024-Q3|2025-01-22|open|-|0|0|0|1|0
COUNCIL|2024-Q4|2025-04-23|open|-|0|0|0|1|0
POLICE|2024-25|2025-04-23|open|-|0|0|0|1|0
POLICE|2024-Q4|2025-04-23|open|-|0|0|0|1|0"
[ "$(cat "$WORK/cal")" = "$expect" ] || { diff <(echo "$expect") "$WORK/cal" >&2; fail "calendar"; }
ok "calendar: received on the due day on time, a day after late by 1 day, resubmission counted, the 2 refusals (2 + 4 problems = 6 queries), Q2 missing the day after its due date"

# a refusal counts from the day it was received: on 17 July only the first (2 problems), on
# 16 July none
cal_rows calendar --year 2024 --as-of 2024-07-17 | grep "^POLICE|2024-Q1|" >"$WORK/cal17"
[ "$(cat "$WORK/cal17")" = "POLICE|2024-Q1|2024-07-19|due in 2 days|-|0|1|2|1|0" ] || fail "calendar on 17 July: $(cat "$WORK/cal17")"
cal_rows calendar --year 2024 --as-of 2024-07-16 | grep "^POLICE|2024-Q1|" >"$WORK/cal16"
[ "$(cat "$WORK/cal16")" = "POLICE|2024-Q1|2024-07-19|due in 3 days|-|0|0|0|1|0" ] || fail "calendar on 16 July: $(cat "$WORK/cal16")"
ok "a refusal counts from the day it was received (17 July: 1 refused, 2 queries; 16 July: none)"

# on Q2's due day it is due today, not missing; the chase list has it
cal_rows due --as-of 2024-10-21 | grep "2024-Q2" >"$WORK/due"
[ "$(cut -d'|' -f1,3,5 "$WORK/due" | tr '\n' ' ')" = "COUNCIL|2024-Q2|due today POLICE|2024-Q2|due today " ] ||
  fail "chase list on the due day: $(cat "$WORK/due")"
sg returns due --as-of 2024-10-22 --org COUNCIL >"$WORK/due_text"
grep -Eq "^COUNCIL +Synthshire County Council +2024-Q2 +2024-10-21 +missing, 1 day overdue +1$" "$WORK/due_text" ||
  fail "chase list the day after: $(cat "$WORK/due_text")"
ok "chase list: due today on the due day, missing the day after; --org keeps one organisation"

# ---- data quality of 2024-25 on 30 June 2025: everything due has passed ----
# POLICE owes 5 returns (4 quarters + the year): Q1 on time (resubmitted once), 4 missing:
# 20.0% on time; measures owed 5, supplied 1: 20.0%. COUNCIL 4 returns: Q1 late, 3 missing:
# 0.0% on time; 1 of 4 measures: 25.0%. POLICE's two refused Q1 returns: refused 2, queries
# 2 + 4 = 6 (no findings on the accepted ones); COUNCIL none.
cal_rows quality --year 2024 | grep -E "\|2024-25\|" >"$WORK/quality"
expect="COUNCIL|2024-25|4|0|1|3|0.0|25.0|0|0|0
POLICE|2024-25|5|1|0|4|20.0|20.0|1|2|6"
[ "$(cat "$WORK/quality")" = "$expect" ] || { diff <(echo "$expect") "$WORK/quality" >&2; fail "quality"; }
cal_rows quality --year 2024 >"$WORK/quality_all"
grep -qx "POLICE|2024-Q4|2|0|0|2|0.0|0.0|0|0|0" "$WORK/quality_all" ||
  fail "quality Q4 (the quarter and the year's return): $(cat "$WORK/quality_all")"
# the refusals count in the quarter of their return (Q1): refused 2, queries 2 + 4
grep -qx "POLICE|2024-Q1|1|1|0|0|100.0|100.0|1|2|6" "$WORK/quality_all" ||
  fail "quality Q4 (the quarter and the year's return): $(cat "$WORK/quality_all")"
ok "data quality: returns, on time, late, missing, % on time, % complete, resubmissions per organisation"

# ---- the due rule is a setting ----
sg config set returns.due_days 0 >/dev/null
cal_rows calendar --year 2024 --as-of 2024-10-22 >"$WORK/cal0"
grep -qx "POLICE|2024-Q1|2024-07-01|late by 18 days|2024-07-19|1|2|6|1|1" "$WORK/cal0" ||
  fail "due_days 0: $(cat "$WORK/cal0")"
sg config set returns.due_days 15 >/dev/null
ok "returns.due_days 0: Q1 (ends Sunday) due Monday 1 July, so 19 July is 18 days late"

# ---- errors ----
expect_exit 3 "$SG" --store "$S" returns template --org COUNCIL --period 2024-25 --out "$WORK/x.csv"
grep -q "COUNCIL owes no measure for 2024-25" "$WORK/err" || fail "owes nothing: $(cat "$WORK/err")"
[ ! -e "$WORK/x.csv" ] || fail "a refused template left a file"
expect_exit 1 "$SG" --store "$S" returns template --org POLICE --period 2024-13 --out "$WORK/x.csv"
grep -q "the period '2024-13' is not a year" "$WORK/err" || fail "bad period: $(cat "$WORK/err")"
expect_exit 1 "$SG" --store "$S" import "$WORK/p1_filled.csv" --agency POLICE --period 2024-Q1 --received 2025-07-01
grep -q -- "--received wants a date YYYY-MM-DD, not after today" "$WORK/err" || fail "future received: $(cat "$WORK/err")"
expect_exit 1 "$SG" --store "$S" returns calendar --year 24
expect_exit 1 "$SG" --store "$S" returns sideways
ok "template for a period an organisation owes nothing (exit 3, no file), bad period, future received day, bad year"
