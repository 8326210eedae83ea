#!/usr/bin/env python3
"""The dev corpus as PDFs and scans: does every case decide as its text version does?

Usage: doc_corpus.py --cli CLI --mkdoc MKDOC --mode pdf|scan [--dpi 300] [--rotate 0.4]
                     [--noise 0.002] [--limit N] [--json OUT] CORPUS_DIR [POLICY_GLOB]

Every document of every case is rendered by mkdoc (a PDF with a text layer; in
scan mode that PDF rasterized at DPI, turned a little, with noise, as a PNG for
one page and an image-only PDF otherwise). Each case then runs twice, with the
text documents and with the rendered ones, and the two runs are compared:

  - the decision: status and the set of actions must be equal. In scan mode a
    run that failed because OCR was not sure enough of a line counts apart
    ("refused"), as the issue allows;
  - field accuracy: every extract step that found a value in the text run is
    a field; it is right when the rendered run found the same value, wrong
    when it found another (the count that must stay 0), unread otherwise.

Exit 1 when a decision differs (other than refused) or a field is wrong.
"""
import fnmatch, json, os, re, subprocess, sys, tempfile


def run(cmd, timeout=600):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def trail_fields(path):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if e.get("kind") == "extract":
                out[e["step"]] = (e.get("output"), e.get("error"))
    return out


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
            "--rotate": "0.4", "--noise": "0.002", "--limit": "0", "--json": ""}
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
    tmp = tempfile.mkdtemp(prefix="doc-corpus-")
    cases = same = refused = 0
    fields = right = wrong = unread = 0
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
            text_docs, made = [], []
            for name in sorted(os.listdir(ddir)):
                stem = re.sub(r"\.\d+$", "", name.rsplit(".", 1)[0])
                src = os.path.join(ddir, name)
                text_docs.append((stem.replace("_", " "), src))
                base = os.path.join(tmp, "%s-%s-%s" % (pol, case, name))
                rc, _, err = run([mkdoc, "pdf", src, base + ".pdf"])
                if rc:
                    sys.exit("mkdoc pdf %s: %s" % (src, err))
                out = base + ".pdf"
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
            t1, t2 = os.path.join(tmp, "t1.jsonl"), os.path.join(tmp, "t2.jsonl")
            for t in (t1, t2):
                if os.path.exists(t):
                    os.remove(t)
            a = decide(cli, plan, text_docs, facts, t1)
            b = decide(cli, plan, made, facts, t2)
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
            fa, fb = trail_fields(t1), trail_fields(t2)
            for step, (value, _) in fa.items():
                if value is None:
                    continue
                fields += 1
                got = fb.get(step, (None, None))[0]
                if got == value:
                    right += 1
                elif got is None:
                    unread += 1
                else:
                    wrong += 1
                    why += " | WRONG %s: %r != %r" % (step, got, value)
            rows.append({"case": "%s/%s" % (pol, case), "same": ok, "note": why})
            print("%-5s %s/%s %s" % ("SAME" if ok else "DIFF", pol, case, why), flush=True)
    acc = 100.0 * right / fields if fields else 100.0
    summary = {"mode": mode, "dpi": int(opts["--dpi"]) if mode == "scan" else None, "cases": cases,
               "same": same, "refused": refused, "fields": fields, "right": right, "wrong": wrong,
               "unread": unread, "field_accuracy": round(acc, 2)}
    print("%s: %d of %d cases decide as their text version; %d refused (OCR unsure); "
          "fields %d/%d right (%.2f%%), %d wrong, %d unread" %
          (mode, same, cases, refused, right, fields, acc, wrong, unread))
    if opts["--json"]:
        with open(opts["--json"], "w") as f:
            json.dump({"summary": summary, "cases": rows}, f, indent=1)
    return 0 if same + refused == cases and wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
