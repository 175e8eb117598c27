#!/usr/bin/env bash
# The user and audit verbs as an administrator meets them: passwords from stdin or a file and
# never from the command line, stored only as Argon2id hashes; list, disable and reset; the
# audit trail shown with filters and verified; a store tampered with by hand makes verify fail
# naming the first bad entry.
source "$(dirname "$0")/lib.bash"
export USER=e2e-admin
store="$WORK/store"
pass=0
"$SG" --store "$store" init >/dev/null

echo "a rather long passphrase" | "$SG" --store "$store" user add mary --role analyst >"$WORK/add"
grep -q "added user mary (analyst)" "$WORK/add" || fail "add did not confirm"
grep -q "otpauth://totp/safeguard:mary?secret=" "$WORK/add" || fail "analyst not enrolled for TOTP"
# The QR code printed with it decodes (zbarimg, from zbar-tools) to the URI printed, with SHA1.
command -v zbarimg >/dev/null || fail "zbarimg is missing (scripts/install-deps.sh installs zbar-tools)"
uri=$(sed -n 's/^  uri:    //p' "$WORK/add")
case "$uri" in *"&algorithm=SHA1&digits=6&period=30") ;; *) fail "URI is not SHA1/6/30: $uri" ;; esac
python3 - "$WORK/add" "$WORK/qr.pbm" <<'PY'
import sys
# UTF-8 half blocks back to modules: each character is two rows (top, bottom); a block half is a
# light module. Scaled 4x with a white border, as a plain PBM (1 = black).
cells = {"\u2588": (0, 0), "\u2580": (0, 1), "\u2584": (1, 0), " ": (1, 1)}
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
qr = [l for l in lines if l and set(l) <= set(cells) and "\u2588" in l]
rows = []
for l in qr:
    rows.append([cells[c][0] for c in l]); rows.append([cells[c][1] for c in l])
S, B = 4, 8
w = len(rows[0]) * S + 2 * B; h = len(rows) * S + 2 * B
with open(sys.argv[2], "w") as f:
    f.write("P1\n%d %d\n" % (w, h))
    for y in range(h):
        ry = (y - B) // S
        f.write(" ".join(str(rows[ry][(x - B) // S]) if 0 <= y - B < len(rows) * S and 0 <= x - B < len(rows[0]) * S else "0" for x in range(w)) + "\n")
PY
decoded=$(zbarimg --quiet --raw "$WORK/qr.pbm" 2>/dev/null) || fail "zbarimg could not read the QR code"
[ "$decoded" = "$uri" ] || fail "the QR code says '$decoded', the URI is '$uri'"
ok "user add prints a QR code that decodes to the otpauth:// URI (algorithm=SHA1)"; pass=$((pass+1))
printf 'police data owner pw\n' >"$WORK/pw"
"$SG" --store "$store" user add pc.jones --role agency --agency POLICE --password-file "$WORK/pw" --no-totp >/dev/null
"$SG" --store "$store" --json user add bea --role business --password-file - <"$WORK/pw" >"$WORK/bea.json"
grep -q '"username":"bea","role":"business"' "$WORK/bea.json" || fail "json add output"
[ "$(q "$store" "SELECT count(*) FROM account")" = 3 ] || fail "three accounts expected"
[ "$(q "$store" "SELECT count(*) FROM account WHERE password_hash GLOB '\$argon2id\$*'")" = 3 ] || fail "hashes are not Argon2id"
[ "$(q "$store" "SELECT count(*) FROM account WHERE totp_secret IS NOT NULL")" = 1 ] || fail "only mary has a second factor"
"$SG" --store "$store" status >/dev/null # a checkpoint of sorts; then look for the password in the files
if grep -a -q "rather long passphrase\|police data owner" "$store"/safeguard.db* ; then fail "a password is in the store files"; fi
ok "add takes passwords from stdin and files and stores only Argon2id hashes"; pass=$((pass+1))

expect_exit 1 "$SG" --store "$store" user add eve --role analyst --password "a rather long passphrase"
grep -q "not taken on the command line" "$WORK/err" || fail "--password not refused clearly"
echo "short" | { expect_exit 1 "$SG" --store "$store" user add eve --role analyst; }
grep -q "12 to 256" "$WORK/err" || fail "short password not explained"
echo "a rather long passphrase" | { expect_exit 1 "$SG" --store "$store" user add eve --role agency; }
grep -q "agency" "$WORK/err" || fail "agency role without --agency not explained"
echo "a rather long passphrase" | { expect_exit 1 "$SG" --store "$store" user add eve --role root; }
echo "a rather long passphrase" | { expect_exit 4 "$SG" --store "$store" user add mary --role analyst; }
grep -q "already exists" "$WORK/err" || fail "duplicate not explained"
expect_exit 3 "$SG" --store "$store" user disable nobody
expect_exit 1 "$SG" --store "$store" user frobnicate x
[ "$(q "$store" "SELECT count(*) FROM account")" = 3 ] || fail "a refused add changed the accounts"
ok "bad input gives the documented exit codes and changes nothing"; pass=$((pass+1))

"$SG" --store "$store" user list >"$WORK/list"
grep -Eq "^mary +analyst +- +active +yes" "$WORK/list" || fail "mary not listed as active with TOTP"
grep -Eq "^pc.jones +agency +POLICE +active +NO" "$WORK/list" || fail "pc.jones not listed with agency and missing TOTP"
grep -q "(3 users)" "$WORK/list" || fail "count line"
"$SG" --store "$store" user disable pc.jones >/dev/null
"$SG" --store "$store" --json user list >"$WORK/list.json"
grep -q '"username":"pc.jones","role":"agency","agency":"POLICE","state":"disabled"' "$WORK/list.json" || fail "disabled not shown in json list"
[ "$(q "$store" "SELECT disabled FROM account WHERE username='pc.jones'")" = 1 ] || fail "not disabled in the store"
old=$(q "$store" "SELECT password_hash FROM account WHERE username='pc.jones'")
echo "a brand new passphrase" | "$SG" --store "$store" user reset pc.jones >"$WORK/reset"
grep -q "reset pc.jones" "$WORK/reset" || fail "reset did not confirm"
[ "$(q "$store" "SELECT disabled || '/' || failed || '/' || locked_until FROM account WHERE username='pc.jones'")" = "0/0/0" ] || fail "reset did not re-enable and unlock"
[ "$(q "$store" "SELECT password_hash FROM account WHERE username='pc.jones'")" != "$old" ] || fail "reset kept the old hash"
ok "list shows role, agency, state and TOTP; disable and reset change the account"; pass=$((pass+1))

"$SG" --store "$store" user totp pc.jones >"$WORK/totp"
grep -q "secret: [A-Z2-7]\{32\}$" "$WORK/totp" || fail "totp secret not shown"
[ "$(q "$store" "SELECT count(*) FROM account WHERE totp_secret IS NOT NULL")" = 2 ] || fail "enrol did not store"
ok "user totp enrols and shows the secret once"; pass=$((pass+1))

"$SG" --store "$store" audit show >"$WORK/all"
grep -Eq '^ +[0-9]+  20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z  e2e-admin' "$WORK/all" ||
  fail "audit show: no UTC time after the sequence number"
grep -Eq '"created":"20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z"' "$WORK/list.json" ||
  fail "user list --json: created is not a UTC time"
grep -q "e2e-admin (admin)  user  user:mary  added with role analyst" "$WORK/all" || fail "add not in the trail"
grep -q "user:pc.jones  disabled; sessions ended" "$WORK/all" || fail "disable not in the trail"
"$SG" --store "$store" audit show --object user:pc >"$WORK/pc"
[ "$(grep -c "user:pc.jones" "$WORK/pc")" = 4 ] || fail "object prefix filter: want add, disable, reset, totp"
grep -q "(4 entries)" "$WORK/pc" || fail "object filter count"
"$SG" --store "$store" audit show --action view --user e2e-admin >"$WORK/views"
grep -q "view  users  user list" "$WORK/views" || fail "user list was not audited"
"$SG" --store "$store" --json audit show --limit 1 >"$WORK/last.json"
grep -q '^\[{"seq":[0-9]*,"time":"[0-9T:Z-]*","at":[0-9]*,"user":"e2e-admin","role":"admin","action":"view","object":"audit"' "$WORK/last.json" || fail "limit 1 is not the newest entry (the previous show)"
"$SG" --store "$store" audit show --from 2000-01-01 --to 2000-01-02 >"$WORK/none"
grep -q "(0 entries)" "$WORK/none" || fail "date filter"
expect_exit 1 "$SG" --store "$store" audit show --from 2024-02-30
expect_exit 1 "$SG" --store "$store" audit show --limit 0
expect_exit 1 "$SG" --store "$store" audit verify --user mary
expect_exit 1 "$SG" --store "$store" audit frobnicate
ok "audit show filters by user, object, action, date and limit"; pass=$((pass+1))

expect_exit 0 "$SG" --store "$store" audit verify
grep -q "audit trail verified: [0-9]* entries, chain intact" "$WORK/out" || fail "verify output"
"$SG" --store "$store" --json audit verify >"$WORK/v.json"
grep -q '"ok":true' "$WORK/v.json" || fail "json verify"
ok "audit verify passes on an untouched store"; pass=$((pass+1))

# Someone with the database file edits an entry, going round the append-only triggers.
sqlite3 "$store/safeguard.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail='added with role business' WHERE seq=1"
expect_exit 4 "$SG" --store "$store" audit verify
grep -q "BROKEN at entry 1" "$WORK/err" || fail "edit not reported at entry 1"
"$SG" --store "$store" --json audit verify >"$WORK/bad.json" 2>/dev/null || true
grep -q '"ok":false,"checked":1,"first_bad":1' "$WORK/bad.json" || fail "json verify of a broken trail"
ok "an edited entry makes audit verify exit 4 naming it"; pass=$((pass+1))

store2="$WORK/store2"
"$SG" --store "$store2" init >/dev/null
for u in u1 u2 u3; do "$SG" --store "$store2" user add $u --role business --password-file "$WORK/pw" >/dev/null; done
sqlite3 "$store2/safeguard.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq=2"
expect_exit 4 "$SG" --store "$store2" audit verify
grep -q "entry 2 is missing" "$WORK/err" || fail "deletion not reported"
ok "a deleted entry makes audit verify exit 4"; pass=$((pass+1))

echo "$pass checks passed"
