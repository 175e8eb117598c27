#!/usr/bin/env bash
# Issue 3's truth check through the CLI, as a user runs it: a partnership generated without
# faults imports with no error-severity finding from any rule family (so even the "refuse"
# policy stores it), and the same partnership with faults is refused under that policy and
# stores errors under the default one. Recall of every planted fault is tests/unit/test_recall.c.
source "$(dirname "$0")/lib.bash"
pass=0

"$SG" generate --children 1500 --years 3 --seed 42 --out "$WORK/clean" --faults 0 >/dev/null
"$SG" --store "$WORK/s1" init >/dev/null
expect_exit 0 "$SG" --store "$WORK/s1" import --manifest "$WORK/clean/manifest.json" --on-errors refuse
grep -q "^validation: 0 error(s)" "$WORK/out" || { cat "$WORK/out"; fail "clean import reported errors"; }
[ "$(q "$WORK/s1" "SELECT count(*) FROM finding WHERE severity = 'error'")" = 0 ] || fail "clean partnership has error findings"
[ "$(q "$WORK/s1" "SELECT count(*) FROM rejected_row")" = 0 ] || fail "clean partnership has rejected rows"
ok "a clean generated partnership (3 years) has no errors"; pass=$((pass+1))

cin=$(q "$WORK/s1" "SELECT max(id) FROM submission WHERE format = 'cin'")
expect_exit 0 "$SG" --store "$WORK/s1" validate "$cin"
grep -q "^Validation of submission $cin: 0 error(s)" "$WORK/out" || { cat "$WORK/out"; fail "validate CIN reported errors"; }
ep=$(q "$WORK/s1" "SELECT max(id) FROM submission WHERE format = 'ssda903/episodes'")
expect_exit 0 "$SG" --store "$WORK/s1" validate "$ep"
grep -q "^Validation of submission $ep: 0 error(s)" "$WORK/out" || { cat "$WORK/out"; fail "validate SSDA903 reported errors"; }
ok "validate SUBMISSION agrees for the CIN census and the SSDA903 return"; pass=$((pass+1))

"$SG" generate --children 1500 --years 2 --seed 42 --out "$WORK/faulty" --faults 0.05 >/dev/null
"$SG" --store "$WORK/s2" init >/dev/null
set +e; "$SG" --store "$WORK/s2" import --manifest "$WORK/faulty/manifest.json" --on-errors refuse >"$WORK/out" 2>"$WORK/err"; rc=$?; set -e
[ "$rc" != 0 ] || fail "a partnership with planted faults was not refused"
[ "$(q "$WORK/s2" "SELECT count(*) FROM submission")" = 0 ] || fail "a refused import changed the store"
"$SG" --store "$WORK/s2" import --manifest "$WORK/faulty/manifest.json" >"$WORK/out"
[ "$(q "$WORK/s2" "SELECT count(*) FROM finding WHERE severity = 'error'")" -gt 0 ] || fail "faults raised no errors"
ok "planted faults are refused under --on-errors refuse and stored as errors otherwise"; pass=$((pass+1))
echo "$pass passed"
