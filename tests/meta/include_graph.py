#!/usr/bin/env python3
"""include_graph.py - the one-way flow of src/: every #include "stage/file.h" under src/ must
point to the same stage or a lower one, in the order README.md's "How it is built" table lists
the stages (top = lowest), and the file-level include graph must have no cycle.

Usage: include_graph.py SOURCE_ROOT  (exit 0 when clean; 1 with every offence listed)."""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
ROW = re.compile(r'^\|\s*`src/([a-z]+)/`\s*\|', re.M)


def stage_order(readme):
    with open(readme, encoding="utf-8") as f:
        stages = ROW.findall(f.read())
    if len(stages) < 2:
        sys.exit(f"{readme}: no stage table (| `src/NAME/` | ... rows) found")
    return stages


def read_includes(src):
    graph = {}
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".c", ".h", ".inc")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            graph[rel] = []
            for m in INCLUDE.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                graph[rel].append((m.group(1), line))
    return graph


def resolve(graph, rel, inc):
    """An include names "stage/file.h" from src/, or a file beside the includer."""
    if inc in graph:
        return inc
    beside = os.path.normpath(os.path.join(os.path.dirname(rel), inc))
    return beside if beside in graph else None


def check(src, readme):
    """Every offence in the tree under src against the order of readme's table."""
    order = stage_order(readme)
    rank = {s: i for i, s in enumerate(order)}
    graph = read_includes(src)
    errors = []
    edges = {}
    for rel in sorted(graph):
        stage = rel.split("/")[0]
        if stage not in rank:
            errors.append(f"src/{rel}: stage '{stage}' is not in README.md's table")
            continue
        edges[rel] = []
        for inc, line in graph[rel]:
            target = resolve(graph, rel, inc)
            if target is None:
                continue  # a generated or system header
            edges[rel].append(target)
            to = target.split("/")[0]
            if to in rank and rank[to] > rank[stage]:
                errors.append(f"src/{rel}:{line}: includes {target}: {stage} is below {to}")
    # cycles: depth-first search with colours
    colour = {}
    stack = []

    def visit(node):
        colour[node] = 1
        stack.append(node)
        for nxt in edges.get(node, []):
            if colour.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                errors.append("include cycle: " + " -> ".join("src/" + c for c in cycle))
            elif nxt not in colour:
                visit(nxt)
        stack.pop()
        colour[node] = 2

    sys.setrecursionlimit(10000)
    for node in sorted(edges):
        if node not in colour:
            visit(node)
    return errors, order, len(graph)


def self_test():
    """The checker must catch what it exists to catch: a tree with one upward include and one
    cycle gives exactly those two offences; the same tree without them gives none."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        def put(rel, text):
            os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w", encoding="utf-8") as f:
                f.write(text)
        put("README.md", "| `src/low/` | a |\n| `src/high/` | b |\n")
        put("src/low/a.h", '#include "low/b.h"\n')
        put("src/low/b.h", '#include <stdio.h>\n')
        put("src/high/c.c", '#include "low/a.h"\n#include "c.h"\n')
        put("src/high/c.h", "")
        errors, _, _ = check(os.path.join(d, "src"), os.path.join(d, "README.md"))
        assert errors == [], errors
        put("src/low/b.h", '#include "high/c.h"\n#include "a.h"\n')
        errors, _, _ = check(os.path.join(d, "src"), os.path.join(d, "README.md"))
        want = ["src/low/b.h:1: includes high/c.h: low is below high",
                "include cycle: src/low/a.h -> src/low/b.h -> src/low/a.h"]
        assert errors == want, errors


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    self_test()
    errors, order, nfiles = check(os.path.join(sys.argv[1], "src"),
                                  os.path.join(sys.argv[1], "README.md"))
    for e in errors:
        print(e)
    print(f"{nfiles} files, stages {' < '.join(order)}: {len(errors)} offence(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
