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
