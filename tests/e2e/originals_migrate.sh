#!/usr/bin/env bash
# A store made before keyed names (tests/fixtures/orig-store-v6, schema 6) opened by this
# safeguard: it migrates, every original is renamed to k-<keyed digest>, and no plaintext
# SHA-256 of an imported file is left anywhere in the store folder - neither in a file (grep -r
# over the database and originals) nor in a name. The one exception is the automatic
# pre-upgrade backup under backups/, which is the store exactly as the old release left it
# (old names included) so that it can be restored to that release; docs/operations.md tells the
# operator to move it off the server once the upgrade is checked. The returns still validate
# from their originals, and the same file imported again is still a duplicate.
source "$(dirname "$0")/lib.bash"
fx="${SG_TESTS_DIR:?}/fixtures/orig-store-v6"
store="$WORK/store"
mkdir -p "$store/originals"
cp "$fx/safeguard.db" "$fx/partnership.key" "$store/"
cp "$fx"/originals/* "$store/originals/"
chmod 600 "$store/partnership.key"
pass=0
shas=$(sha256sum "$fx"/plain/* | cut -c1-64)
for h in $shas; do [ -e "$store/originals/$h" ] || fail "fixture has no original named $h"; done
grep -rlq "$(echo "$shas" | head -n1)" "$store" || fail "the fixture database should hold a plaintext SHA-256"

"$SG" --store "$store" status >/dev/null
[ "$(q "$store" "PRAGMA user_version")" -ge 8 ] || fail "not migrated"
bk=$(ls -d "$store"/backups/pre-upgrade-v6-to-v* 2>/dev/null | head -n1)
[ -n "$bk" ] || fail "no pre-upgrade backup was taken"
for h in $shas; do
  if grep -rq --exclude-dir=backups "$h" "$store"; then
    fail "plaintext SHA-256 $h is still in $(grep -rl --exclude-dir=backups "$h" "$store")"
  fi
  if ls -a "$store/originals" | grep -q "$h"; then fail "an original is still named $h"; fi
done
[ "$(ls -A "$store/originals" | grep -c '^k-[0-9a-f]\{64\}$')" = 3 ] || fail "originals not renamed: $(ls -A "$store/originals")"
ok "the old store migrates; no plaintext SHA-256 in the folder's files or names"; pass=$((pass+1))

for id in 1 2 3; do "$SG" --store "$store" validate "$id" >/dev/null || fail "submission $id does not read back"; done
"$SG" --store "$store" import "$fx/plain/cin_census.xml" --agency LA --period 2024-25 >"$WORK/dup"
grep -q "already imported as submission 2" "$WORK/dup" || fail "duplicate not detected after migration: $(cat "$WORK/dup")"
ok "the originals read back and a re-import is still a duplicate"; pass=$((pass+1))
echo "$pass passed, 0 failed"
