#!/usr/bin/env bash
# Every CLI verb with --out makes the missing folders of its output path, each new folder 0700
# (outputs may be child-level; an existing folder keeps its mode), and a file standing where a
# folder must go is an error naming it (exit 5, an I/O error; nothing written).
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
EX="$SRC/docs/formats/examples"
store="$WORK/store"
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" import "$EX/agency_lado.csv" --agency LADO --period 2024-25 >/dev/null
sub=$(q "$store" "SELECT id FROM submission WHERE agency='LADO'")
o="$WORK/o"
mkdir -m 0755 "$WORK/o"  # an existing folder: its mode stays

run() { # run DESCRIPTION FILE CMD...: CMD must write FILE under folders it had to make
  local what=$1 file=$2; shift 2
  "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err"; fail "$what: exit $?"; }
  [ -s "$file" ] || { cat "$WORK/err"; fail "$what: $file not written"; }
}
run "export" "$o/export/a/b/lado.csv" "$SG" --store "$store" export lado --out "$o/export/a/b/lado.csv"
run "validate" "$o/validate/v.csv" "$SG" --store "$store" validate "$sub" --format csv --out "$o/validate/v.csv"
run "reconcile" "$o/reconcile/r.csv" "$SG" --store "$store" reconcile --period 2024-25 --format csv --out "$o/reconcile/r.csv"
run "register export" "$o/reg/x/actions.csv" "$SG" --store "$store" register action export --out "$o/reg/x/actions.csv"
run "register template" "$o/tpl/t.csv" "$SG" --store "$store" register action template --out "$o/tpl/t.csv"
run "dataset" "$o/dataset/d.csv" "$SG" --store "$store" dataset --period 2024-25 --out "$o/dataset/d.csv"
run "report" "$o/report/2025/yearly-report-2024-25.html" "$SG" --store "$store" report --year 2024-25 --out "$o/report/2025/"
run "generate" "$o/gen/p/manifest.json" "$SG" generate --children 40 --years 1 --seed 3 --out "$o/gen/p"
for d in export export/a export/a/b validate reconcile reg reg/x tpl dataset report report/2025 gen gen/p; do
  [ "$(stat -c %a "$o/$d")" = 700 ] || fail "$o/$d has mode $(stat -c %a "$o/$d"), wanted 700"
done
[ "$(stat -c %a "$o")" = 755 ] || fail "an existing folder's mode changed"
ok "export, validate, reconcile, register export/template, dataset, report and generate make missing folders 0700"

# a file where a folder must go
echo x >"$WORK/file"
for cmd in "export lado --out $WORK/file/sub/x.csv" "report --year 2024-25 --out $WORK/file/rep" \
           "register action template --out $WORK/file/t.csv"; do
  # shellcheck disable=SC2086
  expect_exit 5 "$SG" --store "$store" $cmd
  grep -q "$WORK/file.*a file is in the way" "$WORK/err" || { cat "$WORK/err"; fail "$cmd: message"; }
done
[ "$(cat "$WORK/file")" = x ] || fail "the file in the way was changed"
ok "a file in the way of a folder: exit 5 naming it"
