#!/usr/bin/env bash
# returns_generated.sh - the generator's partner returns against its manifest: a generated
# partnership's measure catalogue and commentary import as registers, its returns (with their
# received days) through returns/manifest.json, and then the return calendar shows for every
# owed return exactly the status the manifest records (on time, late, missing), the same
# received day, resubmissions and refused returns; and the data quality per organisation and
# year is what the manifest's returns add up to (computed here from the manifest alone).
source "$(dirname "$0")/lib.bash"
need_tool python3
P="$WORK/p"
S="$WORK/s"
"$SG" --quiet generate --children 3000 --years 2 --seed 7 --out "$P" --faults 0.01 >/dev/null
"$SG" --quiet --store "$S" init >/dev/null
for r in organisation measure commentary; do
  "$SG" --store "$S" register "$r" import "$P/registers/$r.csv" --user e2e >/dev/null || fail "register $r"
done
"$SG" --store "$S" import --manifest "$P/returns/manifest.json" >"$WORK/import.log" || fail "returns import"

python3 - "$P/manifest.json" <<'PY' || fail "the manifest's returns are not as documented"
import json, sys
m = json.load(open(sys.argv[1]))
pr = m["partner_returns"]
assert pr["due_days"] == 15 and pr["manifest"] == "returns/manifest.json" and pr["measures"] == 31, pr.keys()
st = [r["status"] for r in pr["returns"]]
# every kind is there: the generator plants one of each in the last year
for s in ("on_time", "late", "missing"):
    assert s in st, (s, st)
assert any(r["resubmissions"] for r in pr["returns"]), "no resubmission"
assert any(r["refused"] for r in pr["returns"]), "no refused return (--faults 0.01)"
PY
ok "the manifest lists returns on time, late, missing, resubmitted and refused"

# the calendar of each generated year against the manifest
for fy in 2023 2024; do
  "$SG" --json --store "$S" returns calendar --year $fy >"$WORK/cal$fy.json"
done
python3 - "$P/manifest.json" "$WORK/cal2023.json" "$WORK/cal2024.json" <<'PY' || fail "calendar differs from the manifest"
import json, sys
m = json.load(open(sys.argv[1]))
truth = {(r["organisation"], r["period"]): r for r in m["partner_returns"]["returns"]}
seen = {}
for path in sys.argv[2:]:
    doc = json.load(open(path))
    t = [b for b in doc["blocks"] if b["type"] == "table"][0]
    assert t["columns"] == ["organisation", "period", "due", "status", "received",
                            "resubmissions", "refused", "queries", "measures owed", "supplied"], t["columns"]
    for org, per, due, status, rec, resub, refused, queries, owed, sup in t["rows"]:
        assert refused == "0", (org, per, refused)  # the planted faults are imported below
        seen[(org, per)] = (due, status, rec, int(resub), int(queries), int(owed), int(sup))
assert set(seen) == set(truth), (set(seen) ^ set(truth))
bad = []
for k, r in truth.items():
    due, status, rec, resub, queries, owed, sup = seen[k]
    want = {"on_time": "on time", "late": "late by", "missing": "missing"}[r["status"]]
    ok = (due == r["due"] and status.startswith(want) and rec == (r["received"] or "-")
          and resub == r["resubmissions"] and queries == 0 and owed == r["measures"]
          and sup == (0 if r["status"] == "missing" else r["measures"]))
    if not ok:
        bad.append((k, seen[k], r))
assert not bad, bad[:5]
print(len(truth), "returns match")
PY
ok "calendar: every owed return's due date, status, received day and resubmissions as the manifest says"

# the planted faults: each refused file, imported on its own, is refused naming line and field
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
for r in m["partner_returns"]["returns"]:
    for f in r["files"]:
        if "fault" in f:
            print(f["path"], r["organisation"], r["period"])' "$P/manifest.json" >"$WORK/refused"
[ -s "$WORK/refused" ] || fail "no refused file planted"
grep -q "returns/YJS_2024-Q2.csv YJS 2024-Q2" "$WORK/refused" || fail "the planted YJS 2024-Q2 fault is missing"
while read -r path org per; do
  grep -q "\"$(basename "$path")\"" "$P/returns/manifest.json" && fail "$path is in the import manifest"
  subs=$(q "$S" "SELECT count(*) FROM submission")
  expect_exit 1 "$SG" --store "$S" import "$P/$path" --agency "$org" --period "$per"
  grep -Eq "$(basename "$path"):[0-9]+: (value|numerator): not a number" "$WORK/err" ||
    fail "$path: the refusal does not name line and field: $(cat "$WORK/err")"
  [ "$(q "$S" "SELECT count(*) FROM submission")" = "$subs" ] || fail "$path: a refused return was stored"
  n=$(sed -n 's/^safeguard: the partner return has \([0-9]*\) problem(s) to fix:$/\1/p' "$WORK/err")
  [ -n "$n" ] || fail "$path: no problem count: $(cat "$WORK/err")"
  # ... but it leaves its refusal, with as many problems as it printed
  [ "$(q "$S" "SELECT organisation || ' ' || period || ' ' || problems FROM return_refusal WHERE file = '$(basename "$path")' ORDER BY id DESC LIMIT 1")" = "$org $per $n" ] ||
    fail "$path: refusal not recorded: $(q "$S" "SELECT * FROM return_refusal WHERE file = '$(basename "$path")'")"
  echo "$org $per $n" >>"$WORK/refusals"
done <"$WORK/refused"
ok "every planted fault ($(wc -l <"$WORK/refused") files) is refused on import naming the file, line and field; none is in the import manifest"

# data quality per organisation for the last year, from the manifest alone
"$SG" --json --store "$S" returns quality --year 2024 >"$WORK/q.json"
python3 - "$P/manifest.json" "$WORK/q.json" "$WORK/refusals" <<'PY' || fail "data quality differs from the manifest"
import json, sys
from fractions import Fraction
def pct(n, d):
    """n of d as a percentage to one decimal place, halves away from zero (docs/registers.md)"""
    if d == 0:
        return "-"
    tenths = (Fraction(n * 1000, d) + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}"
m = json.load(open(sys.argv[1]))
want = {}
for r in m["partner_returns"]["returns"]:
    if not r["period"].startswith("2024"):
        continue
    w = want.setdefault(r["organisation"], [0, 0, 0, 0, 0, 0, 0, 0, 0])
    w[0] += 1
    w[1] += r["status"] == "on_time"
    w[2] += r["status"] == "late"
    w[3] += r["status"] == "missing"
    w[4] += r["measures"]
    w[5] += 0 if r["status"] == "missing" else r["measures"]
    w[6] += r["resubmissions"]
# each planted fault was refused above (today, SG_TODAY, so seen today): refused 1, queries its
# problems
for line in open(sys.argv[3]):
    org, per, n = line.split()
    if per.startswith("2024"):
        want[org][7] += int(n)
        want[org][8] += 1
doc = json.load(open(sys.argv[2]))
rows = [b for b in doc["blocks"] if b["type"] == "table"][0]["rows"]
got = {r[0]: r for r in rows if r[1] == "2024-25"}
assert set(got) == set(want), (set(got), set(want))
for org, w in want.items():
    exp = [org, "2024-25", str(w[0]), str(w[1]), str(w[2]), str(w[3]), pct(w[1], w[0]),
           pct(w[5], w[4]), str(w[6]), str(w[8]), str(w[7])]
    assert got[org] == exp, (got[org], exp)
print(len(want), "organisations match")
PY
ok "data quality: returns, on time, late, missing, % on time, % complete, resubmissions, refused, queries per organisation as the manifest and the refused imports add up"

# the chase list on the last quarter's due day holds the missing returns of the year
"$SG" --json --store "$S" returns due --as-of 2025-04-23 >"$WORK/due.json"
python3 - "$P/manifest.json" "$WORK/due.json" <<'PY' || fail "chase list"
import json, sys
m = json.load(open(sys.argv[1]))
rows = [b for b in json.load(open(sys.argv[2]))["blocks"] if b["type"] == "table"][0]["rows"]
missing = {(r[0], r[2]) for r in rows if r[4].startswith("missing")}
# the chase list covers the financial year holding the day (2025-26) and the one before
rets = [r for r in m["partner_returns"]["returns"] if r["period"].startswith("2024")]
want = {(r["organisation"], r["period"]) for r in rets if r["due"] < "2025-04-23" and
        (r["status"] == "missing" or r["received"] > "2025-04-23")}
assert want, "nothing to chase"
assert missing == want, (missing ^ want)
PY
ok "chase list on 2025-04-23: the returns of 2024-25 still missing that day (not yet received or never)"
