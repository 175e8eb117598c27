#!/usr/bin/env python3
"""style.py - the written style, checked (as curl's checksrc): over the C of src/, tests/unit/
and fuzz/ it fails on
  - drift from .clang-format (clang-format-14 --dry-run -Werror),
  - lines over 100 columns,
  - the banned functions (strcpy, strcat, sprintf, vsprintf, gets, atoi, atol, atof, strtok,
    tmpnam, mktemp): unbounded writes, no error report, hidden state or a race; use snprintf,
    sg_strlcpy, strtol/strtod with an end check, strtok_r, mkstemp,
  - tracker references in comments ("issue 5", "item 2", "branch wt/report"): they mean
    nothing to a reader of the code; say what the code does instead.

Usage: style.py SOURCE_ROOT          (exit 0 when clean; 1 with every offence listed)
       style.py SOURCE_ROOT --fix    (reformats the files with clang-format-14 in place, then
                                      checks; the other offences are for a person to fix)"""
import os
import re
import shutil
import subprocess
import sys

DIRS = ("src", "tests/unit", "fuzz")
EXTS = (".c", ".h", ".inc")
MAX_COLS = 100
CLANG_FORMAT = "clang-format-14"
BANNED = ("strcpy", "strcat", "sprintf", "vsprintf", "gets", "atoi", "atol", "atof", "strtok",
          "tmpnam", "mktemp")
# a call: the name not preceded by an identifier character (snprintf, strtok_r are fine)
CALL = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(BANNED) + r")\s*\(")
TRACKER = re.compile(r"\b(issue\s+#?\d+|item\s+#?\d+|branch\s+wt/|wt/[a-z0-9_-]+\b)",
                     re.IGNORECASE)


def c_files(root):
    out = []
    for d in DIRS:
        for base, _, names in os.walk(os.path.join(root, d)):
            for n in names:
                if n.endswith(EXTS):
                    out.append(os.path.relpath(os.path.join(base, n), root))
    return sorted(out)


def split_code_comments(text):
    """Returns (code, comments): the text with comments blanked, and with code blanked (string
    and character literals count as code, blanked in both), keeping every newline so line
    numbers hold."""
    code, com = [], []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            seg = text[i:j]
            code.append(re.sub(r"[^\n]", " ", seg))
            com.append(seg)
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            code.append(" " * (j - i))
            com.append(text[i:j])
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            blank = c + re.sub(r"[^\n]", " ", text[i + 1:j - 1]) + (text[j - 1] if j - 1 > i else "")
            code.append(blank)
            com.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        else:
            code.append(c)
            com.append(c if c == "\n" else " ")
            i += 1
    return "".join(code), "".join(com)


def check_text(rel, text):
    errors = []
    for no, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_COLS:
            errors.append(f"{rel}:{no}: {len(line)} columns (at most {MAX_COLS})")
    code, com = split_code_comments(text)
    for no, line in enumerate(code.split("\n"), 1):
        for m in CALL.finditer(line):
            errors.append(f"{rel}:{no}: {m.group(1)}() is banned (see tests/meta/style.py)")
    for no, line in enumerate(com.split("\n"), 1):
        m = TRACKER.search(line)
        if m:
            errors.append(f"{rel}:{no}: tracker reference in a comment: '{m.group(0)}'")
    return errors


def clang_format(root, files, fix):
    """Offences from clang-format's dry run (one per file that drifts), after --fix rewrote."""
    exe = shutil.which(CLANG_FORMAT)
    if not exe:
        return [f"{CLANG_FORMAT} not found (scripts/install-deps.sh installs it)"]
    errors = []
    for k in range(0, len(files), 50):
        chunk = files[k:k + 50]
        if fix:
            subprocess.run([exe, "-i", "--style=file"] + chunk, check=True, cwd=root)
        r = subprocess.run([exe, "--dry-run", "-Werror", "--style=file"] + chunk,
                           capture_output=True, text=True, cwd=root)
        drift = sorted(set(re.findall(r"^(.+?):\d+:\d+: error:", r.stderr, re.M)))
        errors += [f"{f}: differs from .clang-format (run tests/meta/style.py ROOT --fix)"
                   for f in drift]
        if r.returncode and not drift:
            errors.append(f"{CLANG_FORMAT} failed: {r.stderr.strip()[:300]}")
    return errors


def check(root, fix=False):
    files = c_files(root)
    fmt = clang_format(root, files, fix)  # first: --fix rewrites what the rest then reads
    errors = []
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            errors += check_text(rel, f.read())
    errors += fmt
    return errors, len(files)


def self_test():
    """The checker must catch what it exists to catch: a small bad file gives exactly its
    offences; the same file made good gives none."""
    import tempfile
    long_line = "int x; /* " + "y" * 95 + " */"
    bad = ("/* t.c - issue 5 item 2, from branch wt/report */\n"
           "#include <string.h>\n"
           "void f(char *d, const char *s)\n{\n"
           "    strcpy(d, s); /* strcat( in a comment is fine */\n"
           "    int n = atoi(\"sprintf(\");\n"
           "    (void)n;\n"
           "}\n" + long_line + "\n"
           "int  g(void) { return 0; }\n")
    want = ["t.c:9: 108 columns (at most 100)",
            "t.c:5: strcpy() is banned (see tests/meta/style.py)",
            "t.c:6: atoi() is banned (see tests/meta/style.py)",
            "t.c:1: tracker reference in a comment: 'issue 5'"]
    got = check_text("t.c", bad)
    assert got == want, got
    good = ("/* t.c - a clean file */\n#include <stdio.h>\n\n"
            "int g(void)\n{\n    return snprintf(NULL, 0, \"%s\", \"strcpy(\");\n}\n")
    assert check_text("t.c", good) == [], check_text("t.c", good)
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "src"))
        shutil.copy(os.path.join(os.path.dirname(__file__), "..", "..", ".clang-format"),
                    os.path.join(d, ".clang-format"))
        with open(os.path.join(d, "src", "t.c"), "w", encoding="utf-8") as f:
            f.write(good.replace("int g(void)", "int  g( void )"))
        errs, _ = check(d)
        want = ["src/t.c: differs from .clang-format (run tests/meta/style.py ROOT --fix)"]
        assert errs == want, errs
        errs, _ = check(d, fix=True)
        assert errs == [], errs


def main():
    args = [a for a in sys.argv[1:] if a != "--fix"]
    if len(args) != 1:
        sys.exit(__doc__)
    self_test()
    errors, nfiles = check(args[0], fix="--fix" in sys.argv[1:])
    for e in errors:
        print(e)
    print(f"{nfiles} files under {', '.join(DIRS)}: {len(errors)} offence(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
