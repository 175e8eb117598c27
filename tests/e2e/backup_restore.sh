#!/usr/bin/env bash
# Backup and restore as an operator meets them (docs/operations.md):
# - a backup taken while `serve` answers logged-in API requests (curl in a bounded loop) and
#   while an import holds its write transaction (SG_TEST_HOLD_BEFORE_COMMIT keeps it there), and
#   one after the import: each restores into a new store whose every table (sqlite3 .dump,
#   sorted) equals the source's at the moment of the backup, and whose audit chain verifies;
# - the backup killed with SIGKILL at 5 moments (SG_TEST_BACKUP_PAUSE_AT=1..5 holds it there, see
#   src/store/backup.c): restore refuses every folder it left, complete-looking or not;
# - restore refuses a changed, a missing and an extra file, naming it, and restores nothing.
source "$(dirname "$0")/lib.bash"
command -v curl >/dev/null || fail "curl not found: run scripts/install-deps.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 not found: run scripts/install-deps.sh"
store="$WORK/store"
pass=0
PID="" LOOP="" IMP="" BK="" bp=""
cleanup() { # errexit off: a killed process's wait status must not stop the cleanup half-way
  set +e
  touch "$WORK/stop" 2>/dev/null
  for p in $IMP $BK $bp; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  if [ -n "$LOOP" ]; then kill "$LOOP" 2>/dev/null; wait "$LOOP" 2>/dev/null; fi
  if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$SG" generate --children 1500 --years 2 --seed 3 --out "$WORK/a" >/dev/null
"$SG" generate --children 1500 --years 1 --seed 4 --end-year 2026 --out "$WORK/b" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --quiet --store "$store" import --manifest "$WORK/a/manifest.json" >/dev/null
for r in case_review audit recommendation; do
  "$SG" --store "$store" register $r import "$WORK/a/registers/$r.csv" --user e2e >/dev/null
done
PW="correct horse battery staple 42"
printf '%s\n' "$PW" | "$SG" --store "$store" user add watcher --role business --password-file - >/dev/null

# dump STORE [SKIP_TABLE...]: every table of the store, each sorted, as sqlite3 .dump lines.
dump() {
  local db=$1/safeguard.db skip=" ${*:2} "
  for t in $(sqlite3 -batch -noheader "$db" "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
    case "$skip" in *" $t "*) continue ;; esac
    echo "== $t"
    sqlite3 -batch "$db" ".dump $t" | { grep '^INSERT' || true; } | sort
  done
}
# Sessions and login state change while the server runs; the audit trail grows with every
# request and every backup: those four are compared separately.
LIVE="session account audit_log audit_head"

# ---- the web service answering logged-in requests in a bounded loop ----
"$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { cat "$WORK/serve.log"; fail "server did not start"; }
BASE="http://127.0.0.1:$(cat "$WORK/port")"
jar="$WORK/jar"
curl -s -o "$WORK/form" -b "$jar" -c "$jar" "$BASE/login"
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$WORK/form" | head -1 | sed 's/.*value="//; s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" -X POST "$BASE/login" \
  --data-urlencode "csrf=$tok" --data-urlencode "username=watcher" --data-urlencode "password=$PW")
[ "$code" = 303 ] || fail "login as watcher: HTTP $code"
( for _ in $(seq 1 1200); do # at most ~2 minutes
    [ -e "$WORK/stop" ] && break
    curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" "$BASE/api/submissions" >>"$WORK/codes" || echo curl-failed >>"$WORK/codes"
    sleep 0.05
  done ) &
LOOP=$!

s0=$(dump "$store" $LIVE | md5sum)
subs0=$(q "$store" "SELECT count(*) FROM submission")

# ---- backup 1: while an import holds its write transaction (all rows written, not committed) ----
cin=$(ls "$WORK"/b/*/cin_census.xml | head -n 1)
marker="$WORK/hold"
SG_TEST_HOLD_BEFORE_COMMIT="$marker" "$SG" --quiet --store "$store" import "$cin" --agency LA \
  --period 2025-26 >"$WORK/import.log" 2>&1 &
IMP=$!
for _ in $(seq 1 6000); do [ -e "$marker" ] && break; kill -0 "$IMP" 2>/dev/null || break; sleep 0.01; done
[ -e "$marker" ] || { cat "$WORK/import.log"; fail "the import did not reach its commit"; }
before=$(wc -l <"$WORK/codes")
# The copy does not wait for the import; the backup's audit entry (a write) waits for its commit.
"$SG" --store "$store" backup "$WORK/b1" >"$WORK/b1.out" 2>"$WORK/b1.err" &
BK=$!
for _ in $(seq 1 6000); do [ -s "$WORK/b1.out" ] && break; kill -0 "$BK" 2>/dev/null || break; sleep 0.01; done
grep -q "^Backed up" "$WORK/b1.out" || { cat "$WORK/b1.err"; fail "backup during the import failed"; }
[ -e "$WORK/b1/MANIFEST" ] || fail "backup 1 reported done without its MANIFEST"
[ -e "$marker" ] || fail "the import committed before the backup ended: not a backup during an import"
rm -f "$marker"
wait "$IMP" || { IMP=""; cat "$WORK/import.log"; fail "the held import failed"; }
IMP=""
wait "$BK" || { BK=""; cat "$WORK/b1.err"; fail "backup 1 exited non-zero (its audit entry)"; }
BK=""
subs1=$(q "$store" "SELECT count(*) FROM submission")
[ "$subs1" = $((subs0 + 1)) ] || fail "the import did not add its submission"
ok "backup while an import held its write lock: $(cat "$WORK/b1.out")"
pass=$((pass+1))

s1=$(dump "$store" $LIVE | md5sum)
# ---- backup 2: after the import, the server still answering ----
"$SG" --store "$store" --json backup "$WORK/b2" >"$WORK/b2.json" || fail "backup 2 failed"
sleep 0.3
touch "$WORK/stop"
wait "$LOOP"; LOOP=""
after=$(wc -l <"$WORK/codes")
served=$(grep -c '^200$' "$WORK/codes" || true)
bad=$(grep -vc '^200$' "$WORK/codes" || true)
[ "$bad" = 0 ] || { sort "$WORK/codes" | uniq -c; fail "$bad requests failed while backing up"; }
[ "$after" -gt "$before" ] || fail "no request was answered during the backups"
kill -TERM "$PID"; rc=0; wait "$PID" || rc=$?; PID=""
[ "$rc" = 0 ] || fail "server exited $rc"
ok "the web service answered all $served API requests (200) around and during both backups"
pass=$((pass+1))

# ---- restore both; compare every table with the source at the moment of its backup ----
"$SG" --store "$WORK/r1" restore "$WORK/b1" >"$WORK/r1.out" || fail "restore of backup 1 failed"
[ "$(dump "$WORK/r1" $LIVE | md5sum)" = "$s0" ] ||
  fail "backup 1 does not hold the store as it was before the import committed"
[ "$(q "$WORK/r1" "SELECT count(*) FROM submission")" = "$subs0" ] || fail "r1 has the uncommitted import"
# the held import's original was already in originals/: kept ("any others present"), harmless
n_orig_b1=$(ls "$WORK/b1/originals" | wc -l)
[ "$n_orig_b1" -ge "$subs0" ] || fail "backup 1 lacks originals ($n_orig_b1 for $subs0 submissions)"
"$SG" --store "$WORK/r1" audit verify >/dev/null || fail "audit verify on r1"
ok "restore 1: every table as before the import (its $subs0 submissions, $n_orig_b1 originals); audit verify passes"
pass=$((pass+1))

"$SG" --store "$WORK/r2" restore "$WORK/b2" >"$WORK/r2.out" || fail "restore of backup 2 failed"
[ "$(dump "$WORK/r2" session audit_log audit_head | md5sum)" = "$(dump "$store" session audit_log audit_head | md5sum)" ] ||
  fail "backup 2 differs from the store"
[ "$(dump "$WORK/r2" $LIVE | md5sum)" = "$s1" ] || fail "backup 2 differs from the store after the import"
# the audit trail: the source's entries up to the backup, then the restore's own
last=$(q "$WORK/r2" "SELECT max(seq) FROM audit_log WHERE action <> 'restore'")
trail() { q "$1" "SELECT seq, at, username, action, object, detail, hex(hash) FROM audit_log WHERE seq <= $last ORDER BY seq"; }
[ "$(trail "$WORK/r2")" = "$(trail "$store")" ] || fail "the restored audit trail differs"
[ "$(q "$WORK/r2" "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")" = restore ] ||
  fail "the restore is not the restored store's last audit entry"
"$SG" --store "$WORK/r2" audit verify >/dev/null || fail "audit verify on r2"
n=$("$SG" --store "$store" audit show --action backup | grep -c "backup  store  to $WORK/b" || true)
[ "$n" = 2 ] || { "$SG" --store "$store" audit show --action backup; fail "the backups are not audited ($n)"; }
ok "restore 2: every table equals the store's ($subs1 submissions), audit trail equal up to the backup; both backups audited with their folder"
pass=$((pass+1))

# ---- kill -9 at 5 moments: nothing restore would accept is ever left ----
for n in 1 2 3 4 5; do
  dest="$WORK/k$n" pm="$WORK/pause$n"
  SG_TEST_BACKUP_PAUSE_AT=$n SG_TEST_BACKUP_PAUSE_MARKER="$pm" "$SG" --store "$store" backup "$dest" \
    >/dev/null 2>&1 &
  bp=$!
  for _ in $(seq 1 3000); do [ -e "$pm" ] && break; kill -0 "$bp" 2>/dev/null || break; sleep 0.01; done
  [ -e "$pm" ] || fail "backup did not reach pause point $n"
  kill -9 "$bp"; wait "$bp" 2>/dev/null || true
  bp=""
  rm -f "$pm"
  left=( "$dest" "$WORK"/.k$n.partial-* )
  found=0
  for d in "${left[@]}"; do
    [ -e "$d" ] || continue
    found=$((found+1))
    [ -e "$d/MANIFEST" ] && fail "kill at $n left $d with a MANIFEST"
    expect_exit 2 "$SG" restore --check "$d"
    grep -q "no MANIFEST" "$WORK/err" || { cat "$WORK/err"; fail "kill at $n: not refused for its MANIFEST"; }
    expect_exit 2 "$SG" --store "$WORK/kr" restore "$d"
    [ -e "$WORK/kr" ] && fail "a refused restore created the store"
    [ -z "$(ls -A "$WORK" | grep '^\.kr\.restore-' || true)" ] || fail "a refused restore left a temporary folder"
  done
  [ "$found" -ge 1 ] || fail "kill at $n left nothing to try"
  case $n in
    5) [ -d "$dest" ] && [ -e "$dest/MANIFEST.partial" ] || fail "kill at 5: DEST should be in place without MANIFEST" ;;
    *) [ ! -e "$dest" ] || fail "kill at $n: DEST exists before the backup finished" ;;
  esac
  ok "SIGKILL at backup step $n: $found folder(s) left, restore refuses each (no MANIFEST)"
  pass=$((pass+1))
done
expect_exit 4 "$SG" --store "$store" backup "$WORK/k5"
grep -q "not empty" "$WORK/err" || fail "backup into the killed backup's folder not refused as non-empty"
"$SG" --store "$store" audit verify >/dev/null || fail "the store's audit trail after the kills"
ok "the store is intact after the kills; a backup into a non-empty folder is refused (exit 4)"
pass=$((pass+1))

# ---- restore refuses a changed, a missing and an extra file, naming it ----
refuse() { # refuse FOLDER NAMED...: restore and restore --check both exit 4 naming it
  expect_exit 4 "$SG" restore --check "$1"
  expect_exit 4 "$SG" --store "$WORK/tr" restore "$1"
  grep -qF "$2" "$WORK/err" || { cat "$WORK/err"; fail "the refusal does not name $2"; }
  [ ! -e "$WORK/tr" ] || fail "a refused restore created the store"
}
cp -a "$WORK/b2" "$WORK/t1"
printf '\x01' | dd of="$WORK/t1/safeguard.db" bs=1 seek=5000 conv=notrunc status=none
refuse "$WORK/t1" "$WORK/t1/safeguard.db"
cp -a "$WORK/b2" "$WORK/t2"
victim=$(ls "$WORK/t2/originals" | head -n 1)
rm "$WORK/t2/originals/$victim"
refuse "$WORK/t2" "$WORK/t2/originals/$victim"
cp -a "$WORK/b2" "$WORK/t3"
echo extra >"$WORK/t3/originals/extra"
refuse "$WORK/t3" "$WORK/t3/originals/extra"
ok "restore refuses a changed database, a missing original and an extra file, naming each (exit 4)"
pass=$((pass+1))
"$SG" restore --check "$WORK/b2" >/dev/null || fail "the untouched backup no longer checks"
echo "$pass passed, 0 failed"
