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

# Each year in its own year's codes and rules (docs/rules_903.md, docs/rules_cin.md "Collection
# years"): the generated years are 2022-23 to 2024-25; SSDA903 SEX is 1/2 up to 2023-24 and
# M/F from 2024-25, and each year's return still has no errors under its own rules.
for y in 2022-23 2023-24; do
  [ "$(tail -n +2 "$WORK/clean/$y/ssda903_header.csv" | cut -d, -f2 | sort -u | tr '\n' ' ')" = "1 2 " ] \
    || fail "$y SSDA903 SEX is not 1/2"
done
[ "$(tail -n +2 "$WORK/clean/2024-25/ssda903_header.csv" | cut -d, -f2 | sort -u | tr '\n' ' ')" = "F M " ] \
  || fail "2024-25 SSDA903 SEX is not M/F"
for y in 2022-23 2023-24 2024-25; do
  n=$(q "$WORK/s1" "SELECT count(*) FROM finding f JOIN submission s ON s.id = f.submission_id
                    WHERE s.period = '$y' AND f.severity = 'error'")
  [ "$n" = 0 ] || fail "$y has $n error findings under its own rules"
done
# ... and under the wrong year's codes it would not: 2024-25's tables validated as 2023-24 fail
# rule 101 (M/F are not 2023-24 codes), 2023-24's as 2024-25 fail it too (1/2 are not M/F/U).
expect_exit 0 "$SG" validate "$WORK/clean/2024-25"/ssda903_*.csv --year 2025 --format csv
! grep -q ',101,' "$WORK/out" || fail "2024-25 SEX rejected under 2024-25 rules"
expect_exit 0 "$SG" validate "$WORK/clean/2024-25"/ssda903_*.csv --year 2024 --format csv
grep -q ',101,error,' "$WORK/out" || fail "2024-25 SEX codes accepted under 2023-24 rules"
expect_exit 0 "$SG" validate "$WORK/clean/2023-24"/ssda903_*.csv --year 2025 --format csv
grep -q ",101,error,The child or young person's reported sex is not valid." "$WORK/out" \
  || fail "2023-24 SEX codes accepted under 2024-25 rules"
# --year is checked against a census that states its year, and must have a rule set
expect_exit 1 "$SG" validate "$WORK/clean/2024-25/cin_census.xml" --year 2024
grep -q "cin_census.xml:7: ReferenceDate: the file states collection 2024-25 (ReferenceDate 2025-03-31), not the 2023-24 asked for (--year 2024)" "$WORK/err" \
  || { cat "$WORK/err"; fail "year mismatch not refused"; }
expect_exit 1 "$SG" validate "$WORK/clean/2024-25/cin_census.xml" --year 2021
grep -q "no DfE rule set for collection year 2021 (2020-21): this release has 2022-23 to 2025-26" "$WORK/err" \
  || { cat "$WORK/err"; fail "unsupported year not refused"; }
expect_exit 0 "$SG" validate "$WORK/clean/2024-25/cin_census.xml" --year 2025
# Without --year, tables that state no year take the latest year ended before today: on 31 March
# 2027 that is 2025-26, which has a rule set; from 1 April 2027 it is 2026-27, which has none, so
# the validation is refused with a clear error instead of running another year's rules. A census
# states its own year and is unaffected.
SG_TODAY=2027-03-31 expect_exit 0 "$SG" validate "$WORK/clean/2024-25"/ssda903_*.csv
# (validated as 2025-26: the 2024-25 missing episodes now fall outside the year, rule 571)
grep -q "^571 " "$WORK/out" || { cat "$WORK/out"; fail "2025-26 default not used"; }
SG_TODAY=2027-04-01 expect_exit 1 "$SG" validate "$WORK/clean/2024-25"/ssda903_*.csv
grep -q "the file does not state its collection year and --year was not given; the default, the latest year ended before today (2026-27, --year 2027), has no DfE rule set in this release (2022-23 to 2025-26): give --year" "$WORK/err" \
  || { cat "$WORK/err"; fail "unsupported default year not refused"; }
SG_TODAY=2027-04-01 expect_exit 0 "$SG" validate "$WORK/clean/2024-25/cin_census.xml"
ok "each generated year is valid under its own year's rules and codes, not another's"; pass=$((pass+1))

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
