#!/usr/bin/env bash
# The supersede guard (docs/store.md "Replacing a return"): a return with more than 90% fewer
# accepted rows than the current one it would replace is refused with both counts, nothing
# changes, unless --confirm-replace (audited with who confirmed and both counts); --max-drop
# moves the line. Boundaries computed by hand: against 1000 rows, 100 rows is a drop of exactly
# 90% (allowed: "more than 90%" refuses), 101 rows 89.9% (allowed), 99 rows 90.1% (refused).
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
pass=0
"$SG" --store "$store" init >/dev/null

# police_events FILE N TAG: N event rows, each its own child and date; TAG makes the file's
# content (and so its checksum) unique.
police_events() {
  local f=$1 n=$2 tag=$3 i
  {
    echo "child_la_id,sex,event_ref,event_type,event_date,vpr_type"
    for ((i = 1; i <= n; i++)); do
      printf 'C%05d,F,%s-%d,VPR,2024-%02d-%02d,DA\n' "$i" "$tag" "$i" $((i % 12 + 1)) $((i % 28 + 1))
    done
  } >"$f"
}
imp() { "$SG" --store "$store" import "$@" --agency POLICE --period 2024-25 --format agency/police_events; }
current() { q "$store" "SELECT id || ':' || rows_accepted FROM submission WHERE superseded_by IS NULL"; }
# Every table's row count, and the whole database as SQL: what a refused import must not change.
snapshot() {
  sqlite3 -batch "$store/safeguard.db" .dump | sha256sum
  for t in $(q "$store" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
    echo "$t $(q "$store" "SELECT count(*) FROM \"$t\"")"
  done
}

police_events "$WORK/a1000.csv" 1000 a
imp "$WORK/a1000.csv" >/dev/null
[ "$(current)" = "1:1000" ] || fail "first return: $(current)"

# 99 rows against 1000: (1000 - 99) * 100 = 90100 > 90 * 1000 = 90000, a drop of 90.1%: refused.
police_events "$WORK/b99.csv" 99 b
snapshot >"$WORK/before"
expect_exit 4 imp "$WORK/b99.csv"
grep -q "b99.csv" "$WORK/err" || fail "the refusal does not name the file: $(cat "$WORK/err")"
grep -q "99 accepted rows" "$WORK/err" || fail "the refusal does not give the new count"
grep -q "submission 1 (POLICE 2024-25 agency/police_events), which has 1000" "$WORK/err" \
  || fail "the refusal does not give the old submission and count: $(cat "$WORK/err")"
grep -q "90.10%" "$WORK/err" || fail "the refusal does not give the drop: $(cat "$WORK/err")"
grep -q -- "--confirm-replace" "$WORK/err" || fail "the refusal does not say how to confirm"
snapshot >"$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || { diff "$WORK/before" "$WORK/after" >&2; fail "a refused import changed the store"; }
[ "$(current)" = "1:1000" ] || fail "the old return is no longer current: $(current)"
ok "a drop of 90.1% (1000 -> 99) is refused; the store is unchanged, the old return current"; pass=$((pass+1))

# 100 rows against 1000: 90000 > 90000 is false, exactly 90%: allowed.
police_events "$WORK/c100.csv" 100 c
expect_exit 0 imp "$WORK/c100.csv"
[ "$(current)" = "2:100" ] || fail "exactly 90% should be allowed: $(current)"
ok "a drop of exactly 90% (1000 -> 100) is allowed"; pass=$((pass+1))

# Back to 1000 (a rise is never refused), then 101: 89900 > 90000 is false, 89.9%: allowed.
police_events "$WORK/d1000.csv" 1000 d
expect_exit 0 imp "$WORK/d1000.csv"
police_events "$WORK/e101.csv" 101 e
expect_exit 0 imp "$WORK/e101.csv"
[ "$(current)" = "4:101" ] || fail "a drop of 89.9% should be allowed: $(current)"
ok "a drop of 89.9% (1000 -> 101) is allowed"; pass=$((pass+1))

# Confirmed: 1000 -> 99 goes in with --confirm-replace, and the audit trail says who and both counts.
police_events "$WORK/f1000.csv" 1000 f
expect_exit 0 imp "$WORK/f1000.csv"
police_events "$WORK/g99.csv" 99 g
expect_exit 0 imp "$WORK/g99.csv" --confirm-replace
grep -q "replaces submission 5 (1000 rows accepted) as confirmed" "$WORK/out" || fail "confirmation not reported: $(cat "$WORK/out")"
[ "$(current)" = "6:99" ] || fail "the confirmed return is not current: $(current)"
got=$(q "$store" "SELECT username || '|' || object || '|' || detail FROM audit_log WHERE action = 'confirm_replace'")
want="${USER:-cli}|submission:6|replacement confirmed: submission 5 had 1000 accepted rows, this one 99"
[ "$got" = "$want" ] || fail "confirmation audit: '$got', wanted '$want'"
"$SG" --store "$store" audit verify >/dev/null || fail "the trail does not verify after confirmed imports"
ok "--confirm-replace imports the smaller return and audits who confirmed, 1000 and 99"; pass=$((pass+1))

# --max-drop 95: 1000 -> 99 (90.1%) is allowed; 1000 -> 49 (95.1%) is refused; JSON says what it replaced.
police_events "$WORK/h1000.csv" 1000 h
expect_exit 0 imp "$WORK/h1000.csv"
police_events "$WORK/i49.csv" 49 i
expect_exit 4 imp "$WORK/i49.csv" --max-drop 95
grep -q "more than the 95% allowed" "$WORK/err" || fail "--max-drop not in the message: $(cat "$WORK/err")"
police_events "$WORK/j99.csv" 99 j
expect_exit 0 "$SG" --json --store "$store" import "$WORK/j99.csv" --agency POLICE --period 2024-25 --format agency/police_events --max-drop 95
grep -q '"replaces": 7' "$WORK/out" || fail "JSON does not name the replaced submission: $(cat "$WORK/out")"
grep -q '"replaced_rows": 1000' "$WORK/out" || fail "JSON does not give the replaced rows"
ok "--max-drop 95 allows 90.1% and refuses 95.1%"; pass=$((pass+1))

for bad in 0 101 x 9.5; do
  expect_exit 1 imp "$WORK/a1000.csv" --max-drop "$bad"
done
ok "--max-drop outside 1-100 is a usage error"; pass=$((pass+1))

# Another agency or period is not a replacement: nothing to compare with.
police_events "$WORK/k1.csv" 1 k
expect_exit 0 "$SG" --store "$store" import "$WORK/k1.csv" --agency POLICE --period 2023-24 --format agency/police_events
ok "a return for another period replaces nothing and is not refused"; pass=$((pass+1))

# ---- the partnership setting import.max_drop ('safeguard config', docs/store.md "Settings") ----
cfg() { "$SG" --store "$store" config "$@"; }
expect_exit 0 cfg get import.max_drop
grep -qx "import.max_drop = 90 (default).*" "$WORK/out" || fail "config get before any set: $(cat "$WORK/out")"
audits=$(q "$store" "SELECT count(*) FROM audit_log")
for bad in 0 101 x 9.5 -5 "" " 50" 50x; do
  expect_exit 1 cfg set import.max_drop "$bad"
  grep -q "setting import.max_drop must be a whole number from 1 to 100" "$WORK/err" || fail "config set '$bad': $(cat "$WORK/err")"
done
expect_exit 1 cfg set import.nope 50
grep -q "there is no setting 'import.nope'" "$WORK/err" || fail "unknown setting: $(cat "$WORK/err")"
[ "$(q "$store" "SELECT count(*) FROM setting")" = 0 ] || fail "a refused config set stored a value"
[ "$(q "$store" "SELECT count(*) FROM audit_log")" = "$audits" ] || fail "a refused config set was audited"
ok "config set refuses 0, 101, x, 9.5, -5, '', ' 50', 50x and unknown names; nothing stored or audited"; pass=$((pass+1))

expect_exit 0 cfg set import.max_drop 50
got=$(q "$store" "SELECT username || '|' || role || '|' || object || '|' || detail FROM audit_log WHERE action = 'config_set'")
[ "$got" = "${USER:-cli}|admin|setting:import.max_drop|import.max_drop: 90 -> 50" ] || fail "config set audit: '$got'"
expect_exit 0 cfg get import.max_drop
grep -qx "import.max_drop = 50  (.*" "$WORK/out" || fail "config get after set: $(cat "$WORK/out")"
ok "config set import.max_drop 50 is stored and audited with who, old and new value"; pass=$((pass+1))

# With the setting at 50 (a new period, so a fresh chain of returns): 1000 -> 499 is a drop of
# 50.1% ((1000 - 499) * 100 = 50100 > 50 * 1000): refused; 1000 -> 500, exactly 50%: allowed.
impq() { "$SG" --store "$store" import "$@" --agency POLICE --period 2022-23 --format agency/police_events; }
police_events "$WORK/s1000.csv" 1000 s
expect_exit 0 impq "$WORK/s1000.csv"
police_events "$WORK/t499.csv" 499 t
expect_exit 4 impq "$WORK/t499.csv"
grep -q "a drop of 50.10%, more than the 50% allowed" "$WORK/err" || fail "setting 50 not applied: $(cat "$WORK/err")"
police_events "$WORK/u500.csv" 500 u
expect_exit 0 impq "$WORK/u500.csv"
ok "with import.max_drop 50: a drop of 50.1% is refused, exactly 50% allowed"; pass=$((pass+1))

# The flag still overrides the setting, both ways: --max-drop 60 allows 1000 -> 499 (50.1%);
# --max-drop 10 refuses 1000 -> 899 (10.1%), which the setting (50) would allow.
police_events "$WORK/v1000.csv" 1000 v
expect_exit 0 impq "$WORK/v1000.csv"
expect_exit 0 impq "$WORK/t499.csv" --max-drop 60
police_events "$WORK/w1000.csv" 1000 w
expect_exit 0 impq "$WORK/w1000.csv"
police_events "$WORK/x899.csv" 899 x
expect_exit 4 impq "$WORK/x899.csv" --max-drop 10
grep -q "more than the 10% allowed" "$WORK/err" || fail "--max-drop 10 over the setting: $(cat "$WORK/err")"
ok "--max-drop overrides the setting both ways (60 allows 50.1%, 10 refuses 10.1%)"; pass=$((pass+1))

# A value out of range put into the table by hand is an error, not silently used.
q "$store" "UPDATE setting SET value = 0 WHERE name = 'import.max_drop'" >/dev/null
expect_exit 4 impq "$WORK/x899.csv"
grep -q "the stored setting import.max_drop is 0, outside 1-100" "$WORK/err" || fail "a bad stored value: $(cat "$WORK/err")"
expect_exit 0 cfg set import.max_drop 100
expect_exit 0 impq "$WORK/x899.csv"
ok "a stored value outside 1-100 refuses imports until set again; 100 never refuses"; pass=$((pass+1))
"$SG" --store "$store" audit verify >/dev/null || fail "the trail does not verify after config set"

echo "supersede_guard: $pass checks passed"
