#!/usr/bin/env bash
# The dataset verb end to end on a generated partnership: comparators and targets load, the
# CSV, JSON and HTML outputs are written (analyst and public), the public CSV withholds small
# counts, the booklets are well-formed and self-contained; then headless Chromium
# (CHROME, default /usr/bin/chromium) renders each booklet to a screenshot and an A4 PDF with no console message
# (the booklet has no script, so any console line - "Uncaught ...", a failed load - is a fault).
# The screenshots and PDFs are kept in ./booklet_browser/ of the test's working directory.
# Without chromium the test fails: a test never skips.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
store="$WORK/store"
keep="$PWD/booklet_browser"
mkdir -p "$keep"

"$SG" generate --children 2500 --years 3 --seed 11 --end-year 2025 --out "$WORK/gen" >/dev/null
"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" --quiet import --manifest "$WORK/gen/manifest.json" >/dev/null
"$SG" --store "$store" dataset comparators "$SRC/data/comparators_england.csv" >"$WORK/out"
grep -q "loaded 30 comparators" "$WORK/out" || fail "comparators not loaded: $(cat "$WORK/out")"
cat >"$WORK/targets.csv" <<'CSV'
indicator,year,target,tolerance,priority,comment
rereferrals_pct,2024-25,22,2,Front door,Keep re-referrals at or below England
ass_45wd_pct,2024-25,85,5,Timely assessment,Weekly tracker with team managers
icpc_15wd_pct,2024-25,80,5,Timely assessment,
cp_second_pct,2024-25,20,3,Child protection,Audit of repeat plans due in Q3
CSV
"$SG" --store "$store" dataset targets "$WORK/targets.csv" >/dev/null
[ "$(q "$store" "SELECT count(*) FROM target")" = 4 ] || fail "targets not stored"
printf 'indicator,year,target\nno_such_indicator,2024-25,1\n' >"$WORK/bad_targets.csv"
expect_exit 2 "$SG" --store "$store" dataset targets "$WORK/bad_targets.csv"
grep -q "no_such_indicator" "$WORK/err" || fail "unknown indicator not named"
ok "comparators and targets load; an unknown indicator is refused"

"$SG" --store "$store" dataset --period 2024-25 --out "$WORK/ds.csv" 2>/dev/null
"$SG" --store "$store" dataset --period 2024-25 --public --out "$WORK/ds_public.csv" 2>/dev/null
"$SG" --store "$store" dataset --period 2024-25 --format json >"$WORK/ds.json"
head -1 "$WORK/ds.csv" | grep -q "^indicator,title,group,unit,polarity,owner,year,value," ||
  fail "CSV header"
grep -q '^rereferrals_pct,.*,2024-25,' "$WORK/ds.csv" || fail "no re-referrals row for 2024-25"
grep -q '"period": "2024-25"' "$WORK/ds.json" || fail "JSON period"
# Public: every count of 1..4 in the analyst CSV is withheld in the public one.
leaks=$(awk -F, 'NR==FNR { if ($4=="count" && $8>=1 && $8<=4) small[$1","$7]=1; next }
                 FNR>1 && small[$1","$7] && $8!="c" { print $1" "$7" "$8 }' \
        "$WORK/ds.csv" "$WORK/ds_public.csv")
[ -z "$leaks" ] || fail "small counts shown in the public CSV: $leaks"
grep -q ',c,c,' "$WORK/ds_public.csv" || fail "public CSV withholds nothing (expected some small cells)"
[ "$(stat -c %a "$WORK/ds.csv")" = 600 ] || fail "analyst output must be private (0600)"
[ "$(stat -c %a "$WORK/ds_public.csv")" = 644 ] || fail "public output should be 0644"
expect_exit 1 "$SG" --store "$store" dataset --period 2024-25 --format pdf
expect_exit 1 "$SG" --store "$store" dataset --period 2024-2026
ok "CSV and JSON written; the public CSV withholds small counts"

for ed in analyst public; do
  flag=""; [ $ed = public ] && flag="--public"
  "$SG" --store "$store" --quiet dataset --period 2024-25 $flag \
    --partnership "Demo Safeguarding Children Partnership" --out "$keep/booklet_$ed.html"
  f="$keep/booklet_$ed.html"
  grep -q '<svg' "$f" || fail "$ed booklet has no charts"
  if grep -Eq '<script|<link|src=|url\(|https?://[a-z]' <(sed 's#xmlns="http://www.w3.org/2000/svg"##g' "$f"); then
    fail "$ed booklet refers to something outside itself"
  fi
  if command -v python3 >/dev/null; then
    python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$f" ||
      fail "$ed booklet is not well-formed"
  fi
done
grep -q "Public: small numbers withheld" "$keep/booklet_public.html" || fail "public marking"
ok "analyst and public booklets are self-contained and well-formed"

CHROME=${CHROME:-/usr/bin/chromium}
need_tool "$CHROME"
render() { # render HTML ACTION...: one headless run; its stderr log goes to $WORK/chrome.log
  local html=$1; shift
  local profile; profile=$(mktemp -d "$WORK/chrome.XXXXXX")
  timeout 180 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" "file://$html" \
    >>"$WORK/chrome.log" 2>&1 || fail "chromium failed on $html (see below)
$(tail -20 "$WORK/chrome.log")"
}
for ed in analyst public; do
  : >"$WORK/chrome.log"
  render "$keep/booklet_$ed.html" --window-size=1280,2000 --screenshot="$keep/booklet_$ed.png"
  render "$keep/booklet_$ed.html" --no-pdf-header-footer --print-to-pdf="$keep/booklet_$ed.pdf"
  if grep -E 'Uncaught|ERROR:CONSOLE|:CONSOLE[:(]' "$WORK/chrome.log" >"$WORK/console"; then
    fail "console messages in the $ed booklet: $(cat "$WORK/console")"
  fi
  [ -s "$keep/booklet_$ed.png" ] || fail "no screenshot of the $ed booklet"
  [ "$(head -c 8 "$keep/booklet_$ed.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] ||
    fail "the $ed screenshot is not a PNG"
  head -c 5 "$keep/booklet_$ed.pdf" | grep -q '%PDF-' || fail "the $ed PDF is not a PDF"
  # A4 is 595 x 842 points.
  grep -aq 'MediaBox \[0 0 59[45]\.[0-9]* 841\.[0-9]*\]' "$keep/booklet_$ed.pdf" ||
    fail "the $ed PDF pages are not A4"
  pages=$(grep -ao 'MediaBox \[' "$keep/booklet_$ed.pdf" | wc -l)
  ok "chromium rendered the $ed booklet: screenshot and $pages A4 pages, no console messages"
done
echo "kept: $keep/booklet_{analyst,public}.{html,png,pdf}"
