#!/usr/bin/env python3
"""Restate one sentence for `policy compile --assist-cmd` with a model served
locally by Ollama (its HTTP API, http://localhost:11434/api/chat).

    policy compile claims.txt -o plan.json \\
        --assist-cmd "examples/assist-adapter/ollama_restate.py" --assist-timeout 120

It reads libpolicy's request (docs/assist.md) on stdin, asks the model for
a JSON object, and prints the reply libpolicy expects on stdout:
{"restatements": ["..."], "model": "llama3.1:8b"} or {"decline": "why"}.
libpolicy does not trust the answer: it compiles each restatement with the
ordinary grammar, refuses one that adds a number, amount, percentage, date,
term or action, pins the rest in POLICY.assist.json, and a person reviews
them (policy review) before the plan can be published.

Environment: OLLAMA_HOST (default http://localhost:11434), ASSIST_MODEL
(default llama3.1:8b). Standard library only. Any failure becomes a
non-zero exit with the reason on stderr, which the CLI reports for the
sentence. Not run by the tests (they use tests/tools/scripted_assistant.py):
it needs a model server.
"""
import json
import os
import sys
import urllib.request

SYSTEM = (
    "You restate one sentence of a business policy so that a strict policy compiler can "
    "read it. Keep its meaning exactly. Answer with a JSON object only: "
    '{"restatements": ["sentence", ...]} or, if you would have to guess, '
    '{"decline": "why"}.'
)


def prompt_of(req):
    lines = [req["forms"], ""]
    if req.get("section"):
        lines.append("Section: " + req["section"])
    lines.append("Sentence (line %d): %s" % (req["line"], req["sentence"]))
    for e in req.get("errors", []):
        lines.append("The compiler said: " + e)
    if req.get("terms"):
        lines.append("Terms the policy names: " + "; ".join(
            "%s (%s)" % (t["name"], t["type"]) for t in req["terms"]))
    if req.get("actions"):
        lines.append("Actions the policy names: " + "; ".join(req["actions"]))
    for r in req.get("rejected", []):
        lines.append("A reviewer rejected this restatement; do not repeat it: " + r)
    return "\n".join(lines)


def main():
    req = json.load(sys.stdin)
    model = os.environ.get("ASSIST_MODEL", "llama3.1:8b")
    host = os.environ.get("OLLAMA_HOST", "http://localhost:11434").rstrip("/")
    body = {
        "model": model,
        "messages": [{"role": "system", "content": SYSTEM},
                     {"role": "user", "content": prompt_of(req)}],
        "format": "json",
        "stream": False,
        "options": {"temperature": 0, "seed": 1},
    }
    http = urllib.request.Request(host + "/api/chat", data=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(http, timeout=300) as r:
            data = json.load(r)
        answer = json.loads(data["message"]["content"])
    except Exception as e:
        print("ollama_restate: the model call failed: %s" % e, file=sys.stderr)
        sys.exit(1)
    if isinstance(answer.get("restatements"), list) and answer["restatements"]:
        out = {"restatements": [str(s) for s in answer["restatements"]],
               "model": data.get("model", model)}
    else:
        out = {"decline": str(answer.get("decline") or "the model gave no restatement"),
               "model": data.get("model", model)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
