#!/usr/bin/env bash
# What killed imports leave in originals/, and who clears it. SIGKILL at two moments: (1) while
# an original is half written (the fault-injection hook SG_TEST_HOLD_IN_KEEP holds the copy after
# its first chunk): a partial, unlocked temporary file; (2) just before COMMIT
# (SG_TEST_HOLD_BEFORE_COMMIT): a complete original that no submission refers to. Opening the
# store removes the dead temporary file but leaves alone the one a live concurrent import is
# writing; 'store sweep' refuses while that import runs, and afterwards removes the unreferenced
# original, leaving exactly the originals the submissions name, each still readable.
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
pass=0
"$SG" generate --children 40 --years 1 --seed 3 --out "$WORK/p" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" import "$WORK/p/population.csv" --agency ONS --period 2024-25 >/dev/null
cin="$WORK/p/2024-25/cin_census.xml"
pm="$WORK/p/2024-25/police_missing.csv"
temps() { find "$store/originals" -name '.*.tmp-*' | wc -l; }
kept() { find "$store/originals" -name 'k-*' | wc -l; }

# start_held VAR FILE AGENCY: starts an import held by the hook named in VAR; waits for its marker
start_held() {
  local var=$1 file=$2 agency=$3 marker="$WORK/hold.$1"
  rm -f "$marker"
  env "$var=$marker" "$SG" --quiet --store "$store" import "$file" --agency "$agency" \
    --period 2024-25 >"$WORK/held.out" 2>&1 &
  HELD=$!
  for _ in $(seq 1 3000); do
    [ -e "$marker" ] && return 0
    kill -0 "$HELD" 2>/dev/null || { cat "$WORK/held.out" >&2; fail "held import ended early"; }
    sleep 0.01
  done
  fail "the import never reached its hold ($var)"
}

start_held SG_TEST_HOLD_BEFORE_COMMIT "$cin" LA
kill -9 "$HELD"; wait "$HELD" 2>/dev/null || true
[ "$(kept)" = 2 ] || fail "a kill before COMMIT should leave the complete original: $(ls -a "$store/originals")"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 1 ] || fail "the killed import committed"
ok "SIGKILL before COMMIT leaves a complete original that no submission names"; pass=$((pass+1))

start_held SG_TEST_HOLD_IN_KEEP "$pm" POLICE
[ "$(temps)" = 1 ] || fail "no temporary file while the original is being written"
kill -9 "$HELD"; wait "$HELD" 2>/dev/null || true
[ "$(temps)" = 1 ] || fail "the killed writer's temporary file should still be there"
ok "SIGKILL while an original is written leaves a partial temporary file"; pass=$((pass+1))

# Another import starts and holds its own copy half written: opening the store (its own open,
# then a reader's) removes the dead writer's file and never the live one.
dead=$(find "$store/originals" -name '.*.tmp-*')
start_held SG_TEST_HOLD_IN_KEEP "$pm" POLICE
live=$HELD
[ ! -e "$dead" ] || fail "opening the store did not remove the dead writer's temporary file"
[ "$(temps)" = 1 ] || fail "the live import's temporary file is missing: $(ls -a "$store/originals")"
livefile=$(find "$store/originals" -name '.*.tmp-*')
"$SG" --store "$store" status >/dev/null
"$SG" --store "$store" submissions >/dev/null
[ -e "$livefile" ] || fail "opening the store removed a live import's temporary file"
expect_exit 4 "$SG" --store "$store" store sweep
grep -q "import is running" "$WORK/err" || fail "sweep during an import does not say why: $(cat "$WORK/err")"
[ -e "$livefile" ] || fail "a refused sweep touched the live temporary file"
rm -f "$WORK/hold.SG_TEST_HOLD_IN_KEEP"
wait "$live" || { cat "$WORK/held.out" >&2; fail "the concurrent import failed after the sweep"; }
[ "$(q "$store" "SELECT count(*) FROM submission")" = 2 ] || fail "the concurrent import did not land"
[ "$(temps)" = 0 ] || fail "the finished import left a temporary file"
ok "opening the store removes the dead writer's file, not the live import's; sweep waits for it"; pass=$((pass+1))

"$SG" --store "$store" store sweep >"$WORK/sweep"
grep -q "removed 1 left by killed imports (0 unfinished, 1 that no submission refers to)" "$WORK/sweep" ||
  fail "sweep summary: $(cat "$WORK/sweep")"
want=$(q "$store" "SELECT 'k-' || sha256 FROM submission ORDER BY 1" | tr '\n' ' ')
have=$(ls -A "$store/originals" | sort | tr '\n' ' ')
[ "$have" = "$want" ] || fail "originals/ holds '$have', the submissions name '$want'"
for id in $(q "$store" "SELECT id FROM submission"); do
  "$SG" --store "$store" validate "$id" >/dev/null || fail "submission $id's original does not read back"
done
"$SG" --store "$store" --json store sweep >"$WORK/sweep.json"
grep -q '"unreferenced_removed":0' "$WORK/sweep.json" || fail "a second sweep removed something"
ok "store sweep leaves exactly the referenced originals, each readable; a second sweep is a no-op"; pass=$((pass+1))
echo "$pass passed, 0 failed"
