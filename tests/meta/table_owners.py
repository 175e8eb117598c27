#!/usr/bin/env python3
"""table_owners.py - the store's tables are shared only as docs/store.md's ownership map says.

The map (the table under "## Who owns each table" in docs/store.md) lists for every table the
modules that write it and the modules that only read it; a module is a stage folder ("validate/")
or one file ("registers/lado_views.c"). This test reads the SQL in every src/ file's string
literals: INSERT/REPLACE INTO, UPDATE and DELETE FROM are writes; FROM and JOIN are reads. It
fails when a file writes a table its module does not own, reads one it is not listed for, names
a table the map does not list, or when the map lists a table no CREATE in src/store/schema.c
makes. store/schema.c (the migrations) creates every table and is exempt; a file's own
temporary tables (CREATE [TEMP] TABLE in that file), SQLite's own (sqlite_*, pragma_*) and
names built at run time ("live_" || table) are not checked.

Usage: table_owners.py SOURCE_ROOT"""
import os
import re
import sys

STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
WRITE = re.compile(r"\b(?:(?:INSERT|REPLACE)(?:\s+OR\s+[A-Z]+)?\s+INTO|UPDATE|DELETE\s+FROM)"
                   r"\s+(?:(?:main|temp)\.)?([a-z_][a-z0-9_]*)\b")
READ = re.compile(r"(?<!DELETE )\b(?:FROM|JOIN)\s+(?:(?:main|temp)\.)?([a-z_][a-z0-9_]*)\b(?!\s*\()")
CREATE = re.compile(r"\bCREATE\s+(?:TEMP\s+|TEMPORARY\s+|VIRTUAL\s+)?(?:TABLE|VIEW)\s+"
                    r"(?:IF\s+NOT\s+EXISTS\s+)?(?:(?:main|temp)\.)?([a-z_][a-z0-9_]*)")
ROW = re.compile(r"^\|([^|]*)\|([^|]*)\|([^|]*)\|\s*$")
TICKS = re.compile(r"`([^`]+)`")


def sql_of(path):
    """The text of a C file's string literals, adjacent ones joined (SQL spans lines)."""
    with open(path, encoding="utf-8") as f:
        return " ".join(m.group(1) for m in STRING.finditer(f.read()))


def read_map(doc):
    """{table: (writers, readers)} from the ownership table of docs/store.md."""
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    at = text.find("## Who owns each table")
    if at < 0:
        sys.exit(f"{doc}: no '## Who owns each table' section")
    owners = {}
    for line in text[at:].split("\n")[1:]:
        if line.startswith("## "):
            break
        m = ROW.match(line)
        if not m or set(m.group(1).strip()) <= set("-: "):
            continue
        tables = TICKS.findall(m.group(1))
        writers = TICKS.findall(m.group(2))
        readers = TICKS.findall(m.group(3))
        for t in tables:
            owners[t] = (writers, readers)
    if not owners:
        sys.exit(f"{doc}: the ownership table has no rows")
    return owners


def allowed(rel, modules):
    return any(rel == m or (m.endswith("/") and rel.startswith(m)) for m in modules)


def check(root):
    src = os.path.join(root, "src")
    owners = read_map(os.path.join(root, "docs", "store.md"))
    errors = []
    schema = os.path.join(src, "store", "schema.c")
    created = set(CREATE.findall(sql_of(schema)))
    with open(schema, encoding="utf-8") as f:  # the record tables: REC_TABLE("contact", ...)
        created |= set(re.findall(r'\bREC_TABLE\("([a-z_0-9]+)"', f.read()))
    for t in sorted(set(owners) - created):
        errors.append(f"docs/store.md: table '{t}' is in the map but src/store/schema.c does "
                      "not create it")
    for t in sorted(created - set(owners)):
        if not t.startswith("live_"):
            errors.append(f"src/store/schema.c: table '{t}' is missing from docs/store.md's map")
    for dirpath, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith(".c"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            if rel == "store/schema.c":
                continue
            sql = sql_of(os.path.join(dirpath, name))
            private = set(CREATE.findall(sql))
            seen = set()
            for kind, rx in (("writes", WRITE), ("reads", READ)):
                for t in rx.findall(sql):
                    t = t[5:] if t.startswith("live_") else t  # the live view of a table
                    if (kind, t) in seen or t in private or t.startswith(("sqlite_", "pragma_")):
                        continue
                    seen.add((kind, t))
                    if t == "" or t == "temp":
                        continue
                    if t not in owners:
                        errors.append(f"src/{rel}: {kind} table '{t}', which docs/store.md's "
                                      "map does not list")
                        continue
                    writers, readers = owners[t]
                    ok = allowed(rel, writers) if kind == "writes" else \
                        allowed(rel, writers) or allowed(rel, readers)
                    if not ok:
                        errors.append(f"src/{rel}: {kind} table '{t}', owned by "
                                      f"{', '.join(writers)}; docs/store.md does not list "
                                      f"{rel} as a {'writer' if kind == 'writes' else 'reader'}")
    return sorted(errors)


def self_test():
    """A tree whose code breaks the map in each way is caught, and a clean one passes."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        def put(rel, text):
            os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w", encoding="utf-8") as f:
                f.write(text)
        put("docs/store.md", "## Who owns each table\n\n| table | writes | reads |\n|---|---|---|\n"
            "| `a`, `b` | `store/` | `web/x.c` |\n| `c` | `registers/r.c` | |\n## Next\n")
        put("src/store/schema.c", '"CREATE TABLE a (x);" REC_TABLE("b", "", "y")\n'
            '"CREATE TABLE IF NOT EXISTS c (z);"\n')
        put("src/store/s.c", '"INSERT INTO a VALUES (1)" "UPDATE b SET y = 1"\n')
        put("src/web/x.c", '"SELECT x FROM live_a JOIN b ON 1" "SELECT count(*) FROM sqlite_schema"\n')
        put("src/registers/r.c", '"DELETE FROM c" "CREATE TEMP TABLE t (q)" "INSERT INTO t VALUES (1)"\n')
        assert check(d) == [], check(d)
        put("src/web/x.c", '"UPDATE a SET x = 2" "SELECT z FROM c"\n')
        put("src/registers/r.c", '"SELECT q FROM nowhere"\n')
        got = check(d)
        want = ["src/registers/r.c: reads table 'nowhere', which docs/store.md's map does not list",
                "src/web/x.c: reads table 'c', owned by registers/r.c; docs/store.md does not "
                "list web/x.c as a reader",
                "src/web/x.c: writes table 'a', owned by store/; docs/store.md does not list "
                "web/x.c as a writer"]
        assert got == want, got


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    self_test()
    errors = check(sys.argv[1])
    for e in errors:
        print(e)
    print(f"{len(errors)} offence(s) against docs/store.md's table ownership map")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
