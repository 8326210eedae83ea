#!/usr/bin/env python3
"""The dev corpus as PDFs and scans: does every case decide as its text version does?

Usage: doc_corpus.py --cli CLI --mkdoc MKDOC --mode pdf|scan [--dpi 300] [--rotate 0.4]
                     [--noise 0.002] [--limit N] [--json OUT] [--keep DIR]
                     CORPUS_DIR [POLICY_GLOB]

Every document of every case is rendered by mkdoc (a PDF with a text layer; in
scan mode that PDF rasterized at DPI, turned a little, with noise, as a PNG for
one page and an image-only PDF otherwise). Each case then runs twice, with the
text documents and with the rendered ones, and the two runs are compared:

  - the decision: status and the set of actions must be equal. In scan mode a
    run that failed because OCR was not sure enough of a line counts apart
    ("refused"), as the issue allows;
  - field accuracy: every extract step that found a value in the text run is
    a field; it is right when the rendered run found the same value, wrong
    when it found another (the count that must stay 0), unread otherwise;
  - evidence: every value the rendered run read says its page, box, label
    and score (and OCR confidence, for a scan), and `policy explain` says
    them too; in scan mode each right field's box must be within MISPLACED
    points of the box the text PDF gives the same field (a wrong resolution
    or a box of the whole line would not be).

--keep DIR keeps the rendered documents there (bench/ocr.py times them).
Exit 1 when a decision differs (other than refused), a field is wrong, or
the evidence is missing or misplaced.
"""
import fnmatch, json, os, re, shutil, subprocess, sys, tempfile

MISPLACED = 6.0  # points; the scan is turned 0.4 degrees: up to 3 points at a page's edge


def run(cmd, timeout=600):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def trail_entries(path):
    if not os.path.exists(path):
        return []
    out = []
    with open(path) as f:
        for line in f:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def trail_fields(entries):
    return {e["step"]: (e.get("output"), e.get("error")) for e in entries if e.get("kind") == "extract"}


def trail_evidence(entries):
    """{extract step: (input name, evidence object)} of the values read from a document."""
    out = {}
    for e in entries:
        for i in e.get("inputs") or []:
            ev = i.get("evidence")
            for one in (ev if isinstance(ev, list) else [ev]):
                if isinstance(one, dict) and "document" in one and i.get("step", "").startswith("extract."):
                    out.setdefault(i["step"], (i.get("name"), one))
    return out


def evidence_problems(cli, trail, evidence, scan):
    """What the evidence of a rendered document lacks, and what `policy explain` does not say."""
    problems = []
    rc, text, err = run([cli, "explain", trail])
    for step, (name, ev) in sorted(evidence.items()):
        lacks = [k for k in ("page", "bbox", "label", "score", "source") if k not in ev]
        if scan and ev.get("source") in ("ocr", "pdf+ocr") and "confidence" not in ev:
            lacks.append("confidence")
        if lacks:
            problems.append("%s: evidence without %s" % (step, ", ".join(lacks)))
            continue
        box = "in the box (%.1f, %.1f)-(%.1f, %.1f), points from the page's top left" % tuple(ev["bbox"])
        how = ("read by OCR with confidence %d of 100" % ev["confidence"] if "confidence" in ev
               else "from the PDF's text layer")
        said = [l for l in text.splitlines() if l.startswith('- %s: "%s" (' % (name, ev["label"]))]
        if not any(("score %d of 1000" % ev["score"]) in l and how in l and box in l for l in said):
            problems.append("%s: explain does not say %r, %r" % (step, how, box))
    return problems


def decide(cli, plan, docs, facts, trail):
    args = [cli, "run", plan, "--json", "--trail", trail]
    for t, p in docs:
        args += ["--doc", "%s=%s" % (t, p)]
    if facts:
        args += ["--facts", facts]
    rc, out, err = run(args)
    try:
        j = json.loads(out)
    except ValueError:
        return {"status": "error", "actions": [], "error": err.strip()[:300]}
    return {"status": j.get("status"), "actions": sorted(a.get("text", "") for a in j.get("actions", [])),
            "error": j.get("error")}


def main(argv):
    opts = {"--cli": "build/cli/policy", "--mkdoc": "build/tests/mkdoc", "--mode": "pdf", "--dpi": "300",
            "--rotate": "0.4", "--noise": "0.002", "--limit": "0", "--json": "", "--keep": ""}
    rest = []
    it = iter(argv)
    for a in it:
        if a in opts:
            opts[a] = next(it)
        else:
            rest.append(a)
    corpus, pattern = rest[0], (rest[1] if len(rest) > 1 else "*")
    cli, mkdoc, mode = opts["--cli"], opts["--mkdoc"], opts["--mode"]
    limit = int(opts["--limit"])
    tmp = opts["--keep"] or tempfile.mkdtemp(prefix="doc-corpus-")
    os.makedirs(tmp, exist_ok=True)
    try:
        return corpus_run(opts, corpus, pattern, cli, mkdoc, mode, limit, tmp)
    finally:
        if not opts["--keep"]:
            shutil.rmtree(tmp, ignore_errors=True)


def corpus_run(opts, corpus, pattern, cli, mkdoc, mode, limit, tmp):
    cases = same = refused = 0
    fields = right = wrong = unread = 0
    bad_evidence = misplaced = 0
    rows = []
    seed = 0
    for pol in sorted(os.listdir(corpus)):
        pdir = os.path.join(corpus, pol)
        if not os.path.isfile(os.path.join(pdir, "policy.txt")) or not fnmatch.fnmatch(pol, pattern):
            continue
        plan = os.path.join(tmp, pol + ".json")
        if run([cli, "compile", os.path.join(pdir, "policy.txt"), "-o", plan])[0] != 0:
            continue
        for case in sorted(os.listdir(os.path.join(pdir, "cases"))):
            if limit and cases >= limit:
                break
            cdir = os.path.join(pdir, "cases", case)
            ddir = os.path.join(cdir, "docs")
            text_docs, made, pdfs = [], [], []
            for name in sorted(os.listdir(ddir)):
                stem = re.sub(r"\.\d+$", "", name.rsplit(".", 1)[0])
                src = os.path.join(ddir, name)
                text_docs.append((stem.replace("_", " "), src))
                base = os.path.join(tmp, "%s-%s-%s" % (pol, case, name))
                rc, _, err = run([mkdoc, "pdf", src, base + ".pdf"])
                if rc:
                    sys.exit("mkdoc pdf %s: %s" % (src, err))
                out = base + ".pdf"
                pdfs.append((stem.replace("_", " "), out))
                if mode == "scan":
                    seed += 1
                    pages = open(src, "rb").read().count(b"\f") + 1
                    out = base + (".scan.png" if pages == 1 else ".scan.pdf")
                    rc, _, err = run([mkdoc, "scan", base + ".pdf", out, opts["--dpi"], opts["--rotate"],
                                      opts["--noise"], str(seed)])
                    if rc:
                        sys.exit("mkdoc scan %s: %s" % (src, err))
                made.append((stem.replace("_", " "), out))
            facts = os.path.join(cdir, "facts.json")
            facts = facts if os.path.exists(facts) else None
            t1, t2, t3 = (os.path.join(tmp, n) for n in ("t1.jsonl", "t2.jsonl", "t3.jsonl"))
            for t in (t1, t2, t3):
                if os.path.exists(t):
                    os.remove(t)
            a = decide(cli, plan, text_docs, facts, t1)
            b = decide(cli, plan, made, facts, t2)
            if mode == "scan":
                decide(cli, plan, pdfs, facts, t3)
            cases += 1
            ok = a["status"] == b["status"] and a["actions"] == b["actions"]
            why = ""
            if ok:
                same += 1
            elif b["status"] == "failed" and "surely enough" in (b.get("error") or ""):
                refused += 1
                why = "refused: " + b["error"]
            else:
                why = "text %s %s, %s %s %s" % (a["status"], a["actions"], mode, b["status"], b["actions"])
                if b.get("error"):
                    why += ": " + b["error"]
            eb = trail_entries(t2)
            fa, fb = trail_fields(trail_entries(t1)), trail_fields(eb)
            evb, evpdf = trail_evidence(eb), trail_evidence(trail_entries(t3))
            for p in evidence_problems(cli, t2, evb, mode == "scan"):
                bad_evidence += 1
                why += " | EVIDENCE " + p
            for step, (value, _) in fa.items():
                if value is None:
                    continue
                fields += 1
                got = fb.get(step, (None, None))[0]
                if got == value:
                    right += 1
                    want = evpdf.get(step, (None, {}))[1].get("bbox")
                    have = evb.get(step, (None, {}))[1].get("bbox")
                    if mode == "scan" and want and have and \
                            max(abs(x - y) for x, y in zip(want, have)) > MISPLACED:
                        misplaced += 1
                        why += " | MISPLACED %s: box %s, the text PDF's %s" % (step, have, want)
                elif got is None:
                    unread += 1
                    why += " | UNREAD %s: %s" % (step, (fb.get(step, (None, None))[1] or "")[:200])
                else:
                    wrong += 1
                    why += " | WRONG %s: %r != %r" % (step, got, value)
            rows.append({"case": "%s/%s" % (pol, case), "same": ok, "note": why})
            print("%-5s %s/%s %s" % ("SAME" if ok else "DIFF", pol, case, why), flush=True)
    acc = 100.0 * right / fields if fields else 100.0
    summary = {"mode": mode, "dpi": int(opts["--dpi"]) if mode == "scan" else None, "cases": cases,
               "same": same, "refused": refused, "fields": fields, "right": right, "wrong": wrong,
               "unread": unread, "field_accuracy": round(acc, 2), "bad_evidence": bad_evidence,
               "misplaced": misplaced}
    print("%s%s: %d of %d cases decide as their text version; %d refused (OCR unsure); "
          "fields %d/%d right (%.2f%%), %d wrong, %d unread; evidence: %d missing or unexplained, "
          "%d misplaced" %
          (mode, " %s dpi" % opts["--dpi"] if mode == "scan" else "", same, cases, refused, right,
           fields, acc, wrong, unread, bad_evidence, misplaced))
    if opts["--json"]:
        with open(opts["--json"], "w") as f:
            json.dump({"summary": summary, "cases": rows}, f, indent=1)
    return 0 if same + refused == cases and wrong == 0 and bad_evidence == 0 and misplaced == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
