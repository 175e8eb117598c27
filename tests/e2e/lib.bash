# lib.sh - helpers shared by the e2e scripts (sourced, not run: no .sh suffix so CTest skips it).
set -euo pipefail
SG=${1:?usage: $0 PATH/TO/safeguard}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sg-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export SG_TODAY=2025-06-30
fail() { echo "FAIL: $*" >&2; exit 1; }
# need_tool PATH-OR-COMMAND: a tool the test needs. Missing means the machine did not run
# scripts/install-deps.sh: the test FAILS (never skips), so `make test` cannot pass without it.
need_tool() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 not found: run scripts/install-deps.sh (tests never skip)"
}
ok() { echo "ok - $*"; }
# q STORE SQL: one value from the store's database.
q() { sqlite3 -batch -noheader "$1/safeguard.db" "$2"; }
# expect_exit CODE CMD...: runs CMD and checks its exit code.
expect_exit() {
  local want=$1; shift
  set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?; set -e
  [ "$got" = "$want" ] || { cat "$WORK/out" "$WORK/err" >&2; fail "exit $got, wanted $want: $*"; }
}

# npm_cached DIR PKG@VERSION: PKG installed from npm into DIR unless already there (the cache
# scripts/install-deps.sh fills), or the test fails naming the package.
npm_cached() {
  local dir=$1 pkg=$2
  [ -d "$dir/node_modules/${pkg%@*}" ] && return 0
  mkdir -p "$dir"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$NPM" install --silent --no-audit --no-fund --prefix "$dir" \
    "$pkg" >"$WORK/npm.log" 2>&1 || fail "cannot install $pkg from npm into $dir: $(tail -3 "$WORK/npm.log")"
}

# browser_tools: what the browser tests need, failing (never skipping) without it: Debian's
# chromium (CHROME), node (NODE), npm (NPM), playwright-core in $pw (it never downloads a browser
# itself; we give it Debian's chromium) and axe-core (AXE: its axe.min.js), both cached from npm
# in the folders scripts/install-deps.sh fills.
browser_tools() {
  CHROME=${CHROME:-/usr/bin/chromium}
  NODE=${NODE:-node}
  NPM=${NPM:-npm}
  need_tool "$CHROME"
  need_tool "$NODE"
  need_tool "$NPM"
  pw=${SG_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/safeguard/playwright}
  npm_cached "$pw" playwright-core@1
  local axe=${SG_AXE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/safeguard/axe}
  npm_cached "$axe" axe-core@4
  AXE="$axe/node_modules/axe-core/axe.min.js"
  [ -f "$AXE" ] || fail "axe-core has no axe.min.js in $axe"
}
