#!/usr/bin/env python3
"""The DfE rule sets by collection year against their documentation.

data/rule_years.csv says, for each CIN and SSDA903 rule that starts, ends or changes code or
severity, in which collection years it applies and as what; data/collection_years.csv which
years have a rule set. This check fails when
  - a rule id registered in src/validate/rules_cin.c or rules_903.c is missing from
    docs/rules_cin.md / docs/rules_903.md, or a rule listed there as implemented is not
    registered;
  - a rule of data/rule_years.csv is not registered, or its row in the doc's "Collection years"
    table does not state exactly its years, codes and severities (or the table lists a rule
    the data does not);
  - the doc does not name the supported years as collection_years.csv has them.
Usage: rule_years_docs.py SOURCE_ROOT"""
import csv
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
problems = []


def fy(year):
    """2025 -> '2024-25'"""
    return "%d-%02d" % (year - 1, year % 100)


def span(a, b):
    if not a and not b:
        return "every year"
    if not a:
        return "up to " + fy(b)
    if not b:
        return fy(a) + " on"
    return fy(a) if a == b else "%s to %s" % (fy(a), fy(b))


def years_text(rows):
    parts = []
    for r in rows:
        a = int(r["from_year"]) if r["from_year"] else 0
        b = int(r["to_year"]) if r["to_year"] else 0
        what = "withdrawn" if r["severity"] == "withdrawn" else "%s %s" % (r["code"], r["severity"])
        parts.append("%s: %s" % (span(a, b), what))
    return "; ".join(parts)


def registered(path, macro):
    """The ids of the registration table's entries (lines starting MACRO( or MACRO_F()."""
    text = open(path, encoding="utf-8").read()
    return set(re.findall(r"^\s+%s(?:_F)?\(\s*([A-Za-z0-9]+)\s*," % macro, text, re.M))


with open(root + "/data/collection_years.csv", newline="", encoding="utf-8") as f:
    years = sorted(int(r["year"]) for r in csv.DictReader(f))
with open(root + "/data/rule_years.csv", newline="", encoding="utf-8") as f:
    data = list(csv.DictReader(f))

families = {
    "cin": (root + "/src/validate/rules_cin.c", "RULE", root + "/docs/rules_cin.md"),
    "903": (root + "/src/validate/rules_903.c", "R903", root + "/docs/rules_903.md"),
}
for fam, (src, macro, docpath) in families.items():
    ids = registered(src, macro)
    if not ids:
        problems.append("%s: no rules found" % src)
    doc = open(docpath, encoding="utf-8").read()
    rows_by_id = {}
    for line in doc.splitlines():
        m = re.match(r"\|\s*([A-Za-z0-9]+)\s*\|", line)
        if m:
            rows_by_id.setdefault(m.group(1), []).append(line)
    # every registered rule is documented
    for rid in sorted(ids):
        if rid not in rows_by_id:
            problems.append("%s: rule %s is registered but not documented" % (docpath, rid))
    # every rule documented as implemented is registered
    section = None
    for line in doc.splitlines():
        if line.startswith("## "):
            section = line
        m = re.match(r"\|\s*([A-Za-z0-9]+)\s*\|", line)
        if not m or m.group(1) in ("id", "rule", "file"):
            continue
        implemented = (fam == "cin" and section and section.startswith("## Rules implemented")) or (
            fam == "903" and "| implemented |" in line)
        if implemented and m.group(1) not in ids:
            problems.append("%s: %s is listed as implemented but not registered" % (docpath, m.group(1)))
    # the supported years
    want = "Supported collection years: %s to %s." % (fy(years[0]), fy(years[-1]))
    if want not in doc:
        problems.append("%s does not say '%s'" % (docpath, want))
    # the years table
    table = {}
    m = re.search(r"^## Collection years\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    if not m:
        problems.append("%s has no '## Collection years' section" % docpath)
        continue
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and line.startswith("|") and cells[0] not in ("rule", "---", ""):
            if not cells[0].startswith("-"):
                table[cells[0]] = cells[1]
    mine = {}
    for r in data:
        if r["family"] == fam:
            mine.setdefault(r["rule"], []).append(r)
    for rid, rows in mine.items():
        if rid not in ids:
            problems.append("data/rule_years.csv: %s rule %s is not registered" % (fam, rid))
        if rid not in table:
            problems.append("%s: no 'Collection years' row for %s" % (docpath, rid))
        elif table[rid] != years_text(rows):
            problems.append("%s: %s's years say '%s', data/rule_years.csv '%s'"
                            % (docpath, rid, table[rid], years_text(rows)))
    for rid in table:
        if rid not in mine:
            problems.append("%s: 'Collection years' lists %s, which data/rule_years.csv does not"
                            % (docpath, rid))

for p in problems:
    print(p)
print("%d rule-year rows, years %s to %s: %d problem(s)"
      % (len(data), fy(years[0]), fy(years[-1]), len(problems)))
sys.exit(1 if problems else 0)
