#!/usr/bin/env python3
"""Check that lib/ keeps its stages one way (docs/decisions.md, "Stages as
folders, one way").

    scripts/check-layout.py [BUILD_DIR]        (BUILD_DIR defaults to build)

The stages, lowest first:

    base  <  plan  <  compile
    base  <  plan  <  run          (compile and run are siblings)
    api   on top                   (lib/api.c or lib/api/: may include all)

include/policy.h and include/policy_sqlite.h may be included anywhere.
lib/store-sqlite/ and lib/lint-z3/ are companion libraries: each includes the
public headers and its own. cli/ uses the public API only, and its own headers.

It fails, naming the file and what it includes or calls, when:
  1. a file includes a header of a later or sibling stage, or reaches an
     internal header by a bare name ("alloc.h") instead of its path from lib/
     ("base/alloc.h"), which is what makes the stage visible at each include;
  2. header includes form a circle;
  3. a module (a .c file of lib/, store-sqlite aside) calls a function
     defined in another module of a later or sibling stage, or modules call
     each other in a circle. Calls are read from the built objects with nm:
     an undefined symbol of A.o defined in B.o means A depends on B;
  4. a .c or .h file under lib/ or cli/ is longer than 1,500 lines.

Python 3 standard library and binutils' nm only.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIB = os.path.join(ROOT, "lib")
PUBLIC = os.path.join(ROOT, "include")
MAX_LINES = 1500
STAGES = ["base", "plan", "compile", "run", "api"]
# What each stage may include or call, besides itself.
BELOW = {
    "base": set(),
    "plan": {"base"},
    "compile": {"base", "plan"},
    "run": {"base", "plan"},
    "api": {"base", "plan", "compile", "run"},
}
ORDER = "base < plan < compile, base < plan < run, api on top"
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

errors = []


def rel(path):
    return os.path.relpath(path, ROOT)


def stage_of(path):
    """The stage of a file under lib/, or None outside the staged stages."""
    parts = os.path.relpath(path, LIB).split(os.sep)
    if parts[0] == "api.c" or parts[0] == "api":
        return "api"
    if parts[0] in STAGES and len(parts) > 1:
        return parts[0]
    return None


def sources(top):
    for dirpath, _, names in os.walk(top):
        for n in sorted(names):
            if n.endswith((".c", ".h")):
                yield os.path.join(dirpath, n)


def resolve(src, inc):
    """The file a quoted include names, and how it was found."""
    for base, how in ((os.path.dirname(src), "local"), (LIB, "lib"), (PUBLIC, "public")):
        p = os.path.normpath(os.path.join(base, inc))
        if os.path.isfile(p):
            if how == "local" and os.path.dirname(p) == PUBLIC:
                how = "public"
            if how == "local" and p.startswith(LIB + os.sep) and os.path.isfile(os.path.join(LIB, inc)):
                how = "lib"  # "base/x.h" from inside lib/base resolves the same either way
            return p, how
    return None, None


def check_includes():
    graph = {}
    for top in (LIB, os.path.join(ROOT, "cli")):
        for src in sources(top):
            text = open(src, encoding="utf-8", errors="replace").read()
            n = text.count("\n")
            if n > MAX_LINES:
                errors.append("%s: %d lines, more than %d: split it by concern"
                              % (rel(src), n, MAX_LINES))
            in_store = any(src.startswith(os.path.join(LIB, d) + os.sep)
                           for d in ("store-sqlite", "lint-z3"))
            in_cli = top != LIB
            me = stage_of(src)
            for inc in INCLUDE.findall(text):
                target, how = resolve(src, inc)
                if target is None:
                    continue  # generated or system-provided; the compiler will say
                if target.endswith(".h"):
                    graph.setdefault(src, set()).add(target)
                if how == "public":
                    continue
                if in_store or in_cli:
                    if os.path.dirname(target) != os.path.dirname(src):
                        errors.append('%s includes "%s": %s uses only the public headers '
                                      "and its own" % (rel(src), inc,
                                                       "cli/" if in_cli else rel(os.path.dirname(src)) + "/"))
                    continue
                if how == "local" and me is not None:
                    errors.append('%s includes "%s": include internal headers by their path '
                                  'from lib/ ("%s")' % (rel(src), inc, rel(target)[len("lib/"):]))
                them = stage_of(target)
                if me is None or them is None:
                    errors.append('%s includes "%s": outside the stages (%s)' % (rel(src), inc, ORDER))
                elif them != me and them not in BELOW[me]:
                    errors.append('%s includes "%s": %s may not include %s (stage order: %s)'
                                  % (rel(src), inc, me, them, ORDER))
    cycle = find_cycle(graph)
    if cycle:
        errors.append("header includes form a circle: " + " -> ".join(rel(p) for p in cycle))


def find_cycle(graph):
    """One cycle of a directed graph as a list of nodes (first repeated last), or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    color = {}
    stack = []

    def visit(v):
        color[v] = GREY
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            c = color.get(w, WHITE)
            if c == GREY:
                return stack[stack.index(w):] + [w]
            if c == WHITE:
                found = visit(w)
                if found:
                    return found
        stack.pop()
        color[v] = BLACK
        return None

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if color.get(v, WHITE) == WHITE:
            found = visit(v)
            if found:
                return found
    return None


def module_of(obj):
    """lib/compile/cond.c for an archive member compile_cond.c.o."""
    name = os.path.basename(obj)
    if name.endswith(".o"):
        name = name[:-2]
    for st in STAGES[:-1]:
        if name.startswith(st + "_"):
            p = os.path.join(LIB, st, name[len(st) + 1:])
            if os.path.isfile(p):
                return p
    p = os.path.join(LIB, name)
    return p if os.path.isfile(p) else None


def check_modules(build):
    archive = os.path.join(build, "lib", "libpolicy_internal.a")
    if not os.path.isfile(archive):
        errors.append("%s not found: build first (ninja -C %s)" % (rel(archive), rel(build)))
        return
    out = subprocess.run(["nm", "-A", archive], capture_output=True, text=True, check=True).stdout
    line = re.compile(r"^.*?\.a:(.*?\.o):\s*[0-9a-fA-F]*\s+(\w)\s+(\S+)$")
    defined, undefined = {}, {}
    for ln in out.splitlines():
        m = line.match(ln)
        if not m:
            continue
        obj, kind, sym = m.groups()
        mod = module_of(obj)
        if mod is None:
            errors.append("%s: an object of no known source file" % obj)
            continue
        if kind == "U":
            undefined.setdefault(mod, set()).add(sym)
        elif kind.isupper():
            defined[sym] = mod
    graph = {}
    for mod, syms in sorted(undefined.items()):
        for sym in sorted(syms):
            to = defined.get(sym)
            if to is None or to == mod:
                continue
            graph.setdefault(mod, set()).add(to)
            me, them = stage_of(mod), stage_of(to)
            if me and them and them != me and them not in BELOW[me]:
                errors.append("%s calls %s() of %s: %s may not call %s (stage order: %s)"
                              % (rel(mod), sym, rel(to), me, them, ORDER))
    cycle = find_cycle(graph)
    if cycle:
        calls = []
        for a, b in zip(cycle, cycle[1:]):
            syms = sorted(s for s in undefined[a] if defined.get(s) == b)
            calls.append("%s -> %s (%s)" % (rel(a), rel(b), ", ".join(syms[:3])))
        errors.append("modules call each other in a circle: " + "; ".join(calls))


def main(argv):
    build = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(ROOT, "build"))
    check_includes()
    check_modules(build)
    if errors:
        for e in errors:
            print("check-layout: " + e, file=sys.stderr)
        print("check-layout: %d problem%s; see docs/decisions.md (Stages as folders, one way)"
              % (len(errors), "" if len(errors) == 1 else "s"), file=sys.stderr)
        return 1
    print("check-layout: stages one way (%s), no circles, no file over %d lines"
          % (ORDER, MAX_LINES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
