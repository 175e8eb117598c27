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
0dbb98c13bdde78bde82f3f81d9dbba4d6252926998012bfa400c5949fff0f80  dataset--public.csv
a3be6c3601a5412f9c4f6aafd99604e041ce574708ba23aa5495802998887fd7  dataset--public.html
cee35e8ee82b54117baff3298d06bedefa5d9547c36cc2651a749546e1f4d9b6  dataset--public.json
93a1ea1da7257c6e53322f29cc0a3be5c661ad76b16a0aed48c2aa4059ac1a42  dataset-2024-Q1.json
cb30e577686bd1fdb8e34df31dce22f3cec9b4a2f386b0a6e1fc52c12b58028c  dataset-2024-Q4.json
63c724b28b1129e77a78488d59f8cdc3586974b8e87ef26da47fd9690068eefc  dataset-2025-02.json
64ba0409386307b65a4f6aee29fdbd526480f4912e3a6b4e34f718c55d425797  dataset-R12-2024-05.json
032d4da38a92848a569562cce41a656412614b9ac579c81f0f6174347e333e57  dataset.csv
24ec7e65c01fd0d68b96f9f912a0da40deffa395a05119eef0681290875d0c22  dataset.html
bc211b7db868f6ad454e1556ce3f6b616d5b588f538fb9907ca050a18d53c7fe  dataset.json
6020df1db64fae5ec9136f46412a5b08bd970b265680a213cc9bff1431f5f606  generated.sha256
676b664b8bdfc37e89dc19327a319e2e927a897ba09c9a4f75189c2ffb6b6ca6  register-views.txt
435b75c0d72a8a2ed610b18d9b9caf6a5e1f0e005c75cade1b3123ab96974d7a  validate-1.csv
86c11336334ab8c70ac2b7fe5d72ecf8de4768a77116871081bf4eb540adbd29  validate-16.csv
773d1c4f1a49fcdfbe8d925495ee14d906b6ad7dae0908b3aaccd68275227ccc  validate-17.csv
dedb44b856b0ae1b1c8c59d40c5960037e71421594810b2f5331895a1894622c  validate-2.csv
9eb6ee901ff4e69c1d2446ea4d238a4ea6ced46875ccac28a7c334741ac5ddcd  validate-29.csv
0f63d98723037c7e1cff8d39fd625010ff7d25aab840ed1aaef286ae50162066  validate-30.csv
fc55404013276be403e9f1dc1e99466d5204392178e2d0233b1709f3f5241953  yearly-report-2024-25-public.html
8aa2e79bb63c83d2dfdf3c96b09fceb937bc842fc35365dab8aeac7db29d8c52  yearly-report-2024-25-public.json
630781d5cbfb5ef71ec05a8f8f1154b952b55f8e0a518eed1e0f8837fb4069cb  yearly-report-2024-25.html
3730fa2ede45627ef094dcd38c64070b4d30a681bbf4a8155e54604449cb05c4  yearly-report-2024-25.json
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
