#!/usr/bin/env bash
# An import killed part-way with SIGKILL leaves the store exactly as it was, and the same import
# then succeeds in full. Two kill points: (1) mid-import, 0.3 s after it started, while rows are
# being written (an ASan build takes about 2 s for this file); (2) with every row written, just
# before COMMIT. The driver's fault-injection
# hook (SG_TEST_HOLD_BEFORE_COMMIT, see src/store/import.c) holds the commit back until the
# test removes the marker, so both kills are certain to land before the commit.
# The CIN file is over 4 MiB and goes into empty record tables, so the import takes its bulk
# path (secondary indexes dropped and rebuilt inside the transaction): a kill must leave every
# index in place, and a duplicate of a bulk file must stop and change nothing.
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
marker="$WORK/hold"
pass=0
"$SG" generate --children 60000 --years 1 --seed 7 --out "$WORK/p" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" import "$WORK/p/population.csv" --agency ONS --period 2024-25 >/dev/null
cin=$(ls "$WORK"/p/*/cin_census.xml | head -n 1)
snapshot() {
  q "$store" "SELECT (SELECT count(*) FROM submission) || '/' || (SELECT count(*) FROM referral)
              || '/' || (SELECT count(*) FROM child) || '/' || (SELECT count(*) FROM child_key)
              || '/' || (SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL)"
  q "$store" "SELECT name || ':' || sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
              ORDER BY name" | md5sum | cut -c1-8
}
[ "$(stat -c %s "$cin")" -ge $((4 << 20)) ] || fail "the CIN file is under 4 MiB: the bulk path is not exercised"
indexes=$(q "$store" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
before=$(snapshot)

# kill_at POINT: start the import and SIGKILL it at POINT ("write" or "commit").
kill_at() {
  rm -f "$marker"
  SG_TEST_HOLD_BEFORE_COMMIT="$marker" \
    "$SG" --quiet --store "$store" import "$cin" --agency LA --period 2024-25 >/dev/null 2>&1 &
  local pid=$! landed="" ticks=0
  for _ in $(seq 1 6000); do
    if [ -e "$marker" ]; then landed=commit; break; fi
    ticks=$((ticks+1))
    if [ "$1" = write ] && [ "$ticks" -ge 30 ]; then landed=write; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  [ -n "$landed" ] || fail "the import ended before it could be killed"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  rm -f "$marker"
  echo "$landed"
}

for point in write commit; do
  landed=$(kill_at "$point")
  [ "$landed" = "$point" ] || echo "note: aimed at $point, landed at $landed (a fast machine)"
  [ "$(q "$store" "PRAGMA integrity_check")" = "ok" ] || fail "integrity check failed after a kill at $landed"
  [ "$(snapshot)" = "$before" ] || fail "kill at $landed changed the store: $(snapshot) vs $before"
  ok "SIGKILL at $landed: store unchanged ($(echo $before | tr ' ' '/') submissions/referrals/children/keys/indexes/index digest)"
  pass=$((pass+1))
done

"$SG" --store "$store" import "$cin" --agency LA --period 2024-25 >/dev/null
after_ref=$(q "$store" "SELECT count(*) FROM referral")
[ "$after_ref" -gt 0 ] || fail "re-import after the kills stored nothing"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 2 ] || fail "re-import did not add one submission"
[ "$(q "$store" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")" = "$indexes" ] ||
  fail "the bulk import did not rebuild every index it dropped"
ok "the same import then succeeds in full ($after_ref referrals), every index rebuilt"
pass=$((pass+1))

full=$(snapshot)
"$SG" --store "$store" import "$cin" --agency LA --period 2024-25 >"$WORK/dup" 2>&1
grep -q "already imported" "$WORK/dup" || { cat "$WORK/dup" >&2; fail "a duplicate bulk file was not reported"; }
[ "$(snapshot)" = "$full" ] || fail "a duplicate bulk file changed the store"
ok "the same file again is a duplicate and changes nothing"
pass=$((pass+1))
echo "$pass passed, 0 failed"
