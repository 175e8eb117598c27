#!/usr/bin/env bash
# The import verb as a user meets it: duplicate files change nothing, a newer return supersedes
# the older one without deleting it, bad input is refused with the documented exit codes and
# leaves the store unchanged, and rejected rows are listed with file, line, field and reason.
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
pass=0
"$SG" --store "$store" init >/dev/null

cat >"$WORK/lado_v1.csv" <<'CSV'
lado_ref,kind,received_date,referring_agency,employment_sector,category,initial_strategy_date,concluded_date,outcome
L1,REFERRAL,2024-05-01,POLICE,EDUCATION,PHYSICAL,2024-05-03,2024-06-20,SUBSTANTIATED
L2,CONTACT,2024-07-11,HEALTH,HEALTH,SUITABILITY,,2024-07-12,THRESHOLD_NOT_MET
CSV
"$SG" --store "$store" import "$WORK/lado_v1.csv" --agency LADO --period 2024-25 >/dev/null
[ "$(q "$store" "SELECT count(*) FROM lado")" = 2 ] || fail "first import did not store 2 LADO rows"
ok "first import stored 2 rows"; pass=$((pass+1))

expect_exit 0 "$SG" --store "$store" import "$WORK/lado_v1.csv" --agency LADO --period 2024-25
grep -q "nothing changed" "$WORK/out" || fail "duplicate not reported"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 1 ] || fail "duplicate created a submission"
[ "$(q "$store" "SELECT count(*) FROM lado")" = 2 ] || fail "duplicate changed the rows"
ok "re-importing the same file changes nothing"; pass=$((pass+1))

{ cat "$WORK/lado_v1.csv"; echo "L3,REFERRAL,2024-09-02,EDUCATION,EDUCATION,SEXUAL,2024-09-04,,ONGOING"; } >"$WORK/lado_v2.csv"
"$SG" --store "$store" import "$WORK/lado_v2.csv" --agency LADO --period 2024-25 >/dev/null
[ "$(q "$store" "SELECT count(*) FROM submission")" = 2 ] || fail "newer return not stored"
[ "$(q "$store" "SELECT count(*) FROM submission WHERE superseded_by IS NOT NULL")" = 1 ] || fail "older return not superseded"
[ "$(q "$store" "SELECT count(*) FROM live_lado")" = 3 ] || fail "live view should show only the newer return's 3 rows"
[ "$(q "$store" "SELECT count(*) FROM lado")" = 5 ] || fail "older rows must be kept"
ok "a newer return supersedes the older one, which is kept"; pass=$((pass+1))

printf 'lado_ref,kind,received_date\nL9,REFERRAL,2024-02-30\n' >"$WORK/broken.csv"
expect_exit 2 "$SG" --store "$store" import "$WORK/lado_v2.csv" "$WORK/broken.csv" --agency LADO --period 2024-25 --format agency/lado
grep -q "broken.csv" "$WORK/err" || fail "error does not name the file"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 2 ] || fail "failed import changed the store"
ok "a file missing required columns fails the whole import, naming the file"; pass=$((pass+1))

# Atomicity with a file that would have been stored on its own: a new return (never imported)
# followed by the broken one. Nothing of either may land in the database: no submission, no row.
# (Their encrypted originals may stay under originals/, unreferenced: docs/store.md, Originals.)
cat >"$WORK/lado_v3.csv" <<'CSV'
lado_ref,kind,received_date,referring_agency,employment_sector,category,initial_strategy_date,concluded_date,outcome
L7,REFERRAL,2024-09-02,POLICE,EDUCATION,PHYSICAL,2024-09-04,2024-10-01,UNFOUNDED
CSV
subs=$(q "$store" "SELECT count(*) FROM submission"); rows=$(q "$store" "SELECT count(*) FROM lado")
rej=$(q "$store" "SELECT count(*) FROM rejected_row")
expect_exit 2 "$SG" --store "$store" import "$WORK/lado_v3.csv" "$WORK/broken.csv" --agency LADO --period 2024-25 --format agency/lado
[ "$subs" = 2 ] && [ "$rows" = 5 ] || fail "store not as expected before the atomicity check: $subs/$rows"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 2 ] || fail "a new file plus a broken one stored a submission"
[ "$(q "$store" "SELECT count(*) FROM lado")" = 5 ] || fail "a new file plus a broken one stored rows"
[ "$(q "$store" "SELECT count(*) FROM lado WHERE ref = 'L7'")" = 0 ] || fail "L7 stored"
[ "$(q "$store" "SELECT count(*) FROM rejected_row")" = "$rej" ] || fail "rejected rows stored"
# The same new file alone is accepted (in a scratch store): it was refused only for its companion.
"$SG" --store "$WORK/store2" init >/dev/null
"$SG" --store "$WORK/store2" import "$WORK/lado_v3.csv" --agency LADO --period 2024-25 >/dev/null
[ "$(q "$WORK/store2" "SELECT count(*) FROM lado")" = 1 ] || fail "the new file alone was not stored"
ok "a new file imported with a broken one leaves the store unchanged"; pass=$((pass+1))

expect_exit 1 "$SG" --store "$store" import "$WORK/lado_v2.csv" --agency LADO --period 2024-2025
expect_exit 1 "$SG" --store "$store" import "$WORK/lado_v2.csv" --agency "la d" --period 2024-25
expect_exit 5 "$SG" --store "$store" import "$WORK/nope.csv" --agency LADO --period 2024-25
printf 'a,b\n1,2\n' >"$WORK/unknown.csv"
expect_exit 3 "$SG" --store "$store" import "$WORK/unknown.csv" --agency LADO --period 2024-25
grep -q "matches no known return" "$WORK/err" || fail "unknown format not explained"
ok "bad arguments and unknown files give the documented exit codes"; pass=$((pass+1))

cat >"$WORK/lado_bad.csv" <<'CSV'
lado_ref,kind,received_date,referring_agency,employment_sector,category,initial_strategy_date,concluded_date,outcome
L4,REFERRAL,2024-04-31,POLICE,EDUCATION,PHYSICAL,,,ONGOING
L5,REFERRAL,2024-10-01,POLICE,EDUCATION,PHYSICAL,,,ONGOING
CSV
"$SG" --store "$store" import "$WORK/lado_bad.csv" --agency LADO --period 2024-Q3 >/dev/null
sub=$(q "$store" "SELECT id FROM submission WHERE file_name='lado_bad.csv'")
[ "$(q "$store" "SELECT rows_rejected FROM submission WHERE id=$sub")" = 1 ] || fail "rejected count wrong"
"$SG" --store "$store" submissions --rejected "$sub" >"$WORK/rej"
grep -q "received_date" "$WORK/rej" || fail "rejected row does not name the field"
grep -q "2024-04-31" "$WORK/rej" || fail "rejected row does not show the value"
[ "$(q "$store" "SELECT line FROM rejected_row WHERE submission_id=$sub")" = 2 ] || fail "rejected row line wrong"
ok "rejected rows are kept with file, line, field, value and reason"; pass=$((pass+1))

"$SG" --json --store "$store" status >"$WORK/status.json"
grep -q '"lado": 4' "$WORK/status.json" || { cat "$WORK/status.json"; fail "status JSON wrong"; }
ok "status reports live counts"; pass=$((pass+1))
echo "$pass passed, 0 failed"
