#!/usr/bin/env python3
"""mutate.py - mutation testing of safeguard's C sources (tests/MUTATION.md).

Applies one operator mutation at a time to a source file under src/, rebuilds incrementally in a
dedicated build directory, runs only the CTest tests labelled with that file's module (labels are
set in tests/CMakeLists.txt: src/core/workdays.c -> label "core/workdays") and records whether
the suite noticed (killed) or not (survived). Standard library only.

Operators (one mutant per site and replacement):
  ror    relational boundary: <  <=, <= <, > >=, >= >, == !=, != ==
  lcr    logical connector:   && ||, || &&
  const  integer literal +1 and -1 (array sizes in declarations excepted)
  stmt   an expression statement (call, assignment, ++/--) dropped (replaced by ';')
  ret    return values: true<->false; in bool functions return E -> return !(E);
         in int status functions returning an error -> return SG_OK

A mutant that does not compile is "stillborn" and not counted. A mutant whose tests run past the
timeout counts as killed (reported as "timeout"). Survivors that are equivalent (same behaviour)
are declared in tests/mutation-equivalent.txt with a one-line reason; the report lists them apart.

Usage:
  scripts/mutate.py [--build build/mut] FILE...                 every mutant of each FILE
  scripts/mutate.py --sample 300 --seed 1 FILE...               a random sample across FILEs
  scripts/mutate.py --list FILE...                              print the mutants, run nothing
  scripts/mutate.py --fast-only FILE...                         first pass: unit tests only
  scripts/mutate.py --report-only --report R.md FILE...         the report from the results
  options: --results R.jsonl (appended, resumable: done mutants are skipped), --report R.md,
           --timeout-factor 3, --only KEYSUBSTRING, --build DIR
The source file is restored after every mutant (and on Ctrl-C); the tool refuses to start when
the file has uncommitted changes in git, so a crash can never leave a mutant behind unnoticed.
"""
import argparse
import difflib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KEYWORDS = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "_Bool", "_Static_assert", "bool",
}
OPS = ["<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
       "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|="]
ROR = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
LCR = {"&&": "||", "||": "&&"}
ASSIGN = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "<<=", ">>="}


class Tok:
    __slots__ = ("kind", "text", "start", "end", "line")

    def __init__(self, kind, text, start, end, line):
        self.kind, self.text, self.start, self.end, self.line = kind, text, start, end, line


def lex(src):
    """Tokens of C source outside comments, string/char literals and preprocessor lines."""
    toks, i, n, line = [], 0, len(src), 1
    at_line_start = True
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
            at_line_start = True
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if at_line_start and c == "#":  # preprocessor line, with continuations
            while i < n and src[i] != "\n":
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    line += 1
                    i += 1
                i += 1
            continue
        at_line_start = False
        if src.startswith("//", i):
            while i < n and src[i] != "\n":
                i += 1
            continue
        if src.startswith("/*", i):
            j = src.index("*/", i + 2) + 2
            line += src.count("\n", i, j)
            i = j
            continue
        if c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            toks.append(Tok("str", src[i:j + 1], i, j + 1, line))
            line += src.count("\n", i, j + 1)
            i = j + 1
            continue
        if c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            toks.append(Tok("id", src[i:j], i, j, line))
            i = j
            continue
        if c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            j = i
            while j < n and (src[j].isalnum() or src[j] in "._" or
                             (src[j] in "+-" and src[j - 1] in "eEpP" and not
                              src[i:j].lower().startswith("0x"))):
                j += 1
            toks.append(Tok("num", src[i:j], i, j, line))
            i = j
            continue
        for op in OPS:
            if src.startswith(op, i):
                toks.append(Tok("op", op, i, i + len(op), line))
                i += len(op)
                break
        else:
            toks.append(Tok("op", c, i, i + 1, line))
            i += 1
    return toks


INT_RE = re.compile(r"^(0[xX][0-9a-fA-F]+|[0-9]+)([uUlL]*)$")


def const_mutants(toks, k):
    t = toks[k]
    m = INT_RE.match(t.text)
    if not m:
        return []
    body, suffix = m.group(1), m.group(2)
    # Array sizes in declarations (char buf[64]) change nothing observable: skipped.
    if (k >= 2 and toks[k - 1].text == "[" and k + 1 < len(toks) and toks[k + 1].text == "]"
            and toks[k - 2].kind == "id" and k >= 3 and
            (toks[k - 3].kind == "id" and toks[k - 3].text not in ("return", "case", "sizeof")
             or toks[k - 3].text == "*")):
        return []
    octal = len(body) > 1 and body[0] == "0" and body[1] not in "xX"
    v = int(body, 8) if octal else int(body, 0)
    out = []
    for d in (1, -1):
        w = v + d
        if w < 0:
            rep = "(-1)" if not suffix else None
        elif body.lower().startswith("0x"):
            rep = hex(w) + suffix
        elif octal:
            rep = "0" + oct(w)[2:] + suffix
        else:
            rep = str(w) + suffix
        if rep is not None:
            out.append(("const", t.start, t.end, rep))
    return out


def functions(toks):
    """(open_index, close_index, return-type words) of each top-level function body."""
    out, depth, k = [], 0, 0
    while k < len(toks):
        t = toks[k]
        if t.text == "{" and depth == 0:
            # A function body follows ')'; walk back to the start of the declaration.
            if k > 0 and toks[k - 1].text == ")":
                j = k - 1
                while j > 0 and toks[j - 1].text not in (";", "}") :
                    j -= 1
                head = [x.text for x in toks[j:k]]
                d, e = 0, k
                while e < len(toks):
                    if toks[e].text == "{":
                        d += 1
                    elif toks[e].text == "}":
                        d -= 1
                        if d == 0:
                            break
                    e += 1
                out.append((k, e, head))
                k = e + 1
                continue
            depth += 1
        elif t.text == "{":
            depth += 1
        elif t.text == "}":
            depth -= 1
        k += 1
    return out


def stmt_end(toks, k):
    """Index of the ';' ending the expression statement starting at k, or None."""
    depth = 0
    for j in range(k, len(toks)):
        x = toks[j].text
        if x in "([{":
            depth += 1
        elif x in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif x == ";" and depth == 0:
            return j
    return None


def is_expr_stmt(toks, k):
    t = toks[k]
    if t.text in ("++", "--"):
        return True
    if t.text == "*" and k + 1 < len(toks) and toks[k + 1].kind == "id":
        return True
    if t.kind != "id" or t.text in KEYWORDS:
        return False
    if k + 1 >= len(toks):
        return False
    nx = toks[k + 1].text
    return nx in ("(", ".", "->", "[", "++", "--") or nx in ASSIGN


def stmt_mutants(toks, body_open, body_close):
    out = []
    starts = {body_open + 1}
    k = body_open + 1
    # Headers of if/while/for/switch: the token after their closing ')' starts a statement.
    while k < body_close:
        t = toks[k]
        if t.text in ("if", "while", "for", "switch") and toks[k + 1].text == "(":
            d, j = 0, k + 1
            while j < body_close:
                if toks[j].text == "(":
                    d += 1
                elif toks[j].text == ")":
                    d -= 1
                    if d == 0:
                        break
                j += 1
            starts.add(j + 1)
            k = j + 1
            continue
        if t.text in (";", "{", "}", "else", "do"):
            starts.add(k + 1)
        if t.text == ":" and k > 0:
            # after "case X:" / "default:" / a label
            j = k - 1
            while j > body_open and toks[j].text not in (";", "{", "}", ":"):
                j -= 1
            if toks[j + 1].text in ("case", "default") or (j + 2 == k and toks[j + 1].kind == "id"):
                starts.add(k + 1)
        k += 1
    for s in sorted(starts):
        if s < body_close and is_expr_stmt(toks, s):
            e = stmt_end(toks, s)
            if e is not None and e < body_close:
                # not in a for(;;) header: the previous statement-start token is not inside parens
                out.append(("stmt", toks[s].start, toks[e].end, ";"))
    return out


def ret_mutants(toks, body_open, body_close, head):
    out = []
    words = [w for w in head if w not in ("static", "inline", "extern", "const")]
    rtype = words[0] if words else ""
    is_bool = rtype == "bool"
    is_status = rtype in ("int", "sg_status") and "*" not in head[:head.index("(")] if "(" in head else False
    for k in range(body_open + 1, body_close):
        if toks[k].text != "return":
            continue
        e = stmt_end(toks, k + 1)
        if e is None or e == k + 1:
            continue
        expr = toks[k + 1:e]
        a, b = expr[0].start, expr[-1].end
        if len(expr) == 1 and expr[0].text in ("true", "false"):
            out.append(("ret", a, b, "false" if expr[0].text == "true" else "true"))
        elif is_bool:
            out.append(("ret", a, b, None))  # filled with !( ... ) by apply
        elif is_status and len(expr) >= 1 and (
                (expr[0].text.startswith("SG_E")) or
                (expr[0].text in ("sg_err", "sg_errf", "sg_err_at", "sg_err_sqlite", "fail", "db_err"))):
            out.append(("ret", a, b, "SG_OK"))
    return out


def mutants_of(path):
    src = open(path, encoding="utf-8").read()
    toks = lex(src)
    muts = []
    for k, t in enumerate(toks):
        if t.kind == "op" and t.text in ROR:
            muts.append(("ror", t.start, t.end, ROR[t.text]))
        elif t.kind == "op" and t.text in LCR:
            muts.append(("lcr", t.start, t.end, LCR[t.text]))
        elif t.kind == "num":
            muts.extend(const_mutants(toks, k))
    for (o, c, head) in functions(toks):
        muts.extend(stmt_mutants(toks, o, c))
        muts.extend(ret_mutants(toks, o, c, head))
    # Only mutants inside function bodies matter (globals/initialisers are data, still allowed).
    out, seen = [], {}
    rel = os.path.relpath(path, ROOT)
    for (op, a, b, rep) in sorted(muts, key=lambda m: (m[1], m[0], str(m[3]))):
        orig = src[a:b]
        if rep is None:
            rep = "!(" + orig + ")"
        mutated = src[:a] + rep + src[b:]
        line = src.count("\n", 0, a) + 1
        ltext = src.splitlines()[line - 1].strip()
        base = "%s|%s|%s -> %s|%s" % (rel, op, " ".join(orig.split()), " ".join(rep.split()), ltext)
        seen[base] = seen.get(base, 0) + 1
        key = "%s|#%d" % (base, seen[base])
        out.append({"key": key, "file": rel, "op": op, "line": line, "orig": orig, "rep": rep,
                    "mutated": mutated})
    return src, out


def label_of(rel):
    return re.sub(r"^src/", "", rel)[:-2]  # src/core/workdays.c -> core/workdays


def run(cmd, timeout=None, cwd=ROOT):
    try:
        p = subprocess.run(["nice", "-n", "19"] + cmd, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout, text=True)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as ex:
        out = ex.stdout.decode() if isinstance(ex.stdout, bytes) else (ex.stdout or "")
        return None, out


def tests_for(build, label):
    rc, out = run(["ctest", "--test-dir", build, "-N", "-L", "^%s$" % re.escape(label),
                   "--show-only=json-v1"])
    if rc != 0:
        sys.exit("mutate: ctest -N failed:\n" + out)
    info = json.loads(out[out.index("{"):])
    names, targets, target_of = [], {"safeguard"}, {}
    for t in info.get("tests", []):
        names.append(t["name"])
        cmd = t.get("command", [])
        target_of[t["name"]] = "safeguard"  # the e2e scripts run the CLI
        if cmd and os.path.basename(cmd[0]) not in ("bash", "sh", "python3"):
            targets.add(os.path.basename(cmd[0]))
            target_of[t["name"]] = os.path.basename(cmd[0])
    return names, sorted(targets), target_of


def load_equivalents(path):
    eq = {}
    if not os.path.exists(path):
        return eq
    for ln in open(path, encoding="utf-8"):
        ln = ln.rstrip("\n")
        if not ln or ln.startswith("#"):
            continue
        key, _, reason = ln.rpartition("\t")
        eq[key] = reason
    return eq


def git_clean(rel):
    p = subprocess.run(["git", "status", "--porcelain", "--", rel], cwd=ROOT,
                       stdout=subprocess.PIPE, text=True)
    return p.stdout.strip() == ""


def diff_of(m, src):
    a = src.splitlines(keepends=True)
    b = m["mutated"].splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, "a/" + m["file"], "b/" + m["file"], n=1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--build", default="build/mut")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--report-only", action="store_true",
                    help="write --report from --results without running anything")
    ap.add_argument("--results", default="build/mut/mutation-results.jsonl")
    ap.add_argument("--report", default="")
    ap.add_argument("--equivalents", default="tests/mutation-equivalent.txt")
    ap.add_argument("--timeout-factor", type=float, default=3.0)
    ap.add_argument("--only", action="append", default=[],
                    help="only mutants whose key contains this text (repeatable: any of them)")
    ap.add_argument("--fast-only", action="store_true",
                    help="first pass: only tests under 2 s; survivors are recorded as "
                         "'fast-survived' and get the slow tests in a later run without it")
    ap.add_argument("--fast-seconds", type=float, default=2.0,
                    help="what counts as a fast test (default 2 s; the access layer's unit tests "
                         "spend 5-25 s in Argon2, so its pass uses 60)")
    a = ap.parse_args()
    os.chdir(ROOT)

    per_file = {}
    for f in a.files:
        rel = os.path.relpath(os.path.abspath(f), ROOT)
        per_file[rel] = mutants_of(rel)
    chosen = [m for rel in per_file for m in per_file[rel][1]]
    if a.only:
        chosen = [m for m in chosen if any(o in m["key"] for o in a.only)]
    if a.sample:
        rnd = random.Random(a.seed)
        # Kept in the sample's random order, so a run stopped part-way is still a random
        # sample of what it covered.
        chosen = rnd.sample(chosen, min(a.sample, len(chosen)))
    if a.list:
        for m in chosen:
            print("%s:%d %s" % (m["file"], m["line"], m["key"].split("|", 1)[1]))
        print("%d mutants" % len(chosen), file=sys.stderr)
        return 0

    eq = load_equivalents(a.equivalents)
    done = {}
    if os.path.exists(a.results):
        for ln in open(a.results, encoding="utf-8"):
            r = json.loads(ln)
            done[r["key"]] = r
    if a.report_only:
        write_report(a, chosen, done, eq, per_file)
        return 0
    for rel in per_file:
        if not git_clean(rel):
            sys.exit("mutate: %s has uncommitted changes; commit or stash them first" % rel)

    # Re-configure so that CTest's labels match tests/CMakeLists.txt and mutation-labels.cmake.
    rc, out = run(["cmake", a.build])
    if rc != 0:
        sys.exit("mutate: cmake %s failed:\n%s" % (a.build, out[-3000:]))
    # Baseline: the unmutated file's tests must pass; their time sets the timeout.
    baseline = {}
    times_cache = {}
    current = {"rel": None}

    def restore(*_):
        if current["rel"]:
            with open(current["rel"], "w", encoding="utf-8") as fh:
                fh.write(per_file[current["rel"]][0])
            current["rel"] = None

    def on_signal(signum, _frame):
        restore()
        sys.exit(128 + signum)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    res_fh = open(a.results, "a", encoding="utf-8")
    killers = []  # fast tests that killed a mutant, most recent first
    try:
        for i, m in enumerate(chosen):
            rel = m["file"]
            if m["key"] in done and (done[m["key"]]["status"] != "fast-survived" or a.fast_only):
                continue
            if m["key"] in done and m["key"] in eq:
                continue  # survived the fast tests and is shown equivalent: the slow ones can't kill it
            label = label_of(rel)
            if rel not in baseline:
                names, targets, target_of = tests_for(a.build, label)
                if not names:
                    sys.exit("mutate: no test carries label %s (tests/CMakeLists.txt)" % label)
                rc, out = run(["cmake", "--build", a.build, "-j2", "--target"] + targets)
                if rc != 0:
                    sys.exit("mutate: baseline build failed:\n" + out[-3000:])
                times = {}
                for name in names:
                    if name in times_cache:  # timed (and passed) for an earlier file
                        times[name] = times_cache[name]
                        continue
                    if a.fast_only and name.startswith("e2e."):
                        times[name] = float("inf")  # slow by nature; not run in this pass
                        continue
                    t0 = time.time()
                    rc, out = run(["ctest", "--test-dir", a.build, "-R", "^%s$" % re.escape(name)])
                    times[name] = time.time() - t0
                    if rc != 0:
                        sys.exit("mutate: baseline test %s fails for %s:\n%s" %
                                 (name, rel, out[-3000:]))
                times_cache.update(times)
                # Fastest first: a killed mutant is usually caught in a second.
                names = sorted(names, key=lambda x: times[x])
                baseline[rel] = (names, targets, times, target_of)
                print("== %s: %d tests (%s), baseline %.1f s" %
                      (rel, len(names), label, sum(times.values())), flush=True)
            names, targets, times, target_of = baseline[rel]
            current["rel"] = rel
            with open(rel, "w", encoding="utf-8") as fh:
                fh.write(m["mutated"])
            t0 = time.time()
            # The library first (a mutant that does not compile is stillborn); then each test's
            # executable only just before that test runs, so a mutant killed by the first test
            # costs one link, not one per test that runs the file.
            rc, out = run(["cmake", "--build", a.build, "-j2", "--target", "safeguard_lib"])
            r = {"key": m["key"], "file": rel, "line": m["line"], "op": m["op"]}
            built = set()

            def build(tgts):
                want = sorted(set(tgts) - built)
                if not want:
                    return True
                ok = run(["cmake", "--build", a.build, "-j2", "--target"] + want)[0] == 0
                built.update(want)
                return ok
            if rc != 0:
                r["status"] = "stillborn"
            else:
                r["status"] = "survived"
                # Fast tests one at a time, fastest first (most kills happen in the first
                # second); the slow rest (e2e scripts, mostly waiting) two at a time.
                fast = [x for x in names if times[x] < a.fast_seconds]
                # The test that killed the last mutants first: neighbouring mutants (the same
                # function) mostly fall to the same test, which need not be the fastest.
                fast.sort(key=lambda x: killers.index(x) if x in killers else len(killers))
                slow = [x for x in names if times[x] >= a.fast_seconds]
                for k, name in enumerate(fast):
                    # After three survived tests the mutant is likely to survive them all: link
                    # the rest in one build (two at a time) rather than one call per test.
                    if not build([target_of[x] for x in (fast[k:] if k == 3 else [name])]):
                        r["status"] = "stillborn"
                        break
                    limit = max(20.0, a.timeout_factor * times[name] + 10)
                    rc, out = run(["ctest", "--test-dir", a.build, "-R", "^%s$" % re.escape(name),
                                   "--timeout", str(int(limit))], timeout=limit + 30)
                    if rc != 0:
                        timeout = rc is None or "Timeout" in out
                        r["status"] = "timeout" if timeout else "killed"
                        r["by"] = name
                        if name in killers:
                            killers.remove(name)
                        killers.insert(0, name)
                        break
                if r["status"] == "survived" and slow and a.fast_only:
                    r["status"] = "fast-survived"
                elif r["status"] == "survived" and slow and not build(
                        [target_of[x] for x in slow]):
                    r["status"] = "stillborn"
                elif r["status"] == "survived" and slow:
                    limit = max(20.0, a.timeout_factor * max(times[x] for x in slow) + 10)
                    rx = "^(%s)$" % "|".join(re.escape(x) for x in slow)
                    rc, out = run(["ctest", "--test-dir", a.build, "-R", rx, "-j2",
                                   "--timeout", str(int(limit))], timeout=2 * limit + 60)
                    if rc != 0:
                        fails = re.findall(r"Test\s+#\d+: (\S+) \.+\**\s*(Failed|Timeout|"
                                           r"Exception|Subprocess aborted|SEGFAULT|Child aborted)",
                                           out)
                        timeout = rc is None or any(f[1] == "Timeout" for f in fails)
                        r["status"] = "timeout" if timeout else "killed"
                        r["by"] = fails[0][0] if fails else "?"
            restore()
            r["seconds"] = round(time.time() - t0, 1)
            if r["status"] in ("survived", "fast-survived"):
                r["diff"] = diff_of(m, per_file[rel][0])
            res_fh.write(json.dumps(r) + "\n")
            res_fh.flush()
            done[m["key"]] = r
            print("[%d/%d] %s %s:%d %s %s" % (i + 1, len(chosen), r["status"], rel, m["line"],
                                           m["op"], r.get("by", "")), flush=True)
    finally:
        restore()
        res_fh.close()
        # Leave the build matching the restored sources.
        for rel in baseline:
            run(["cmake", "--build", a.build, "-j2", "--target"] + baseline[rel][1])

    if a.report:
        write_report(a, chosen, done, eq, per_file)
    return 0


def write_report(a, chosen, done, eq, per_file):
    lines = []
    files = []
    for m in chosen:
        if m["file"] not in files:
            files.append(m["file"])
    lines.append("| file | mutants | stillborn | killed | timeout | killed by ASan only | survived | "
                 "equivalent | not run |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    tot = [0] * 8
    surv, equiv, asan, untestable = [], [], [], []
    for f in files:
        c = {"stillborn": 0, "killed": 0, "timeout": 0, "survived": 0, "equivalent": 0, "notrun": 0,
             "fast-survived": 0, "asan": 0}
        ms = [m for m in chosen if m["file"] == f]
        for m in ms:
            r = done.get(m["key"])
            if not r:
                c["notrun"] += 1
                continue
            st = r["status"]
            if st == "fast-survived":
                c["fast-survived"] += 1  # reported as survived, marked as such
                st = "survived"
            if st == "survived" and m["key"] in eq and eq[m["key"]].startswith("ASan:"):
                st = "asan"
                asan.append((m, r, eq[m["key"]]))
            elif st == "survived" and m["key"] in eq and eq[m["key"]].startswith("untestable:"):
                untestable.append((m, r, eq[m["key"]]))
            elif st == "survived" and m["key"] in eq:
                st = "equivalent"
                equiv.append((m, r, eq[m["key"]]))
            elif st == "survived":
                surv.append((m, r))
            c[st] += 1
        row = [len(ms), c["stillborn"], c["killed"], c["timeout"], c["asan"], c["survived"],
               c["equivalent"], c["notrun"]]
        tot = [x + y for x, y in zip(tot, row)]
        lines.append("| %s | %s |" % (f, " | ".join(str(x) for x in row)))
    lines.append("| **total** | %s |" % " | ".join(str(x) for x in tot))
    run_n = tot[2] + tot[3] + tot[4] + tot[5] + tot[6]
    if run_n:
        k = tot[2] + tot[3] + tot[4]
        lines.append("")
        lines.append("Killed (incl. timeouts and ASan-only): %d of %d compiled mutants run (%.1f%%); "
                     "of those not equivalent: %.1f%%; equivalent: %d; survived: %d." %
                     (k, run_n, 100.0 * k / run_n,
                      100.0 * k / (run_n - tot[6]) if run_n > tot[6] else 100.0, tot[6], tot[5]))
    if equiv:
        lines.append("")
        lines.append("### Equivalent survivors")
        for m, r, why in equiv:
            lines.append("- `%s:%d` %s `%s` -> `%s`: %s" % (m["file"], m["line"], m["op"],
                                                        " ".join(m["orig"].split())[:60],
                                                        " ".join(m["rep"].split())[:60], why))
    if asan:
        lines.append("")
        lines.append("### Killed only under ASan (make test's build), not in this -O1 build")
        for m, r, why in asan:
            lines.append("- `%s:%d` %s `%s` -> `%s`: %s" % (m["file"], m["line"], m["op"],
                                                        " ".join(m["orig"].split())[:60],
                                                        " ".join(m["rep"].split())[:60], why[5:].strip()))
    if untestable:
        lines.append("")
        lines.append("### Survivors that no test here can reach (not equivalent)")
        for m, r, why in untestable:
            lines.append("- `%s:%d` %s `%s` -> `%s`: %s" % (m["file"], m["line"], m["op"],
                                                        " ".join(m["orig"].split())[:60],
                                                        " ".join(m["rep"].split())[:60],
                                                        why[len("untestable:"):].strip()))
    if surv:
        lines.append("")
        lines.append("### Survivors")
        for m, r in surv:
            lines.append("")
            lines.append("`%s`%s" % (m["key"], " (fast tests only: the slow ones not run yet)"
                                        if r["status"] == "fast-survived" else ""))
            lines.append("```diff")
            lines.append(r.get("diff", "").rstrip())
            lines.append("```")
    with open(a.report, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("report: %s" % a.report)


if __name__ == "__main__":
    sys.exit(main())
