#!/usr/bin/env bash
# web_returns.sh - partner returns over HTTP (docs/web.md, "Partner returns"): the business unit
# sees every organisation's calendar, chase list and data quality, cannot open a form; an agency
# data owner (police) sees only its own returns, downloads its template (CSV and .xlsx) but not
# another organisation's (403), and sends its return through the form: one bad value is refused
# (422, nothing stored) with the error beside the field, in the summary and every value kept;
# corrected, it is accepted, stored as typed, audited, and the calendar shows it received.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?SG_SOURCE_DIR (set by CTest)}
store="$WORK/store"
need_tool curl
need_tool python3 # TOTP codes, JSON

"$SG" --store "$store" init >/dev/null
cat >"$WORK/orgs.csv" <<'CSV'
short_name,name,sector,membership
COUNCIL,Synthshire County Council,CSC,STATUTORY_PARTNER
POLICE,Synthshire Constabulary,POLICE,STATUTORY_PARTNER
CSV
"$SG" --store "$store" register organisation import "$WORK/orgs.csv" >/dev/null
"$SG" --store "$store" register measure import "$SRC/docs/formats/examples/register_measure.csv" >/dev/null

source "$(dirname "$0")/web_lib.bash"
adduser police1 agency POLICE
adduser business1 business
serve

# ---- the business unit: every organisation, no form ----
login "$WORK/bu" business1
req "$WORK/bu" GET "/returns?view=calendar&year=2024&as_of=2024-10-22"; expect 200 "business: calendar"
grep -q '<th scope="row">COUNCIL</th>' "$BODY" && grep -q '<th scope="row">POLICE</th>' "$BODY" ||
  fail "business unit does not see both organisations"
grep -q "missing, 1 day overdue" "$BODY" || fail "calendar on 2024-10-22: Q2 not missing a day after its due date"
grep -q 'href="/returns"' "$BODY" || fail "no Partner returns link in the navigation"
req "$WORK/bu" GET "/returns?view=quality&year=2024"; expect 200 "business: quality"
grep -q "Data quality by organisation" "$BODY" || fail "quality view"
req "$WORK/bu" GET "/returns?view=nonsense"; expect 404 "unknown view"
req "$WORK/bu" GET "/returns/form?org=POLICE&period=2024-Q1"; expect 403 "business: form"
req "$WORK/bu" GET "/api/returns?view=due&as_of=2024-10-22"; expect 200 "business: API"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["returns"]=="due"; assert any(b["type"]=="table" for b in d["blocks"])' "$BODY" ||
  fail "API: $(head -c 300 "$BODY")"
ok "business unit: calendar, quality and API for every organisation; no form (403); unknown view 404"

# ---- the police data owner: its own returns only ----
login "$WORK/pol" police1
req "$WORK/pol" GET "/returns?view=calendar&year=2024"; expect 200 "police: calendar"
grep -q '<th scope="row">COUNCIL</th>' "$BODY" && fail "police sees the council's returns"
grep -q 'href="/returns/form?org=POLICE&amp;period=2024-Q1"' "$BODY" || fail "police: no form link for 2024-Q1"
req "$WORK/pol" GET "/returns/template?org=POLICE&period=2024-Q1&format=csv"; expect 200 "police: CSV template"
head -1 "$BODY" | grep -q "^organisation,period,measure,breakdown,value" || fail "CSV template: $(head -2 "$BODY")"
[ "$(grep -c "^POLICE,2024-Q1,da_referrals_children" "$BODY")" = 2 ] || fail "CSV template rows"
req "$WORK/pol" GET "/returns/template?org=POLICE&period=2024-Q1&format=xlsx"; expect 200 "police: xlsx template"
[ "$(head -c 2 "$BODY")" = PK ] || fail "the .xlsx template is not a zip"
[ -z "$(ls -A "$store/uploads" 2>/dev/null)" ] || fail "the .xlsx template left a file in uploads/: $(ls -A "$store/uploads")"
req "$WORK/pol" GET "/returns/template?org=COUNCIL&period=2024-Q1&format=csv"; expect 403 "police: council template"
req "$WORK/pol" GET "/returns/form?org=COUNCIL&period=2024-Q1"; expect 403 "police: council form"
req "$WORK/pol" GET "/returns/form?period=2024-25"; expect 200 "police: yearly form (TEXT measure)"
grep -q '<textarea id="t0" name="t0"' "$BODY" || fail "TEXT measure: no textarea"
ok "police: only its own returns; its templates (CSV, .xlsx; nothing left behind); the council's are 403"

# ---- the form: one bad value, then corrected ----
req "$WORK/pol" GET "/returns/form?period=2024-Q1"; expect 200 "police: form"
grep -q '<label for="v0">Value</label>' "$BODY" && grep -q '<label for="v1">Value</label>' "$BODY" ||
  fail "form: no labelled value fields"
grep -q "<legend>Domestic abuse referrals where children are present: HIGH (count)</legend>" "$BODY" ||
  fail "form: no legend per category"
tok=$(csrf_of)
req "$WORK/pol" POST /returns/form --data-urlencode "period=2024-Q1" --data-urlencode "v0=41" --data-urlencode "v1=12x"
expect 403 "form without CSRF"
req "$WORK/pol" POST /returns/form --data-urlencode "csrf=$tok" --data-urlencode "period=2024-Q1" \
  --data-urlencode "v0=41" --data-urlencode "v1=12x" --data-urlencode "e0=new unit"
expect 422 "form with a bad value"
grep -q 'role="alert"' "$BODY" || fail "no error summary"
grep -q '<a href="#v1">' "$BODY" || fail "the summary does not link to the field in error"
grep -q '<p class="error" id="v1-error">' "$BODY" || fail "no error beside v1: $(grep -o 'class="error[^<]*<[^<]*' "$BODY" | head -3)"
grep -q 'id="v1" name="v1" value="12x"' "$BODY" || fail "the bad value was not kept"
grep -q 'id="v0" name="v0" value="41"' "$BODY" || fail "the good value was not kept"
grep -q 'id="e0" name="e0" value="new unit"' "$BODY" || fail "the explanation was not kept"
grep -q 'aria-invalid="true"' "$BODY" || fail "the field in error is not marked invalid"
[ "$(q "$store" "SELECT count(*) FROM partner_value")" = 0 ] || fail "a refused form stored values"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 0 ] || fail "a refused form stored a submission"
# ... but the refusal is recorded: one problem (the rejected row 3, MEDIUM_LOW), by police1
[ "$(q "$store" "SELECT organisation || '|' || period || '|' || file || '|' || username || '|' || problems || '|' || received_on FROM return_refusal")" = "POLICE|2024-Q1|POLICE_2024-Q1_form.csv|police1|1|$SG_TODAY" ] ||
  fail "refusal: $(q "$store" "SELECT * FROM return_refusal")"
q "$store" "SELECT detail FROM return_refusal" | grep -q "^line 3, value: " || fail "refusal detail: $(q "$store" "SELECT detail FROM return_refusal")"
ok "a bad value: 422, error summary linking to the field, error beside it, values kept, nothing stored but the refusal (1 problem)"

tok=$(csrf_of)
req "$WORK/pol" POST /returns/form --data-urlencode "csrf=$tok" --data-urlencode "period=2024-Q1" \
  --data-urlencode "v0=41" --data-urlencode "v1=120"
expect 200 "form corrected"
grep -q "Accepted: POLICE&#39;s return for 2024-Q1 is submission 1, 2 value(s)." "$BODY" || fail "accepted: $(grep -o '<p class="ok"[^<]*' "$BODY")"
[ "$(q "$store" "SELECT group_concat(breakdown || '=' || value, ' ') FROM (SELECT * FROM partner_value ORDER BY line)")" = "HIGH=41.0 MEDIUM_LOW=120.0" ] ||
  fail "stored: $(q "$store" "SELECT breakdown, value FROM partner_value")"
[ "$(q "$store" "SELECT agency || '|' || format || '|' || period || '|' || file_name || '|' || user FROM submission")" = "POLICE|partner|2024-Q1|POLICE_2024-Q1_form.csv|police1" ] ||
  fail "submission: $(q "$store" "SELECT * FROM submission")"
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE action = 'upload' AND username = 'police1'")" -ge 1 ] || fail "not audited"
today=$(date -u +%F)
req "$WORK/pol" GET "/api/returns?view=calendar&year=2024&as_of=$today"; expect 200 "police: API calendar"
python3 - "$BODY" "$today" <<'PY' || fail "police calendar after the form: $(head -c 600 "$BODY")"
import json, sys
d = json.load(open(sys.argv[1]))
rows = [b for b in d["blocks"] if b["type"] == "table"][0]["rows"]
assert {r[0] for r in rows} == {"POLICE"}, rows
q1 = [r for r in rows if r[1] == "2024-Q1"][0]
assert q1[4] == sys.argv[2] and q1[3].startswith("late by"), q1   # received today, long after 19 July 2024
assert q1[6:] == ["1", "1", "1", "1"], q1  # refused 1 (the bad form), its 1 problem, owed 1, supplied 1
PY
ok "corrected: accepted, stored as typed, audited, and the police calendar shows it received"
