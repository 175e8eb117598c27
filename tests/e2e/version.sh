#!/usr/bin/env bash
# version.sh - 'safeguard --version' [--json]: the release equals project(... VERSION) in
# CMakeLists.txt (read here, not from the code), the schema equals the user_version of a store
# the binary creates, and each library version equals what pkg-config says the installed Debian
# -dev package is (the run-time library of the same source package).
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?SG_SOURCE_DIR (set by CTest)}
SG=$(readlink -f "$SG")

want=$(sed -n 's/^project(safeguard VERSION \([0-9][0-9.]*\) .*/\1/p' "$SRC/CMakeLists.txt")
[[ $want =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "no version in CMakeLists.txt's project(): '$want'"

# The schema a new store is created with, from the database itself.
"$SG" --quiet --store "$WORK/s" init >/dev/null
schema=$(q "$WORK/s" "PRAGMA user_version")
[[ $schema =~ ^[0-9]+$ ]] && [ "$schema" -ge 6 ] || fail "user_version '$schema'"

# name in the output, pkg-config module: the order is part of the format (docs/cli.md).
names=(sqlite libmicrohttpd gnutls expat jansson libsodium libcmark zlib nettle libqrencode libxlsxwriter)
mods=(sqlite3 libmicrohttpd gnutls expat jansson libsodium libcmark zlib nettle libqrencode dpkg:libxlsxwriter-dev)
expected="safeguard $want
store schema $schema"
for k in "${!names[@]}"; do
  if [[ ${mods[$k]} == dpkg:* ]]; then
    # Debian's xlsxwriter.pc says "Version: 4" (its soname); the package version is the
    # library's own (1.1.4-2+b1 -> 1.1.4).
    v=$(dpkg-query -W -f='${Version}' "${mods[$k]#dpkg:}") || fail "no package ${mods[$k]#dpkg:}"
    v=${v%%-*}
  else
    v=$(pkg-config --modversion "${mods[$k]}") || fail "pkg-config knows no ${mods[$k]}"
  fi
  # nettle tells only major.minor at run time (nettle_version_major/minor).
  [ "${names[$k]}" = nettle ] && v=$(echo "$v" | cut -d. -f1-2)
  expected+=$'\n'"${names[$k]} $v"
done

# Text: exactly the expected lines, exit 0; and it does not touch a store (none is created).
mkdir "$WORK/cwd"
(cd "$WORK/cwd" && "$SG" --version >"$WORK/v.txt")
[ "$(cat "$WORK/v.txt")" = "$expected" ] ||
  { diff <(echo "$expected") "$WORK/v.txt" >&2 || true; fail "--version text"; }
[ -z "$(ls -A "$WORK/cwd")" ] || fail "--version created files: $(ls -A "$WORK/cwd")"
ok "--version: safeguard $want, store schema $schema, ${#names[@]} libraries as pkg-config says"

# JSON, with --json before or after --version: the same object.
"$SG" --version --json >"$WORK/v1.json"
"$SG" --json --version >"$WORK/v2.json"
cmp -s "$WORK/v1.json" "$WORK/v2.json" || fail "--json --version differs from --version --json"
python3 - "$WORK/v1.json" "$want" "$schema" "${names[*]}" "$expected" <<'PY' || fail "--version --json"
import json, sys
doc = json.load(open(sys.argv[1]))
want, schema, names = sys.argv[2], int(sys.argv[3]), sys.argv[4].split()
libs = dict(l.split(" ", 1) for l in sys.argv[5].splitlines()[2:])
assert set(doc) == {"safeguard", "schema", "libraries"}, doc.keys()
assert doc["safeguard"] == want, doc["safeguard"]
assert doc["schema"] == schema and type(doc["schema"]) is int, doc["schema"]
assert list(doc["libraries"]) == names, list(doc["libraries"])
assert doc["libraries"] == libs, (doc["libraries"], libs)
PY
ok "--version --json: the same facts as one object, either option order"

# --version with a verb is a usage error; help lists --version.
expect_exit 1 "$SG" --store "$WORK/s" --version status
grep -q -- "--version takes no verb" "$WORK/err" || fail "message: $(cat "$WORK/err")"
[ ! -s "$WORK/out" ] || fail "--version with a verb printed: $(cat "$WORK/out")"
"$SG" help | grep -q -- '^  --version ' || fail "safeguard help does not list --version"
ok "--version with a verb exits 1; 'safeguard help' lists --version"
