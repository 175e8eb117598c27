#!/usr/bin/env bash
# An import killed part-way with SIGKILL leaves the store exactly as it was, and the same import
# then succeeds in full. Two kill points: (1) mid-import, 0.3 s after it started, while rows are
# being written (an ASan build takes about 2 s for this file); (2) with every row written, just
# before COMMIT. The driver's fault-injection
# hook (SG_TEST_HOLD_BEFORE_COMMIT, see src/store/import.c) holds the commit back until the
# test removes the marker, so both kills are certain to land before the commit.
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
              || '/' || (SELECT count(*) FROM child) || '/' || (SELECT count(*) FROM child_key)"
}
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
  ok "SIGKILL at $landed: store unchanged ($before submissions/referrals/children/keys)"
  pass=$((pass+1))
done

"$SG" --store "$store" import "$cin" --agency LA --period 2024-25 >/dev/null
after_ref=$(q "$store" "SELECT count(*) FROM referral")
[ "$after_ref" -gt 0 ] || fail "re-import after the kills stored nothing"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 2 ] || fail "re-import did not add one submission"
ok "the same import then succeeds in full ($after_ref referrals)"
pass=$((pass+1))
echo "$pass passed, 0 failed"
