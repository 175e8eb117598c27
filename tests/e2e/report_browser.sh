#!/usr/bin/env bash
# The yearly report in headless Chromium: a generated partnership with the example registers,
# the analyst and public reports as HTML; Chromium screenshots the first pages of each, finds
# no console message (the report has no script, so any console line is a fault), and
# 'safeguard report --format pdf' prints A4 PDFs. Kept in ./report_browser/ of the test's
# working directory. Without chromium (CHROME) it checks that --format pdf fails with a clear
# message and then fails: a test never skips.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
EX="$SRC/docs/formats/examples"
store="$WORK/store"
keep="$PWD/report_browser"
rm -rf "$keep"
mkdir -p "$keep"
"$SG" generate --children 2500 --years 2 --seed 7 --end-year 2025 --out "$WORK/gen" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" --quiet import --manifest "$WORK/gen/manifest.json" >/dev/null
for r in organisation case_review audit audit_case audit_return audit_grade s11_framework s11_standard \
         section11 s11_score training_course training_session training_booking \
         training_evaluation child_death finance_contribution finance_income \
         finance_expenditure finance_reserve risk risk_review voice_survey voice_question voice_response \
         recommendation action; do
  "$SG" --store "$store" --quiet register "$r" import "$EX/register_$r.csv" --user test >/dev/null
done
args=(--year 2024-25 --config "$SRC/docs/examples/report/config.json"
      --narrative "$SRC/docs/examples/report/narrative" --out "$keep")

CHROME=${CHROME:-/usr/bin/chromium}
if [ ! -x /usr/bin/chromium ]; then # where `report` itself looks, besides PATH
  expect_exit 3 env PATH=/nonexistent SG_CHROMIUM= "$SG" --store "$store" report "${args[@]}" --format pdf
  grep -q "needs headless Chromium" "$WORK/err" || fail "no clear message without Chromium"
fi
need_tool "$CHROME"
expect_exit 3 env SG_CHROMIUM=/nonexistent/chromium "$SG" --store "$store" report "${args[@]}" --format pdf
grep -q "SG_CHROMIUM=/nonexistent/chromium is not an executable" "$WORK/err" ||
  fail "no clear message for a missing browser: $(cat "$WORK/err")"

render() { # render HTML ACTION...: one headless run; its stderr log goes to $WORK/chrome.log
  local html=$1; shift
  local profile; profile=$(mktemp -d "$WORK/chrome.XXXXXX")
  timeout 180 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" "file://$html" \
    >>"$WORK/chrome.log" 2>&1 || fail "chromium failed on $html
$(tail -20 "$WORK/chrome.log")"
}
for ed in analyst public; do
  flag=""; suffix=""
  [ $ed = public ] && flag="--public" && suffix="-public"
  "$SG" --store "$store" --quiet report "${args[@]}" $flag --format html,pdf >"$WORK/paths"
  html="$keep/yearly-report-2024-25$suffix.html"
  pdf="$keep/yearly-report-2024-25$suffix.pdf"
  grep -qx "$pdf" "$WORK/paths" || fail "PDF path not printed: $(cat "$WORK/paths")"
  : >"$WORK/chrome.log"
  # The first pages: the cover, contents and the first sections (about three A4 pages).
  render "$html" --window-size=1240,3500 --screenshot="$keep/report_$ed.png"
  if grep -E 'Uncaught|ERROR:CONSOLE|:CONSOLE[:(]' "$WORK/chrome.log" >"$WORK/console"; then
    fail "console messages in the $ed report: $(cat "$WORK/console")"
  fi
  [ "$(head -c 8 "$keep/report_$ed.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] ||
    fail "the $ed screenshot is not a PNG"
  head -c 5 "$pdf" | grep -q '%PDF-' || fail "the $ed PDF is not a PDF"
  grep -aq 'MediaBox \[0 0 59[45]\.[0-9]* 841\.[0-9]*\]' "$pdf" || fail "the $ed PDF is not A4"
  pages=$(grep -ao 'MediaBox \[' "$pdf" | wc -l)
  [ "$pages" -ge 8 ] || fail "the $ed PDF has only $pages pages"
  ok "chromium: $ed report screenshot, no console messages, $pages A4 pages printed"
done
echo "kept: $keep/"
