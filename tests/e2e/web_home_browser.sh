#!/usr/bin/env bash
# Browser test of the home page ("what needs you") and the dashboard summary
# (tests/browser/web_home.mjs, Playwright's playwright-core driving Debian's /usr/bin/chromium
# headless, as web_registers_browser.sh): each role's home at 1280 and 390 px (screenshots, no
# horizontal page scroll at 390 px, axe-core with no serious or critical violation), the agency
# data owner seeing its own actions only, the public no list; the dashboard's RAG summary and the
# "red and amber only" filter keeping the period. The figures the pages must show are counted
# here from the generated CSV files and the targets written below, not by the code under test.
# Without chromium, node, npm or the npm packages it fails: a test never skips.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
browser_tools
need_tool python3
shots="$PWD/web_home_browser"
mkdir -p "$shots"

export SG_TODAY=2026-07-01
store="$WORK/store"
gen="$WORK/gen/registers"
"$SG" generate --children 300 --years 2 --seed 7 --end-year 2025 --out "$WORK/gen" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" --quiet import --manifest "$WORK/gen/manifest.json" >/dev/null
for reg in $("$SG" register | awk 'NR > 1 && /^  / {print $1}'); do
  "$SG" --store "$store" --quiet register "$reg" import "$gen/$reg.csv" --user setup >/dev/null ||
    fail "import of register $reg"
done
# targets that fix the ratings by the values shown: assessments of re-referrals within 45
# working days (higher is better) below a target of 100 and at least 100 - 100 are amber; ICPCs
# within 15 working days (higher is better) at or above 0% are green; re-referrals (lower is
# better) above a target of 0 with no tolerance are red
cat >"$WORK/targets.csv" <<'CSV'
indicator,year,target,tolerance
ass_45wd_ref_pct,2024-25,100,100
icpc_15wd_pct,2024-25,0,0
rereferrals_pct,2024-25,0,0
CSV
"$SG" --store "$store" --quiet dataset targets "$WORK/targets.csv" >/dev/null || fail "targets"
PW="browser test passphrase 99"
declare -A SECRET
adduser() { # adduser NAME ROLE [AGENCY]
  local extra=()
  [ -n "${3:-}" ] && extra=(--agency "$3")
  printf '%s\n' "$PW" | "$SG" --store "$store" user add "$1" --role "$2" "${extra[@]}" \
    --password-file - >"$WORK/user_$1.out" 2>&1 || fail "user add $1: $(cat "$WORK/user_$1.out")"
  SECRET[$1]=$(grep -oE 'secret=[A-Z2-7]{16,}|\b[A-Z2-7]{32}\b' "$WORK/user_$1.out" | head -1 | sed 's/^secret=//') || true
}
adduser admin1 admin
adduser analyst1 analyst
adduser biz1 business
adduser health1 agency HEALTH
adduser exec1 executive
adduser scrut1 scrutineer

# ---- the figures, from the CSV files ----
# open actions past their due date on 2026-07-01: HEALTH's, and every other agency's references
acts() { python3 - "$gen/action.csv" "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
if sys.argv[2] == "agency_overdue":
    print(sum(1 for r in rows if r["owner_agency"] == "HEALTH" and r["status"] in ("NOT_STARTED", "IN_PROGRESS") and r["due_date"] < "2026-07-01"))
else:
    print(" ".join(r["action_ref"] for r in rows if r["owner_agency"] != "HEALTH"))
PY
}
agency_overdue=$(acts agency_overdue)
other_actions=$(acts other)
[ "$agency_overdue" -gt 0 ] || fail "no overdue HEALTH action in the generated registers: pick another seed"

"$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
pid=$!
trap 'if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || fail "server did not start: $(cat "$WORK/serve.log")"

ln -sfn "$pw/node_modules" "$WORK/node_modules"
cp "$SRC/tests/browser/web_home.mjs" "$WORK/web_home.mjs"
BASE="http://127.0.0.1:$(cat "$WORK/port")" USER_PASS="$PW" SHOTS="$shots" \
  CHROME="$CHROME" AXE="$AXE" \
  SECRET_admin1="${SECRET[admin1]}" SECRET_analyst1="${SECRET[analyst1]}" \
  SECRET_health1="${SECRET[health1]}" AGENCY_OVERDUE="$agency_overdue" OTHER_ACTIONS="$other_actions" \
  timeout 300 "$NODE" "$WORK/web_home.mjs" || fail "browser flow failed"
for r in public admin1 analyst1 biz1 health1 exec1 scrut1; do
  for w in 1280 390; do [ -s "$shots/home_${r}_$w.png" ] || fail "no screenshot home_${r}_$w.png"; done
done
for f in dashboard_all dashboard_red_amber dashboard_red_amber_390; do
  [ -s "$shots/$f.png" ] || fail "no screenshot $f.png"
done
kill -TERM $pid; wait $pid || fail "server did not stop cleanly"
pid=""
ok "home page per role and the dashboard summary in a browser: scoped, 390 px, axe; screenshots in $shots"
