#!/usr/bin/env bash
# import --max-size: a file over the limit is refused with SG_ELIMIT (exit 2) naming it, and the
# store is unchanged; a device without end (/dev/zero) stops once it passes the limit instead of
# being read forever; a file exactly at the limit is imported.
source "$(dirname "$0")/lib.bash"
store="$WORK/store"
"$SG" --store "$store" init >/dev/null
# 40 bytes exactly: four lines of nine letters and a newline.
printf 'abcdefghi\nabcdefghi\nabcdefghi\nabcdefghi\n' >"$WORK/small.csv"
size=$(stat -c %s "$WORK/small.csv")
[ "$size" = 40 ] || fail "fixture is $size bytes, expected 40"

expect_exit 2 "$SG" --store "$store" import "$WORK/small.csv" --agency ONS --period 2024-25 --max-size 39
grep -q "small.csv" "$WORK/err" || fail "the error does not name the file: $(cat "$WORK/err")"
grep -q "import limit of 39 bytes" "$WORK/err" || fail "the error does not give the limit: $(cat "$WORK/err")"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 0 ] || fail "a refused file left a submission"
ok "a regular file one byte over --max-size is refused (exit 2, names the file and the limit)"

# Exactly at the limit passes the size check (whatever the importer then makes of it).
set +e; "$SG" --store "$store" import "$WORK/small.csv" --agency ONS --period 2024-25 --max-size 40 >"$WORK/out" 2>"$WORK/err"; set -e
grep -q "import limit" "$WORK/err" && fail "a file exactly at the limit was refused: $(cat "$WORK/err")"
ok "a file exactly at --max-size is not refused for its size"

start=$(date +%s)
expect_exit 2 timeout 60 "$SG" --store "$store" import /dev/zero --agency LA --period 2024-25 --max-size 1M
grep -q "/dev/zero" "$WORK/err" || fail "the error does not name /dev/zero: $(cat "$WORK/err")"
grep -q "import limit of 1048576 bytes" "$WORK/err" || fail "no limit message: $(cat "$WORK/err")"
expect_exit 2 timeout 60 "$SG" --store "$store" import /dev/zero --agency LA --period 2024-25 --format annexa/3 --max-size 2M
grep -q "import limit of 2097152 bytes" "$WORK/err" || fail "forced format: no limit message: $(cat "$WORK/err")"
[ $(( $(date +%s) - start )) -lt 60 ] || fail "/dev/zero took a minute to refuse"
ok "/dev/zero stops at the limit with SG_ELIMIT (detected and forced format)"

expect_exit 1 "$SG" --store "$store" import "$WORK/small.csv" --agency ONS --period 2024-25 --max-size 12X
grep -q "max-size" "$WORK/err" || fail "a bad --max-size is not explained"
ok "a malformed --max-size is a usage error"
echo "4 passed, 0 failed"
