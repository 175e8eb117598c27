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
690af6d319594e7d272065c998c04e4e704e9f06d2d620217466f3772bc138f2  dataset--public.csv
6e7e275826fad13847e96fcd3f796cb0ae7db15a1cdc7a7c5d6022f53d554ff7  dataset--public.html
805fb199cc0b221ae94ad7025fc4cac40a450ae7681b1442b4949fb634d535be  dataset--public.json
3b5d614e4bba9fab36117921f8460144e0b4b892123fb538bdb71971c05b4c79  dataset-2024-Q1.json
c4e08438885a522795d6f1d1a8eb1feec5160cddf2a906087f6d0b50baacf399  dataset-2024-Q4.json
bf106b6e3142433190b5d4724a25ba85af684c8e672c61ea0bab601adc1a2625  dataset-2025-02.json
416548330e4e78b4b367cde5bf4914b5297fb819d7518e5710e59a3de6cb2839  dataset-R12-2024-05.json
8364fae2160bfcc513bc85fe32ebcf638d77bfeb561d7478ae2f775929470cb6  dataset.csv
29e24a081c2023240f08cffc2c077a717b4bc54f6198f618c631f0fa449dfd11  dataset.html
ad9c8e82141a342d47affcb38f1e49fedc8a664673b74667a11f4b040e51682b  dataset.json
d38166ac40112619d14e66cab5b12c3ca377a8357b102507aedfbc435b9dff77  generated.sha256
52a56122d2fcd5bed40ec9baa8a43ecb3366a896f59ddba047602411938e7796  register-views.txt
435b75c0d72a8a2ed610b18d9b9caf6a5e1f0e005c75cade1b3123ab96974d7a  validate-1.csv
86c11336334ab8c70ac2b7fe5d72ecf8de4768a77116871081bf4eb540adbd29  validate-16.csv
897891f519d6973eb3546d3afb9dd318d27a97f2ff598e99f2fce50930e9056b  validate-17.csv
a9dc95ee2552cc0d3a7c68741321a95448a09227b58f98cf2ab2bfa21070db9f  validate-2.csv
74054067d471dbc18d44ac4585db5728060c40059626d49fb18f61fde9e15a91  validate-29.csv
2fac4a7fa725f19f238285d618b8c9b31a83418c524eaf301b0376a85136f1a4  validate-30.csv
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
