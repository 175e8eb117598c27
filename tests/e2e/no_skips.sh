#!/usr/bin/env bash
# A test never skips: the browser tests FAIL (exit 1, never 77 or 0) when chromium, node or npm
# is missing, naming the tool and scripts/install-deps.sh; no e2e test is registered with
# CTest's SKIP_RETURN_CODE. Tools are "removed" through the CHROME, NODE and NPM variables the
# scripts read, so this runs on the machine that has them.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
E2E="$SRC/tests/e2e"
# check NAME VAR=VALUE SCRIPT: runs SCRIPT with a tool pointed at nothing; it must fail with 1.
check() {
  local what=$1 assign=$2 script=$3
  set +e
  (cd "$WORK" && env "$assign" bash "$E2E/$script" "$SG" >"$WORK/out" 2>&1)
  local rc=$?
  set -e
  [ "$rc" = 1 ] || { cat "$WORK/out" >&2; fail "$script without $what exited $rc, wanted 1"; }
  grep -q "install-deps.sh" "$WORK/out" || { cat "$WORK/out" >&2; fail "$script: no hint"; }
  grep -qi "skipped" "$WORK/out" && fail "$script still says skipped"
  ok "$script fails without $what"
}
check chromium CHROME=/nonexistent/chromium web_browser.sh
check node NODE=/nonexistent/node web_browser.sh
check npm NPM=/nonexistent/npm web_browser.sh
check chromium CHROME=/nonexistent/chromium booklet_browser.sh
check chromium CHROME=/nonexistent/chromium report_browser.sh
# No script may still exit 77, and CTest must not be told to treat any code as a skip.
if grep -n "exit 77" "$E2E"/*.sh | grep -v "^$E2E/no_skips.sh:"; then fail "a script still exits 77"; fi
if grep -n "SKIP_RETURN_CODE" "$SRC/tests/CMakeLists.txt"; then fail "CTest skip code still set"; fi
ok "no test skips"
