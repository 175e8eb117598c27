#!/usr/bin/env bash
# Upgrades (docs/operations.md, "Upgrades"): a store written by an earlier release opens
# with this code and gives byte for byte the same dataset and yearly report as a fresh store into
# which the same input files are imported.
# - tests/fixtures/store-schema6: a store made by commit dedb33f (schema 6 = release 0.1.0) and
#   its input files (scripts/make-store-fixture.sh). A copy is opened with this code; when this
#   code's schema is newer it migrates and must leave backups/pre-upgrade-v6-to-vN-*/ behind,
#   which restores; while 6 is still the latest, opening it must write no backup at all.
# - the forward path made real today: the fixture with migration 6's objects dropped and
#   user_version set to 5 (a store as a schema-5 release would have left it, its data intact)
#   migrates to the latest schema with a pre-upgrade backup that restores to exactly that
#   schema-5 store; its outputs are then compared the same way.
# - the schema-6 store takes the organisations register with no migration, its registers unchanged.
# - a store newer than this code is refused (exit 4) naming both versions, and left unchanged.
# The fresh store is given the fixture's partnership.key, so pseudonyms are the same. The outputs
# embed no import time; the report's traceability lines do name submission ids ("submission 16"),
# which match because the fresh store imports the same manifest in the same order (ids are
# given in import order). So nothing is normalised.
source "$(dirname "$0")/lib.bash"
command -v sqlite3 >/dev/null || fail "sqlite3 not found: run scripts/install-deps.sh"
FX=${SG_TESTS_DIR:?}/fixtures/store-schema6
SRC=${SG_SOURCE_DIR:?}
[ -f "$FX/store/safeguard.db" ] || fail "fixture missing: $FX"
pass=0
latest=$("$SG" --store "$WORK/probe" --json init | sed -n 's/.*"schema_version":\([0-9]*\).*/\1/p')
[ -n "$latest" ] || fail "cannot read this code's schema version"
rm -rf "$WORK/probe"
[ "$(q "$FX/store" "PRAGMA user_version")" = 6 ] || fail "the fixture is not at schema 6"

# outputs STORE OUT: the dataset (JSON) and the yearly report (analyst and public, HTML and JSON)
outputs() {
  mkdir -p "$2"
  "$SG" --store "$1" --quiet dataset --period 2024-25 --format json --out "$2/dataset.json" 2>/dev/null
  "$SG" --store "$1" --quiet dataset --period 2024-25 --public --format json --out "$2/dataset-public.json" 2>/dev/null
  for flag in "" --public; do
    "$SG" --store "$1" --quiet report --year 2024-25 --as-at 2025-03-31 --format html,json \
      --config "$SRC/docs/examples/report/config.json" --narrative "$SRC/docs/examples/report/narrative" \
      --out "$2" $flag >/dev/null
  done
  [ "$(ls "$2" | wc -l)" = 6 ] || fail "outputs of $1: $(ls "$2")"
}
# same A B WHAT: the two output folders are byte-identical
same() {
  for f in "$1"/*; do
    cmp -s "$f" "$2/$(basename "$f")" || fail "$3: $(basename "$f") differs"
  done
}

# ---- the fresh store: the fixture's input files imported by this code ----
fresh="$WORK/fresh"
mkdir -m 700 "$fresh"
cp "$FX/store/partnership.key" "$fresh/"
"$SG" --store "$fresh" init >/dev/null
"$SG" --quiet --store "$fresh" import --manifest "$FX/input/manifest.json" >/dev/null
for reg in $("$SG" register | awk 'NR > 1 && /^  / {print $1}'); do
  [ -f "$FX/input/registers/$reg.csv" ] || continue
  "$SG" --store "$fresh" register "$reg" import "$FX/input/registers/$reg.csv" --user fixture >/dev/null
done
outputs "$fresh" "$WORK/out-fresh"
[ "$(q "$fresh" "SELECT count(*) FROM submission")" = "$(q "$FX/store" "SELECT count(*) FROM submission")" ] ||
  fail "the fresh store has another number of submissions than the fixture"

# ---- the schema-6 store of release 0.1.0 ----
old="$WORK/old"
cp -a "$FX/store" "$old"
"$SG" --store "$old" status >/dev/null || fail "this code cannot open the schema-6 store"
[ "$(q "$old" "PRAGMA user_version")" = "$latest" ] || fail "the schema-6 store was not migrated to $latest"
if [ "$latest" -gt 6 ]; then
  bk=$(ls -d "$old"/backups/pre-upgrade-v6-to-v$latest-* 2>/dev/null | head -n 1)
  [ -n "$bk" ] || fail "no pre-upgrade backup after migrating 6 -> $latest"
  "$SG" --store "$WORK/old-restored" restore "$bk" >/dev/null || fail "the pre-upgrade backup does not restore"
  [ "$(q "$WORK/old-restored" "PRAGMA user_version")" = 6 ] || fail "the pre-upgrade backup is not at schema 6"
  ok "schema 6 -> $latest: pre-upgrade backup $(basename "$bk") restores to schema 6"
else
  [ ! -e "$old/backups" ] || fail "opening an up-to-date store made a backup"
  ok "schema 6 is this code's schema: the store opens, nothing to migrate, no backup taken"
fi
pass=$((pass+1))
"$SG" --store "$old" audit verify >/dev/null || fail "the schema-6 store's audit trail"
outputs "$old" "$WORK/out-old"
same "$WORK/out-old" "$WORK/out-fresh" "schema-6 store vs fresh import"
ok "schema-6 store: dataset and yearly report (analyst and public, HTML and JSON) byte-identical to a fresh import"
pass=$((pass+1))
# Organisations need no migration: the schema-6 store takes the example register, its finance
# records (agency codes, now sectors) export exactly as the fresh store's, and the trail holds.
"$SG" --store "$old" register organisation import "$SRC/docs/formats/examples/register_organisation.csv" \
  --user e2e >"$WORK/out" || fail "the schema-6 store refuses organisations"
grep -q "^organisation: 6 rows: 6 added" "$WORK/out" || fail "organisations: $(cat "$WORK/out")"
for r in finance_contribution finance_expenditure finance_reserve action; do
  cmp -s <("$SG" --store "$old" register $r export) <("$SG" --store "$fresh" register $r export) ||
    fail "$r: the schema-6 store's records differ from a fresh import"
done
# Finance by organisation needs no migration either: the schema-6 records (key year/partner,
# year/category) keep their keys, and the year view's totals are the sums of the stored amounts.
v6=$("$SG" --store "$old" register finance_contribution view year --year 2024)
sum6() { # pounds with thousands separators, as the view writes them
  q "$old" "SELECT CAST(round(sum(json_extract(fields, '\$.amount')) * 100) AS INTEGER)
    FROM register_record WHERE register = '$1' AND json_extract(fields, '\$.year') = '2024-25'" |
    awk '{ p = $1 % 100; s = int($1 / 100) ""; o = "";
           while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
           printf "%s%s.%02d\n", s, o, p }'
}
grep -q "^total contributions  *£$(sum6 finance_contribution) " <<<"$v6" ||
  fail "schema-6 contributions total is not the stored sum $(sum6 finance_contribution)"
grep -q "^total expenditure  *£$(sum6 finance_expenditure) " <<<"$v6" ||
  fail "schema-6 expenditure total is not the stored sum $(sum6 finance_expenditure)"
[ "$(q "$old" "SELECT count(*) FROM register_record WHERE register = 'finance_contribution'
  AND key <> json_extract(fields, '\$.year') || '/' || json_extract(fields, '\$.partner')")" = 0 ] ||
  fail "schema-6 contribution keys are not year/partner"
"$SG" --store "$old" audit verify >/dev/null || fail "the schema-6 store's audit trail after organisations"
ok "schema-6 store: organisations added without a migration; agency codes of its finance and actions unchanged"
pass=$((pass+1))

# ---- a schema-5 store: migration 6 undone by hand (account, session, audit_log, audit_head) ----
v5="$WORK/v5"
cp -a "$FX/store" "$v5"
sqlite3 "$v5/safeguard.db" "DROP TABLE session; DROP TABLE audit_log; DROP TABLE audit_head;
  DROP TABLE account; PRAGMA user_version = 5;"
[ "$(q "$v5" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'audit%' OR name IN ('account', 'session')")" = 0 ] ||
  fail "the schema-5 store still has access objects"
cp -a "$v5" "$WORK/v5-as-made"
"$SG" --store "$v5" status >/dev/null || fail "this code cannot open the schema-5 store"
[ "$(q "$v5" "PRAGMA user_version")" = "$latest" ] || fail "the schema-5 store was not migrated"
[ "$(q "$v5" "SELECT count(*) FROM audit_head")" = 1 ] || fail "migration 6 did not run"
bk=$(ls -d "$v5"/backups/pre-upgrade-v5-to-v$latest-* 2>/dev/null | head -n 1)
[ -n "$bk" ] || fail "no pre-upgrade backup after migrating 5 -> $latest: $(ls "$v5" "$v5/backups" 2>&1)"
"$SG" restore --check "$bk" >/dev/null || fail "the pre-upgrade backup does not check"
"$SG" --store "$WORK/v5-restored" restore "$bk" >/dev/null || fail "the pre-upgrade backup does not restore"
[ "$(q "$WORK/v5-restored" "PRAGMA user_version")" = 5 ] || fail "the restored backup is not at schema 5"
tables() { # every table, sorted rows
  for t in $(q "$1" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
    echo "== $t"; sqlite3 -batch "$1/safeguard.db" ".dump $t" | { grep '^INSERT' || true; } | sort
  done
}
[ "$(tables "$WORK/v5-restored" | md5sum)" = "$(tables "$WORK/v5-as-made" | md5sum)" ] ||
  fail "the pre-upgrade backup is not the schema-5 store as it was"
ok "schema 5 -> $latest in one go: backup $(basename "$bk") restores to the schema-5 store, every table equal"
pass=$((pass+1))
outputs "$v5" "$WORK/out-v5"
same "$WORK/out-v5" "$WORK/out-fresh" "migrated schema-5 store vs fresh import"
ok "migrated schema-5 store: dataset and yearly report byte-identical to a fresh import"
pass=$((pass+1))

# ---- a store newer than this code ----
newer="$WORK/newer"
cp -a "$FX/store" "$newer"
sqlite3 "$newer/safeguard.db" "PRAGMA user_version = $((latest + 1))"
sum=$(sha256sum "$newer/safeguard.db" | cut -d' ' -f1)
expect_exit 4 "$SG" --store "$newer" status
grep -q "the store has schema version $((latest + 1)) but this safeguard (release [0-9.]*) only knows schema versions up to $latest: install a newer safeguard release" "$WORK/err" ||
  { cat "$WORK/err"; fail "the downgrade message does not name both versions and the remedy"; }
[ "$(sha256sum "$newer/safeguard.db" | cut -d' ' -f1)" = "$sum" ] || fail "the newer store was changed"
[ ! -e "$newer/backups" ] || fail "a refused store was backed up"
ok "a schema-$((latest + 1)) store is refused (exit 4): $(sed 's/^safeguard: //' "$WORK/err" | cut -c1-90)..."
pass=$((pass+1))
echo "$pass passed, 0 failed"
