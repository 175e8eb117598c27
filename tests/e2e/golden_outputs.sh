#!/usr/bin/env bash
# Byte-identical outputs of a fixed generated partnership: the generator's files, the dataset
# (CSV, JSON, HTML booklet; analyst and public; year, quarter, month and rolling periods), the
# yearly report (HTML and JSON, analyst and public), validation findings and register views
# are compared by SHA-256 with the hashes kept below, which were recorded from the code before
# the vocabulary refactor (shared periods, code sets and string helpers; split modules). A
# refactor must leave every hash unchanged; a deliberate change of output updates the hash in
# the same commit and says why. SG_GOLDEN_PRINT=1 prints the current hashes instead of failing.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
command -v sha256sum >/dev/null || fail "sha256sum not found (coreutils)"
store="$WORK/store"
out="$WORK/out"
mkdir -p "$out"

"$SG" generate --children 3000 --years 3 --seed 11 --end-year 2025 --faults 0.02 \
  --out "$WORK/gen" >/dev/null
# every generated file, in name order, as one digest
(cd "$WORK/gen" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$out/generated.sha256"

"$SG" --store "$store" init >/dev/null
"$SG" --store "$store" --quiet import --manifest "$WORK/gen/manifest.json" >/dev/null
for reg in $("$SG" register | awk 'NR > 1 && /^  / {print $1}'); do
  "$SG" --store "$store" --quiet register "$reg" import "$WORK/gen/registers/$reg.csv" \
    --user test >/dev/null || fail "import of register $reg"
done
"$SG" --store "$store" --quiet dataset comparators "$SRC/data/comparators_england.csv" >/dev/null
cat >"$WORK/targets.csv" <<'CSV'
indicator,year,target,tolerance,priority,comment
rereferrals_pct,2024-25,22,2,Front door,Keep re-referrals at or below England
ass_45wd_pct,2024-25,85,5,Timely assessment,Weekly tracker
cp_second_pct,2023-24,20,3,Child protection,
referrals_rate,2024-25,540,,Front door,Context only
lado_referrals,2024-25,1200,,LADO,A count target
CSV
"$SG" --store "$store" --quiet dataset targets "$WORK/targets.csv" >/dev/null
ok "store: generated partnership, its registers, comparators and targets"

for pub in "" --public; do
  for f in csv json html; do
    "$SG" --store "$store" --quiet dataset --period 2024-25 $pub --format $f \
      --out "$out/dataset$pub.$f" --partnership "Golden Partnership"
  done
  "$SG" --store "$store" --quiet report --year 2024-25 $pub --format html,json \
    --config "$SRC/docs/examples/report/config.json" \
    --narrative "$SRC/docs/examples/report/narrative" --out "$out" >/dev/null
done
for p in 2024-Q1 2024-Q4 2025-02 R12-2024-05; do
  "$SG" --store "$store" --quiet dataset --period $p --format json --out "$out/dataset-$p.json"
done
# findings of the CIN census and the SSDA903 return of each year (submission ids follow the
# manifest's order: 1, 16, 29 are the CIN censuses, 2, 17, 30 the 903 headers)
for id in 1 2 16 17 29 30; do
  "$SG" --store "$store" --quiet validate $id --format csv --out "$out/validate-$id.csv"
done
v() { "$SG" --store "$store" --quiet register "$@" --today 2025-03-31; }
{
  v case_review view clocks
  v action view flags
  v action view summary
  v training_booking view agencies --year 2024
} >"$out/register-views.txt"

cat >"$WORK/want" <<'SUMS'
f3413e4b2c795b1aa8fafc01af8199e27abcda7c1f8f9acc3c57d8c12180bc60  dataset--public.csv
d7ef8d6cc7ff0c7cc469380c6c3bccb53ed7433be2f57ebd8480b1260b866946  dataset--public.html
03397d846ff6212b066866c58305e7392998f2f003b4a7058971119752b5a942  dataset--public.json
40fed844109ad5e5adf6e47a8e482ee8e10912612ecf81ee09384227d4d2adc7  dataset-2024-Q1.json
c845473fabde8c7b44e77aad26d06f2339d564b00e2738c9dc8eda98eff24a08  dataset-2024-Q4.json
b14b65019f8bde83316c67a99166735c2d27abbc72e24796aa0ea08671a29227  dataset-2025-02.json
6015204d9ce0d71e3cfec6fd91eeff9dc5a9d90d4d0a5a77644c038ed7e2506b  dataset-R12-2024-05.json
e3d9bec0ad0d53db16bb76cfd219b8d505072eb9ab834c05d96d6ba28a3b664a  dataset.csv
775f3012761d76de580e8c8c87f3a507b6e5f5f0cb7dbebc446998d963152492  dataset.html
91febdcc23bed309283f89c4dba4050df5c5433f6bf28311dded727d4ae5573b  dataset.json
6141a89f917fd0121019648402fc43a4c1a926a42187740bc96cd28a0ccd9ca9  generated.sha256
52a56122d2fcd5bed40ec9baa8a43ecb3366a896f59ddba047602411938e7796  register-views.txt
435b75c0d72a8a2ed610b18d9b9caf6a5e1f0e005c75cade1b3123ab96974d7a  validate-1.csv
86c11336334ab8c70ac2b7fe5d72ecf8de4768a77116871081bf4eb540adbd29  validate-16.csv
773d1c4f1a49fcdfbe8d925495ee14d906b6ad7dae0908b3aaccd68275227ccc  validate-17.csv
dedb44b856b0ae1b1c8c59d40c5960037e71421594810b2f5331895a1894622c  validate-2.csv
9eb6ee901ff4e69c1d2446ea4d238a4ea6ced46875ccac28a7c334741ac5ddcd  validate-29.csv
0f63d98723037c7e1cff8d39fd625010ff7d25aab840ed1aaef286ae50162066  validate-30.csv
3f3bbffa5b84afbbbf7755c4c9dda15a731f7799db9544c1dc7a46ecd182f9df  yearly-report-2024-25-public.html
4da33928d84ad7873963b21fd935253262cf85dcde78fa6dc1f2937090a2c342  yearly-report-2024-25-public.json
57668e8fbd4d467318855f4b75a802bec70edceecad16284ee18c77e65f5c2cc  yearly-report-2024-25.html
acd172e31a9cdcbb5772b5fc6672acb7bb5ba5667f3239290691b1c37da4fbd7  yearly-report-2024-25.json
SUMS
(cd "$out" && LC_ALL=C ls | xargs sha256sum) >"$WORK/got"
# SG_GOLDEN_KEEP=DIR keeps a copy of the outputs there, to diff what a change moved
if [ -n "${SG_GOLDEN_KEEP:-}" ]; then mkdir -p "$SG_GOLDEN_KEEP" && cp -r "$out/." "$SG_GOLDEN_KEEP/"; fi
if [ "${SG_GOLDEN_PRINT:-0}" = 1 ]; then cat "$WORK/got"; exit 0; fi
[ "$(wc -l <"$WORK/got")" = "$(wc -l <"$WORK/want")" ] ||
  fail "$(wc -l <"$WORK/got") outputs, $(wc -l <"$WORK/want") hashes kept"
if ! diff "$WORK/want" "$WORK/got" >"$WORK/diff"; then
  cat "$WORK/diff" >&2
  fail "outputs differ from the kept hashes (files named above)"
fi
ok "$(wc -l <"$WORK/got") outputs byte-identical to the kept hashes"
