#!/usr/bin/env bash
# The registers as a user meets them: a generated partnership's returns and every register file
# it writes are imported (in the order `safeguard register` lists them); each register exported
# again gives back the file it was imported from (the child column apart: the file carries LA
# child IDs, the store pseudonyms, which must be children the CIN census brought in);
# re-importing an export changes nothing; the computed views show what the generator planted;
# and bad input (unknown agency, a date in the future, an end before its start, an unknown code)
# is refused with a message naming the file, row and field, leaving the store exactly as it was.
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
p="$WORK/p"
asof=2025-03-31 # the generator's "as at" date: the last 31 March
pass=0
"$SG" generate --children 3000 --years 2 --seed 11 --out "$p" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" import --manifest "$p/manifest.json" >/dev/null

# Every register of the registry has a file, listed in the manifest with its row count.
regs=$("$SG" register | awk 'NR > 1 && /^  / {print $1}')
[ "$(echo "$regs" | wc -l)" = 28 ] || fail "expected 28 registers, got: $regs"
for r in $regs; do
  f="$p/registers/$r.csv"
  [ -s "$f" ] || fail "no register file $f"
  want=$(jq -r --arg r "$r" '.registers[] | select(.register == $r) | .rows' "$p/manifest.json")
  got=$(($(wc -l <"$f") - 1))
  [ "$want" = "$got" ] || fail "$r: manifest says $want rows, file has $got"
  [ "$got" -gt 0 ] || fail "$r: no rows"
  head -n 1 "$f" | tr -d '\r' | sed 's/_la_id//' >"$WORK/h1"
  "$SG" register "$r" template | tr -d '\r' >"$WORK/h2"
  cmp -s "$WORK/h1" "$WORK/h2" || fail "$r: header is not the template's"
done
ok "the generator writes all 28 registers in their templates, counted in the manifest"; pass=$((pass+1))

for r in $regs; do
  "$SG" --store "$store" register "$r" import "$p/registers/$r.csv" --user e2e >"$WORK/out" ||
    fail "import of $r failed"
  n=$(($(wc -l <"$p/registers/$r.csv") - 1))
  grep -q "^$r: $n rows: $n added, 0 updated, 0 unchanged" "$WORK/out" || { cat "$WORK/out"; fail "$r: not all rows added"; }
done
ok "every register file imports cleanly, in registry order"; pass=$((pass+1))

# Round trip. A register with a child column: the file gives <col>_la_id, the export <col> with
# the pseudonym, so that column is compared through the store instead.
for r in $regs; do
  f="$p/registers/$r.csv"
  "$SG" --store "$store" register "$r" export --out "$WORK/$r.export.csv"
  col=$(head -n 1 "$f" | tr -d '\r' | tr ',' '\n' | grep -n '_la_id$' | cut -d: -f1 || true)
  if [ -z "$col" ]; then
    cmp -s "$f" "$WORK/$r.export.csv" || { diff "$f" "$WORK/$r.export.csv" | head >&2; fail "$r: export differs from the import"; }
  else
    # generated text holds no commas, so a plain split is exact
    blank() { awk -F, -v c="$col" 'BEGIN{OFS=","} {$c="X"; print}' "$1"; }
    cmp -s <(blank "$f") <(blank "$WORK/$r.export.csv") || fail "$r: export differs from the import"
    tail -n +2 "$WORK/$r.export.csv" | cut -d, -f"$col" | tr -d '\r' | sort -u >"$WORK/pseud"
    npseud=$(wc -l <"$WORK/pseud")
    known=$(q "$store" "SELECT count(*) FROM child_key WHERE pseudonym IN ($(sed "s/.*/'&'/" "$WORK/pseud" | paste -sd,))")
    [ "$known" = "$npseud" ] || fail "$r: $known of $npseud children are children of the CIN census"
    ! grep -q "$(tail -n +2 "$f" | head -n 1 | cut -d, -f"$col")" "$WORK/$r.export.csv" || fail "$r: LA child ID exported"
  fi
  "$SG" --store "$store" register "$r" import "$WORK/$r.export.csv" >"$WORK/out"
  grep -q ": 0 added, 0 updated, " "$WORK/out" || { cat "$WORK/out"; fail "$r: re-importing the export changed something"; }
done
[ "$(q "$store" "SELECT count(*) FROM register_change WHERE action = 'import' AND user = 'e2e'")" -gt 1000 ] ||
  fail "imports not in the change log"
ok "every register round-trips: import -> export gives the same content; re-import changes nothing"; pass=$((pass+1))

# Views on the as-at date: each has something to show.
v() { "$SG" --store "$store" register "$1" view "${@:2}" --today "$asof"; }
v action flags >"$WORK/v"
for want in "overdue by" "no update for" "completed without evidence" "impact check due"; do
  grep -q "$want" "$WORK/v" || { cat "$WORK/v"; fail "action flags: nothing '$want'"; }
done
v action summary | grep -q "^all " || fail "action summary has no total"
v case_review clocks >"$WORK/v"
for want in "on time" "late by" "overdue by" "due in"; do
  grep -q "$want" "$WORK/v" || { cat "$WORK/v"; fail "review clocks: nothing '$want'"; }
done
v case_review year --year 2024 | grep -q "rapid reviews within 15 working days" || fail "review year"
v audit summary | grep -q "requires improvement" || fail "audit summary"
v s11_score summary --year 2024 | grep -q "S11 " || fail "s11 summary"
v section11 not_returned --year 2024 | grep -q "^PROBATION " || fail "section11 not returned"
v training_course summary --year 2024 | grep -q "^all courses " || fail "training summary"
v training_course evaluation --year 2024 | grep -q "^all courses " || fail "training evaluation"
v training_booking agencies --year 2024 | grep -q "^all agencies " || fail "training by agency"
v child_death year --year 2024 | grep -q "deaths notified" || fail "cdop year"
v finance_contribution year --year 2024 >"$WORK/fin.txt"
grep -q "recorded minus balance *£0.00" "$WORK/fin.txt" || fail "finance does not reconcile"
for want in "Synthshire Integrated Care Board" "Synthshire Mental Health NHS Trust" \
            "Synthshire Community Health NHS Trust" "Synthshire Hospitals NHS Foundation Trust" \
            "EDUCATION (sector only)" "Training fees  *FEES" "Transfer from reserves  *RESERVE_TRANSFER" \
            "General expenses  *OTHER" "Subscriptions  *OTHER" "less transfers from reserves  *-£"; do
  grep -q "$want" "$WORK/fin.txt" || fail "finance view lacks '$want'"
done
v risk top | grep -q "very high" || fail "no red risk"
v risk overdue | grep -q "^R-" || fail "no overdue risk review"
v risk movement | grep -q " up " || fail "no risk movement"
v voice_survey answers | grep -q "respondents" || fail "voice answers"
"$SG" --store "$store" register lado view years | grep -q "2024-25" || fail "lado years"
ok "every view shows something on the as-at date"; pass=$((pass+1))

# --json gives the same view as blocks: the text's title line is the heading, the table's rows
# are the text's rows (after the header and rule), cell for cell.
"$SG" --store "$store" --json register case_review view clocks --today "$asof" >"$WORK/vj"
v case_review clocks >"$WORK/vt"
[ "$(jq -r '.blocks[0].text' "$WORK/vj")" = "$(head -n 1 "$WORK/vt")" ] || fail "--json: heading differs"
jq -e '.register == "case_review" and .view == "clocks" and .blocks[1].type == "table" and
  .blocks[1].columns[0] == "review"' "$WORK/vj" >/dev/null || fail "--json: no clocks table"
[ "$(jq '.blocks[1].rows | length' "$WORK/vj")" = "$(($(wc -l <"$WORK/vt") - 3))" ] ||
  fail "--json: not as many rows as the text"
[ "$(jq -r '.blocks[1].rows[0][0]' "$WORK/vj")" = "$(sed -n 4p "$WORK/vt" | cut -d' ' -f1)" ] ||
  fail "--json: first row differs"
ok "register view --json gives the view's blocks"; pass=$((pass+1))

# Bad input: the first rows are good (a new record, a change), the bad one is row 3; the import
# fails naming file, row and field, and nothing of the file is kept.
snapshot() { # REGISTER: its export, and the counts of every record and change
  "$SG" --store "$store" register "$1" export | md5sum
  q "$store" "SELECT (SELECT count(*) FROM register_record) || '/' || (SELECT count(*) FROM register_change)"
}
bad_case() { # NAME REGISTER FIELD CSV
  local name=$1 reg=$2 field=$3
  printf '%s' "$4" >"$WORK/$name.csv"
  local before; before=$(snapshot "$reg")
  set +e; "$SG" --store "$store" register "$reg" import "$WORK/$name.csv" >"$WORK/out" 2>"$WORK/err"; local rc=$?; set -e
  [ "$rc" != 0 ] || fail "$name: bad input accepted"
  grep -q "$name.csv:4:" "$WORK/err" || { cat "$WORK/err"; fail "$name: error does not name file and line"; }
  grep -q "(row 3)" "$WORK/err" || { cat "$WORK/err"; fail "$name: error does not name the row"; }
  grep -q ": $field: " "$WORK/err" || { cat "$WORK/err"; fail "$name: error does not name the field $field"; }
  [ "$(snapshot "$reg")" = "$before" ] || fail "$name: the store changed"
}
act=$(sed -n 2p "$WORK/action.export.csv" | tr -d '\r')
act_ref=${act%%,*}
hdr=$(head -n 1 "$WORK/action.export.csv" | tr -d '\r')
bad_case unknown_agency action owner_agency "$hdr
A-NEW-1,other:x,New action,CSC,,2025-01-02,2025-05-01,NOT_STARTED,,,,,,,
$(echo "$act" | awk -F, 'BEGIN{OFS=","} {$3="Changed text"; print}')
A-NEW-2,other:x,Bad agency,POLCE,,2025-01-02,2025-05-01,NOT_STARTED,,,,,,,
"
grep -q "unknown agency 'POLCE'" "$WORK/err" || fail "unknown agency not explained"
bad_case future_date training_booking booked_date "booking,session,agency,role,booked_date,attendance
BX1,$(sed -n 2p "$WORK/training_session.export.csv" | cut -d, -f1),CSC,social worker,2025-01-02,ATTENDED
$(sed -n 2p "$WORK/training_booking.export.csv" | tr -d '\r' | awk -F, 'BEGIN{OFS=","} {$4="team manager"; print}')
BX2,$(sed -n 2p "$WORK/training_session.export.csv" | cut -d, -f1),CSC,social worker,2025-07-01,
"
grep -q "is in the future" "$WORK/err" || fail "future date not explained"
bad_case end_before_start audit returns_due "audit_ref,theme,methodology,planned_start,returns_due
MAA-X-1,Neglect,CASE_AUDIT,2025-01-06,2025-01-31
$(sed -n 2p "$WORK/audit.export.csv" | cut -d, -f1),Changed theme,CASE_AUDIT,$(sed -n 2p "$WORK/audit.export.csv" | cut -d, -f6-7)
MAA-X-2,Neglect,CASE_AUDIT,2025-03-01,2025-02-01
"
grep -q "is before planned_start" "$WORK/err" || fail "end before start not explained"
bad_case unknown_code case_review incident_type "review_ref,child,incident_type,incident_date,learned_date
CR-X-1,$(sed -n 2p "$WORK/case_review.export.csv" | cut -d, -f2),DEATH,2025-01-02,2025-01-03
$(sed -n 2p "$WORK/case_review.export.csv" | cut -d, -f1-2),DEATH,$(sed -n 2p "$WORK/case_review.export.csv" | cut -d, -f4-5)
CR-X-2,$(sed -n 2p "$WORK/case_review.export.csv" | cut -d, -f2),ACCIDENT,2025-01-02,2025-01-03
"
grep -q "unknown code 'ACCIDENT'" "$WORK/err" || fail "unknown code not explained"
bad_case statutory_sector organisation membership "short_name,name,sector,membership
NEW_TRUST,New NHS Trust,HEALTH,RELEVANT_AGENCY
COUNCIL,Renamed County Council,CSC,STATUTORY_PARTNER
SCHOOLS,Schools,EDUCATION,STATUTORY_PARTNER
"
grep -q "statutory partner's sector is CSC, POLICE or HEALTH, not EDUCATION" "$WORK/err" ||
  fail "statutory partner's sector not explained"
"$SG" --store "$store" register organisation list | grep -q "^ICB .*Synthshire Integrated Care Board" ||
  fail "organisation list lacks the ICB"
ok "bad input is refused naming file, row and field, and changes nothing"; pass=$((pass+1))

# Deterministic: the same options give the same register files.
"$SG" generate --children 3000 --years 2 --seed 11 --out "$WORK/p2" >/dev/null
for r in $regs; do cmp -s "$p/registers/$r.csv" "$WORK/p2/registers/$r.csv" || fail "$r differs between runs"; done
ok "the same seed gives the same register files"; pass=$((pass+1))
echo "$pass passed, 0 failed"
