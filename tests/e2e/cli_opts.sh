#!/usr/bin/env bash
# The option loop the dataset and report verbs share (src/cli/opts.c): --help prints the verb's
# own help and exits 0; an unknown option, an option without its value and a number that is not
# a whole number are usage errors (exit 1) naming the verb and the option. Needs no store: every
# case stops before one is opened.
source "$(dirname "$0")/lib.bash"
store="$WORK/none"
err_is() { # err_is TEXT: stderr holds exactly this first line
  local got; got=$(head -n1 "$WORK/err")
  [ "$got" = "$1" ] || fail "stderr '$got', wanted '$1'"
}
for verb in dataset report; do
  expect_exit 0 "$SG" --store "$store" "$verb" --help
  grep -q "usage: safeguard $verb" "$WORK/out" || fail "$verb --help: not its usage"
  expect_exit 0 "$SG" --store "$store" "$verb" -h
  grep -q "usage: safeguard $verb" "$WORK/out" || fail "$verb -h: not its usage"
  expect_exit 1 "$SG" --store "$store" "$verb" --bogus 1
  err_is "safeguard $verb: unknown argument '--bogus'"
  expect_exit 1 "$SG" --store "$store" "$verb" --out
  err_is "safeguard $verb: --out needs a value"
done
expect_exit 1 "$SG" --store "$store" dataset --threshold 5x
err_is "safeguard dataset: --threshold needs a whole number ('5x')"
expect_exit 1 "$SG" --store "$store" dataset --years ''
err_is "safeguard dataset: --years needs a whole number ('')"
# a whole number gets past the loop to the verb's own range check
expect_exit 1 "$SG" --store "$store" dataset --period 2024-25 --threshold -1
err_is "safeguard dataset: --threshold must be 1..100"
# the report's options are text: --public before them, and the last one given wins
expect_exit 1 "$SG" --store "$store" report --public --year 2024-25 --format html --format doc
err_is "safeguard report: --format must be html, pdf or json ('doc')"
[ ! -e "$store" ] || fail "a usage error made the store"
ok "cli option loop"
