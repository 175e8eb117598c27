#!/usr/bin/env bash
# An import killed part-way (SIGKILL while its transaction is writing) leaves the store exactly
# as it was, and the same import then succeeds in full.
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
"$SG" generate --children 60000 --years 1 --seed 7 --out "$WORK/p" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" import "$WORK/p/population.csv" --agency ONS --period 2024-25 >/dev/null
cin=$(ls "$WORK"/p/*/cin_census.xml | head -n 1)
before_subs=$(q "$store" "SELECT count(*) FROM submission")
before_ref=$(q "$store" "SELECT count(*) FROM referral")
before_child=$(q "$store" "SELECT count(*) FROM child")

killed=0
for attempt in 1 2 3; do
  "$SG" --quiet --store "$store" import "$cin" --agency LA --period 2024-25 >/dev/null 2>&1 &
  pid=$!
  # Wait until the transaction has spilled pages into the WAL, i.e. it is mid-write.
  for _ in $(seq 1 2000); do
    sz=$(stat -c %s "$store/safeguard.db-wal" 2>/dev/null || echo 0)
    [ "$sz" -gt 65536 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  if kill -9 "$pid" 2>/dev/null; then killed=1; wait "$pid" 2>/dev/null || true; break; fi
  wait "$pid" 2>/dev/null || true
  # The import finished before we could kill it: undo by starting from a fresh store copy.
  fail "the import finished before it could be killed (attempt $attempt); make the input larger"
done
[ "$killed" = 1 ] || fail "never killed the import"
ok "import killed mid-transaction"

[ "$(q "$store" "PRAGMA integrity_check")" = "ok" ] || fail "integrity check failed"
[ "$(q "$store" "SELECT count(*) FROM submission")" = "$before_subs" ] || fail "a submission survived the kill"
[ "$(q "$store" "SELECT count(*) FROM referral")" = "$before_ref" ] || fail "referrals survived the kill"
[ "$(q "$store" "SELECT count(*) FROM child")" = "$before_child" ] || fail "children survived the kill"
ok "store unchanged after the kill (submissions $before_subs, referrals $before_ref)"

"$SG" --store "$store" import "$cin" --agency LA --period 2024-25 >/dev/null
after_ref=$(q "$store" "SELECT count(*) FROM referral")
[ "$after_ref" -gt "$before_ref" ] || fail "re-import after the kill stored nothing"
[ "$(q "$store" "SELECT count(*) FROM submission")" = "$((before_subs + 1))" ] || fail "re-import did not add one submission"
ok "the same import then succeeds ($after_ref referrals)"
echo "3 passed, 0 failed"
