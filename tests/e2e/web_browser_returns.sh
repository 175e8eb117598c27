#!/usr/bin/env bash
# Browser test of partner returns (tests/browser/returns_flow.mjs): an agency data owner, keyboard
# only, logs in with TOTP, downloads its return's template, sends the return through the form
# with one bad value, sees the error beside the field, corrects it and sees it received, and the
# business unit's dashboard shows the value with its commentary; axe-core
# checks each page; screenshots at desktop and phone widths in ./web_browser_returns/ of the
# build tree. playwright-core and axe-core come from the npm caches scripts/install-deps.sh fills
# (installed here when missing); without chromium, node or npm the test fails (never skips).
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
browser_tools
shots="$PWD/web_browser_returns"
mkdir -p "$shots"

store="$WORK/store"
"$SG" --store "$store" init >/dev/null
cat >"$WORK/orgs.csv" <<'CSV'
short_name,name,sector,membership
COUNCIL,Synthshire County Council,CSC,STATUTORY_PARTNER
POLICE,Synthshire Constabulary,POLICE,STATUTORY_PARTNER
CSV
"$SG" --store "$store" register organisation import "$WORK/orgs.csv" >/dev/null
"$SG" --store "$store" register measure import "$SRC/docs/formats/examples/register_measure.csv" >/dev/null
cat >"$WORK/commentary.csv" <<'CSV'
measure,period,organisation,narrative,challenge,response
da_referrals_children,2024-Q1,POLICE,Referrals rose after the new risk assessment was rolled out.,,
CSV
"$SG" --store "$store" register commentary import "$WORK/commentary.csv" >/dev/null
PW="browser test passphrase 99"
printf '%s\n' "$PW" | "$SG" --store "$store" user add bu1 --role business \
  --password-file - >"$WORK/bu.out" 2>&1 || fail "user add bu1: $(cat "$WORK/bu.out")"
printf '%s\n' "$PW" | "$SG" --store "$store" user add police1 --role agency --agency POLICE \
  --password-file - >"$WORK/user.out" 2>&1 || fail "user add: $(cat "$WORK/user.out")"
secret=$(grep -oE 'secret=[A-Z2-7]{16,}' "$WORK/user.out" | head -1 | sed 's/^secret=//')
[ -n "$secret" ] || fail "no TOTP secret printed: $(cat "$WORK/user.out")"

"$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
pid=$!
trap 'if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || fail "server did not start: $(cat "$WORK/serve.log")"

ln -sfn "$pw/node_modules" "$WORK/node_modules"
cp "$SRC/tests/browser/returns_flow.mjs" "$WORK/returns_flow.mjs"
BASE="http://127.0.0.1:$(cat "$WORK/port")" USER_NAME=police1 USER_PASS="$PW" TOTP_SECRET="$secret" \
  BU_NAME=bu1 BU_PASS="$PW" \
  SHOTS="$shots" CHROME="$CHROME" AXE="$AXE" \
  timeout 300 "$NODE" "$WORK/returns_flow.mjs" || fail "browser flow failed"
for f in 10_returns 11_form 12_form_error 13_accepted 14_calendar 15_dashboard; do
  for w in desktop phone; do [ -s "$shots/${f}_$w.png" ] || fail "no screenshot ${f}_$w.png"; done
done
# what the browser sent is stored as typed
[ "$(q "$store" "SELECT group_concat(breakdown || '=' || value, ' ') FROM (SELECT * FROM live_partner_value ORDER BY line)")" = "HIGH=41.0 MEDIUM_LOW=120.0" ] ||
  fail "stored: $(q "$store" "SELECT breakdown, value FROM partner_value")"
kill -TERM $pid; wait $pid || fail "server did not stop cleanly"
pid=""
ok "partner return through the browser, keyboard only, axe-clean; screenshots in $shots"
