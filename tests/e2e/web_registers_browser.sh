#!/usr/bin/env bash
# Browser test of the registers on the web (tests/browser/web_registers.mjs, Playwright's
# playwright-core driving Debian's /usr/bin/chromium headless, as web_browser.sh): the year
# selector of training, finance, child deaths and Section 11 with the clock in 2026-27 and the
# data ending in 2024-25 (the default is the latest year with data; each earlier year by the
# selector); closing a risk, a case review's rapid-review decision and an action's progress
# update, each with its history shown; one edit done with the keyboard only; screenshots at
# 1280 and 390 px wide (no horizontal page scroll at 390 px); and axe-core (npm) over every page
# visited, failing on any serious or critical violation. The figures the pages must show are
# counted here from the generated CSV files with awk, not by the code under test.
# Without chromium, node, npm or the npm packages (offline, nothing cached) it fails: a test
# never skips.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
browser_tools
shots="$PWD/web_registers_browser"
mkdir -p "$shots"

# the clock in 2026-27; the generated partnership's data ends in 2024-25
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
PW="browser test passphrase 99"
printf '%s\n' "$PW" | "$SG" --store "$store" user add biz1 --role business \
  --password-file - >"$WORK/user.out" 2>&1 || fail "user: $(cat "$WORK/user.out")"

# ---- the figures, from the CSV files ----
# financial year of an ISO date: April onwards is that year's, January-March the year before's
fy_awk='function fy(d,  k) { k = substr(d, 1, 4) + 0; return substr(d, 6, 2) >= "04" ? k : k - 1 }'
# total contributions of a year ("2024-25"), pounds
fin() { awk -F, -v y="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "amount") a = i; next }
  $1 == y { s += $a } END { printf "%.2f", s }' "$gen/finance_contribution.csv"; }
# deaths notified in a financial year (notification_date, column 3)
cd_n() { awk -F, -v y="$1" "$fy_awk"' NR > 1 && $3 != "" && fy($3) == y { n++ } END { print n + 0 }' "$gen/child_death.csv"; }
# training sessions held in a year (session_date, column 3)
tr_n() { awk -F, -v y="$1" "$fy_awk"' NR > 1 && fy($3) == y { n++ } END { print n + 0 }' "$gen/training_session.csv"; }
# agencies with Section 11 scores in a cycle, sorted
s11() { awk -F, -v y="$1" 'NR > 1 && $2 == y { print $1 }' "$gen/s11_score.csv" | sort -u | tr '\n' ' '; }
# the training default: the newest financial year of any date in the training registers that
# is not after 2026-27 (the clock's)
tr_default=$(cat "$gen"/training_*.csv | grep -oE '\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b' |
  awk "$fy_awk"' { f = fy($0); if (f <= 2026 && f > m) m = f } END { printf "%d-%02d", m, (m + 1) % 100 }')
[ "$(fin 2024-25)" != "$(fin 2023-24)" ] || fail "finance totals equal in both years: pick another seed"
[ "$(s11 2024-25)" != "$(s11 2023-24)" ] || fail "Section 11 agencies equal in both cycles: pick another seed"
# an action in progress with a note, and an open risk
action=$(awk -F, 'NR > 1 && $8 == "IN_PROGRESS" && $10 != "" { print $1; exit }' "$gen/action.csv")
old_note=$(awk -F, -v a="$action" '$1 == a { print $10 }' "$gen/action.csv")
[ -n "$action" ] || fail "no action in progress in the generated registers"
grep -q '^R-01,.*,OPEN,' "$gen/risk.csv" || fail "risk R-01 is not open in the generated registers"
grep -q '^CR-2024-01,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,,' "$gen/case_review.csv" ||
  fail "case review CR-2024-01 already has a rapid review in the generated registers"

"$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
pid=$!
trap 'if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || fail "server did not start: $(cat "$WORK/serve.log")"

ln -sfn "$pw/node_modules" "$WORK/node_modules"
cp "$SRC/tests/browser/web_registers.mjs" "$WORK/web_registers.mjs"
BASE="http://127.0.0.1:$(cat "$WORK/port")" USER_NAME=biz1 USER_PASS="$PW" SHOTS="$shots" \
  CHROME="$CHROME" AXE="$AXE" \
  FIN_2425="$(fin 2024-25)" FIN_2324="$(fin 2023-24)" CD_2425="$(cd_n 2024)" CD_2324="$(cd_n 2023)" \
  TR_DEFAULT="$tr_default" TR_2425="$(tr_n 2024)" TR_2324="$(tr_n 2023)" \
  S11_2425="$(s11 2024-25)" S11_2324="$(s11 2023-24)" ACTION="$action" OLD_NOTE="$old_note" \
  timeout 300 "$NODE" "$WORK/web_registers.mjs" || fail "browser flow failed"
for f in 10_finance_default 11_finance_2023 12_child_deaths 13_training 14_section11 \
  20_risk_closed 21_case_review 22_action_history 30_record_390 31_view_390; do
  [ -s "$shots/$f.png" ] || fail "no screenshot $f.png"
done
# the edits went through the register engine: change-log rows by the web user
[ "$(q "$store" "SELECT count(*) FROM register_change WHERE user='biz1' AND register='risk'
     AND key='R-01' AND field='status' AND old_value='OPEN' AND new_value='CLOSED'")" = 1 ] ||
  fail "closing the risk is not in the change log"
[ "$(q "$store" "SELECT new_value FROM register_change WHERE user='biz1' AND register='case_review'
     AND key='CR-2024-01' AND field='decision'")" = LOCAL_REVIEW ] ||
  fail "the case review decision is not in the change log"
# three edits: the risk, the case review, the action
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE username='biz1' AND action='change'")" = 3 ] ||
  fail "the edits are not audited"
kill -TERM $pid; wait $pid || fail "server did not stop cleanly"
pid=""
ok "registers on the web: year selector, edits with history, keyboard, 390 px, axe; screenshots in $shots"
