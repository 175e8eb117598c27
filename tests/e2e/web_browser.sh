#!/usr/bin/env bash
# Browser test of the web service (tests/browser/web_flow.mjs): Playwright's playwright-core
# (installed from npm into a cache folder on first use: $SG_PLAYWRIGHT_DIR, default
# ~/.cache/safeguard/playwright) drives /usr/bin/chromium headless against `safeguard serve` on a
# generated partnership: log in with TOTP, upload a return with errors and see them, view the
# dashboard, open an overdue action; an executive's navigation has no Reconciliation link.
# Screenshots are kept in ./web_browser/ of the test's working directory (the build tree).
# Without chromium, node, npm or the npm package (offline, nothing cached) it fails: a test
# never skips (CHROME, NODE and NPM name the tools).
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
EX="$SRC/docs/formats/examples"
browser_tools
shots="$PWD/web_browser"
mkdir -p "$shots"

store="$WORK/store"
"$SG" generate --children 800 --years 2 --seed 7 --end-year 2025 --out "$WORK/gen" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" --quiet import --manifest "$WORK/gen/manifest.json" >/dev/null
for r in case_review audit recommendation action; do
  "$SG" --store "$store" register $r import "$EX/register_$r.csv" >/dev/null
done
PW="browser test passphrase 99"
  printf '%s\n' "$PW" | "$SG" --store "$store" user add admin1 --role admin \
    --password-file - >"$WORK/user.out" 2>&1
printf '%s\n' "$PW" | "$SG" --store "$store" user add exec1 --role executive \
  --password-file - >"$WORK/exec.out" 2>&1 || fail "exec user: $(cat "$WORK/exec.out")"
secret=$(grep -oE 'secret=[A-Z2-7]{16,}|\b[A-Z2-7]{32}\b' "$WORK/user.out" | head -1 | sed 's/^secret=//')
[ -n "$secret" ] || fail "no TOTP secret printed: $(cat "$WORK/user.out")"
cat >"$WORK/bad_return.csv" <<'CSV'
child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,end_date,return_interview_offered,return_interview_accepted
C200,F,2011-03-03,E9,HOME,M,2024-13-45,2024-05-02,Y,Y
C201,M,2010-02-02,E10,HOME,M,2024-07-01,2024-07-02,Y,N
CSV

"$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
pid=$!
trap 'if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || fail "server did not start: $(cat "$WORK/serve.log")"

# Referrals per year recounted from the store with SQL (one per child and referral date, live
# returns only) - independently of the indicator code the dashboard shows.
ref_count() {
  q "$store" "SELECT count(*) FROM (SELECT DISTINCT child_id, referral_date FROM live_referral
              WHERE referral_date BETWEEN '$1' AND '$2')"
}
ref2324=$(ref_count 2023-04-01 2024-03-31)
ref2425=$(ref_count 2024-04-01 2025-03-31)
[ "$ref2425" -gt 0 ] || fail "no referrals in 2024-25 to check the dashboard with"
# Child protection plans started, likewise (one per child and start date); the two years differ
# in this partnership, so a figure taken from the wrong year shows.
cp_count() {
  q "$store" "SELECT count(*) FROM (SELECT DISTINCT child_id, start_date FROM live_cp_plan
              WHERE start_date BETWEEN '$1' AND '$2')"
}
cp2324=$(cp_count 2023-04-01 2024-03-31)
cp2425=$(cp_count 2024-04-01 2025-03-31)
[ "$cp2324" != "$cp2425" ] || fail "CP plans started are equal in both years ($cp2324): pick another seed"

# run the flow with the cached package resolvable from the script's folder
ln -sfn "$pw/node_modules" "$WORK/node_modules"
cp "$SRC/tests/browser/web_flow.mjs" "$WORK/web_flow.mjs"
BASE="http://127.0.0.1:$(cat "$WORK/port")" USER_NAME=admin1 USER_PASS="$PW" TOTP_SECRET="$secret" \
  EXEC_NAME=exec1 EXEC_PASS="$PW" \
  BAD_RETURN="$WORK/bad_return.csv" SHOTS="$shots" CHROME="$CHROME" \
  REFERRALS_2324="$ref2324" REFERRALS_2425="$ref2425" CP_2324="$cp2324" CP_2425="$cp2425" \
  timeout 300 node "$WORK/web_flow.mjs" || fail "browser flow failed"
for f in 01_login 02_upload_errors 03_dashboard 04_overdue_action 05_executive_nav; do
  [ -s "$shots/$f.png" ] || fail "no screenshot $f.png"
done
kill -TERM $pid; wait $pid || fail "server did not stop cleanly"
pid=""
ok "browser flow passed; screenshots in $shots"
