#!/usr/bin/env python3
"""Scans of the dev corpus at 200 and 300 dpi: how many fields OCR reads right, and
how long a page takes (issue 17: under 1.5 s a 300 dpi page on one core).

Usage: python3 bench/ocr.py [--dpi 200,300] [--limit N] [--threads N] [--build build]
                            [--corpus ../shared/corpus/dev] [--keep DIR]

For each resolution, tests/tools/doc_corpus.py renders every document of every case
as a text PDF and scans it (turned 0.4 degrees, 0.2% of pixels flipped; a PNG for a
one-page document, a PDF of images otherwise), runs each case on the text and on the
scans, and counts the fields read right, wrong and not at all. Then build/bench/documents
times reading each scan (doc_read: rendering, OCR, layout) and each text PDF, per page.

OCR runs with OMP_THREAD_LIMIT=1 (one core, as the issue's target says) unless
--threads says otherwise: Tesseract is built with OpenMP, and on a machine whose cores
are busy its threads wait for each other (bench/README.md has both).

A benchmark, not a test: it prints what it measured (and a JSON summary with --json).
"""
import json, os, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv):
    opts = {"--dpi": "200,300", "--limit": "0", "--threads": "1", "--build": "build",
            "--corpus": os.path.join(ROOT, "..", "shared", "corpus", "dev"), "--keep": "", "--json": ""}
    it = iter(argv)
    for a in it:
        if a not in opts:
            sys.exit(__doc__)
        opts[a] = next(it)
    build = opts["--build"]
    env = dict(os.environ)
    if opts["--threads"] != "0":
        env["OMP_THREAD_LIMIT"] = opts["--threads"]
    keep = opts["--keep"] or tempfile.mkdtemp(prefix="bench-ocr-")
    rows = []
    for dpi in opts["--dpi"].split(","):
        out = os.path.join(keep, dpi)
        summary = os.path.join(keep, "corpus-%s.json" % dpi)
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "tools", "doc_corpus.py"),
                            "--cli", os.path.join(build, "cli", "policy"),
                            "--mkdoc", os.path.join(build, "tests", "mkdoc"), "--mode", "scan", "--dpi", dpi,
                            "--limit", opts["--limit"], "--keep", out, "--json", summary, opts["--corpus"]],
                           capture_output=True, text=True, env=env)
        print(p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr, flush=True)
        for line in p.stdout.splitlines():
            if "DIFF" in line[:4] or "WRONG" in line or "MISPLACED" in line or "EVIDENCE" in line:
                print("  " + line)
        acc = json.load(open(summary))["summary"]
        scans = sorted(os.path.join(out, f) for f in os.listdir(out) if ".scan." in f)
        pdfs = sorted(os.path.join(out, f) for f in os.listdir(out)
                      if f.endswith(".pdf") and ".scan." not in f)
        times = {}
        for kind, files in (("scan", scans), ("text pdf", pdfs if dpi == opts["--dpi"].split(",")[0] else [])):
            if not files:
                continue
            b = subprocess.run([os.path.join(build, "bench", "documents")] + files,
                               capture_output=True, text=True, env=env, check=True)
            per = [json.loads(l) for l in b.stdout.splitlines()]
            # every page weighs the same: a file's per-page time once per page
            wall = [r["wall_ms_per_page"] for r in per for _ in range(r["pages"])]
            cpu = [r["cpu_ms_per_page"] for r in per for _ in range(r["pages"])]
            times[kind] = {"files": len(per), "pages": len(wall),
                           "wall_ms_median": statistics.median(wall), "wall_ms_max": max(wall),
                           "cpu_ms_median": statistics.median(cpu), "cpu_ms_mean": statistics.mean(cpu),
                           "unreadable": sum(1 for r in per if r["unreadable"])}
        rows.append({"dpi": int(dpi), "accuracy": acc, "times": times})
    print()
    print("| dpi | cases decided alike | refused | fields right | wrong | unread | "
          "pages | ms a page, median (max) | CPU ms a page, median |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        a, t = r["accuracy"], r["times"].get("scan", {})
        print("| %d | %d / %d | %d | %d / %d (%.1f%%) | %d | %d | %d | %.0f (%.0f) | %.0f |" % (
            r["dpi"], a["same"], a["cases"], a["refused"], a["right"], a["fields"], a["field_accuracy"],
            a["wrong"], a["unread"], t.get("pages", 0), t.get("wall_ms_median", 0), t.get("wall_ms_max", 0),
            t.get("cpu_ms_median", 0)))
    for r in rows:
        t = r["times"].get("text pdf")
        if t:
            print("\ntext-layer PDFs: %d pages, %.2f ms a page median (max %.2f)" % (
                t["pages"], t["wall_ms_median"], t["wall_ms_max"]))
    if opts["--json"]:
        with open(opts["--json"], "w") as f:
            json.dump(rows, f, indent=1)
    if not opts["--keep"]:
        subprocess.run(["rm", "-rf", keep])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
