#!/usr/bin/env bash
# Wiping the audit trail with raw sqlite3 on the database (docs/access.md "The genesis entry"),
# as the outside probe did: drop the triggers, delete every entry, reset the head to (0, NULL).
# Before the genesis entry `audit verify` then said "0 entries, chain intact". Now that, and
# the variants (everything but the genesis entry deleted with the head put back to its value
# after init; only the accounts' entries deleted; the cut-back trail with the accounts deleted
# too), all fail verify with exit 4 and a message saying what is missing.
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
pass=0
"$SG" --store "$store" init >/dev/null
head_after_init=$(q "$store" "SELECT hex(mac) FROM audit_head")
expect_exit 0 "$SG" --store "$store" audit verify
grep -q "audit trail verified: 1 entry, chain intact" "$WORK/out" || fail "a new store's trail: $(cat "$WORK/out")"
[ "$(q "$store" "SELECT seq || ' ' || action || ' ' || object || ' ' || detail FROM audit_log WHERE seq = 0")" = \
  "0 audit_genesis audit:genesis trail started: entries=0 accounts=0 submissions=0 register_changes=0" ] || fail "no genesis entry at init"
[ ${#head_after_init} = 64 ] || fail "the head after init is not keyed: '$head_after_init'"
ok "init writes the keyed genesis entry (seq 0) and a keyed head"; pass=$((pass+1))

printf '%s\n' "correct horse battery staple 42" |
  "$SG" --store "$store" user add kim --role business --password-file - >/dev/null
printf 'child_la_id,sex,event_ref,event_type,event_date,vpr_type\nC1,F,E1,VPR,2024-05-01,DA\n' >"$WORK/ev.csv"
"$SG" --store "$store" import "$WORK/ev.csv" --agency POLICE --period 2024-25 >/dev/null
expect_exit 0 "$SG" --store "$store" audit verify
ok "an account and an import later, the trail verifies"; pass=$((pass+1))

# variant STORE-COPY-NAME SQL: a copy of the store with SQL run on it
variant() { rm -rf "$WORK/$1"; cp -a "$store" "$WORK/$1"; sqlite3 "$WORK/$1/safeguard.db" "$2"; }
untrigger="DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_head_no_delete;"

variant wiped "$untrigger DELETE FROM audit_log; UPDATE audit_head SET seq = 0, mac = NULL;"
expect_exit 4 "$SG" --store "$WORK/wiped" audit verify
grep -q "BROKEN at entry 0: the audit trail is empty" "$WORK/err" || fail "the wipe: $(cat "$WORK/err")"
"$SG" --json --store "$WORK/wiped" audit verify >"$WORK/v.json" 2>/dev/null || true
grep -q '"ok":false' "$WORK/v.json" || fail "json verify of the wipe: $(cat "$WORK/v.json")"
# new entries (verify itself, a user added) number from 1 as the probe saw, and still fail
printf '%s\n' "correct horse battery staple 43" |
  "$SG" --store "$WORK/wiped" user add lee --role business --password-file - >/dev/null
[ "$(q "$WORK/wiped" "SELECT min(seq) FROM audit_log")" = 1 ] || fail "the wiped trail was sealed again"
expect_exit 4 "$SG" --store "$WORK/wiped" audit verify
grep -q "no genesis entry" "$WORK/err" || fail "the restarted trail: $(cat "$WORK/err")"
ok "the probe's wipe fails verify (empty), and so does the trail restarted after it (no genesis entry)"; pass=$((pass+1))

variant cutback "$untrigger DELETE FROM audit_log WHERE seq > 0; UPDATE audit_head SET seq = 0, mac = X'$head_after_init';"
expect_exit 4 "$SG" --store "$WORK/cutback" audit verify
grep -q "account 'kim' (id 1) has no entry for its creation" "$WORK/err" || fail "cut back to the genesis entry: $(cat "$WORK/err")"
ok "everything but the genesis entry deleted, the head put back: the account without its entry is named"; pass=$((pass+1))

variant noaccounts "$untrigger DELETE FROM audit_log WHERE seq > 0; UPDATE audit_head SET seq = 0, mac = X'$head_after_init'; DELETE FROM account;"
expect_exit 4 "$SG" --store "$WORK/noaccounts" audit verify
grep -q "submission 1 has no entry for its import" "$WORK/err" || fail "cut back, accounts gone: $(cat "$WORK/err")"
ok "... and with the accounts deleted too, the submission without its entry is named"; pass=$((pass+1))

variant userentries "$untrigger DELETE FROM audit_log WHERE object LIKE 'user:%';"
expect_exit 4 "$SG" --store "$WORK/userentries" audit verify
grep -q "BROKEN at entry 2: audit entry 2 is missing" "$WORK/err" || fail "accounts' entries deleted: $(cat "$WORK/err")"
ok "only the accounts' entries deleted: a gap at entry 2 (kim's)"; pass=$((pass+1))

# Register changes: the CLI (and the web) audit each in the change's own transaction, so a
# store holding only register changes cut back to its genesis entry names the first change.
regs="$WORK/regs"
"$SG" --store "$regs" init >/dev/null
regs_head=$(q "$regs" "SELECT hex(mac) FROM audit_head")
EX="${SG_SOURCE_DIR:?}/docs/formats/examples"
"$SG" --store "$regs" register risk import "$EX/register_risk.csv" >/dev/null
"$SG" --store "$regs" register risk update R-01 next_review_date=2025-08-31 >/dev/null
[ "$(q "$regs" "SELECT count(*) FROM audit_log WHERE action = 'change' AND object IN ('register:risk', 'register:risk:R-01')")" = 2 ] ||
  fail "register import and update not audited"
expect_exit 0 "$SG" --store "$regs" audit verify
first_change=$(q "$regs" "SELECT id || ' (risk ' || key || ')' FROM register_change ORDER BY id LIMIT 1")
sqlite3 "$regs/safeguard.db" "$untrigger DELETE FROM audit_log WHERE seq > 0; UPDATE audit_head SET seq = 0, mac = X'$regs_head';"
expect_exit 4 "$SG" --store "$regs" audit verify
grep -q "register change $first_change has no entry" "$WORK/err" || fail "register changes cut back: $(cat "$WORK/err")"
ok "register changes are audited with the change; cut back, the first change without its entry is named"; pass=$((pass+1))

echo "audit_wipe: $pass checks passed"
