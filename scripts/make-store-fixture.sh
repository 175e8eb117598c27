#!/usr/bin/env bash
# make-store-fixture.sh COMMIT OUTDIR - builds safeguard as it was at COMMIT and writes a small
# store made by that release into OUTDIR (the upgrade test's fixture: tests/fixtures/store-schema6/
# was made with COMMIT dedb33f, release 0.1.0's schema 6).
#
# The source of COMMIT is exported with `git archive` into a temporary folder (nothing in this
# repository, its worktrees or its git metadata is touched), built with the release preset, and
# then: a partnership generated with a fixed seed, imported with --manifest, the registers
# imported, one user added. OUTDIR/store/ is the store folder as that release left it (closed, so
# no -wal/-shm), OUTDIR/input/ the generated files it was made from, OUTDIR/README.md how.
# Needs the packages of scripts/install-deps.sh. Takes a few minutes (a release build).
set -euo pipefail
commit=${1:?usage: make-store-fixture.sh COMMIT OUTDIR}
out=${2:?usage: make-store-fixture.sh COMMIT OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
children=${SG_FIXTURE_CHILDREN:-400}
years=${SG_FIXTURE_YEARS:-2}
seed=${SG_FIXTURE_SEED:-7}
# The three largest registers (2,000 of the 2,500 register rows) are left out to keep the
# fixture under 3 MB; their files are removed from input/ too.
skip=" ${SG_FIXTURE_SKIP_REGISTERS:-training_booking training_evaluation voice_response} "

full=$(git -C "$here" rev-parse --verify "$commit^{commit}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-fixture.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "== exporting $full into $tmp/src" >&2
mkdir -p "$tmp/src"
git -C "$here" archive "$full" | tar -x -C "$tmp/src"
echo "== building the release preset (-j2)" >&2
(cd "$tmp/src" && cmake --preset release >/dev/null && cmake --build --preset release -j2 >/dev/null)
sg="$tmp/src/build/release/safeguard"
version=$(sed -n 's/^project(safeguard VERSION \([0-9.]*\).*/\1/p' "$tmp/src/CMakeLists.txt")

rm -rf "$out"
mkdir -p "$out"
input="$out/input"
store="$tmp/store"
"$sg" generate --children "$children" --years "$years" --seed "$seed" --out "$input" >/dev/null
"$sg" --store "$store" init >/dev/null
"$sg" --quiet --store "$store" import --manifest "$input/manifest.json" >/dev/null
regs=()
for reg in $("$sg" register | awk 'NR > 1 && /^  / {print $1}'); do
  [ -f "$input/registers/$reg.csv" ] || continue
  case "$skip" in *" $reg "*) rm -f "$input/registers/$reg.csv"; continue ;; esac
  "$sg" --store "$store" register "$reg" import "$input/registers/$reg.csv" --user fixture >/dev/null
  regs+=("$reg")
done
printf 'fixture password 2026 correct horse\n' |
  "$sg" --store "$store" user add fixture-analyst --role business --password-file - >/dev/null
schema=$("$sg" --store "$store" --json status | sed -n 's/.*"schema_version": *\([0-9]*\).*/\1/p')
[ -n "$schema" ] || schema=$(sqlite3 "$store/safeguard.db" "PRAGMA user_version")
cp -a "$store" "$out/store"
rm -f "$out/store/safeguard.db-wal" "$out/store/safeguard.db-shm"

cat >"$out/README.md" <<MD
# A store written by safeguard at commit ${full:0:7} (schema $schema)

Made by \`scripts/make-store-fixture.sh $commit $out\` from commit $full
(its CMakeLists.txt says $version; schema version $schema, the schema of release 0.1.0).
Do not edit: the upgrade test
(tests/e2e/upgrade.sh) opens a copy of \`store/\` with the current code and compares its outputs
with a fresh store into which \`input/\` is imported.

What the script ran, with that commit's release build:

    safeguard generate --children $children --years $years --seed $seed --out input
    safeguard --store store init
    safeguard --store store import --manifest input/manifest.json
    safeguard --store store register NAME import input/registers/NAME.csv --user fixture
        (NAME: ${regs[*]};
         left out to keep the fixture small:${skip% })
    safeguard --store store user add fixture-analyst --role business --password-file -

\`store/partnership.key\` is the key of this synthetic store only (no real data anywhere).
MD
echo "fixture written to $out (schema $schema, $(du -sh "$out" | cut -f1))" >&2
