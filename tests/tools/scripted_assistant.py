#!/usr/bin/env python3
"""A scripted compile-time assistant: answers `policy compile --assist-cmd`
from a table instead of a model (tests/suites/assist.sh, docs/assist.md).

    scripted_assistant.py TABLE.json

TABLE.json maps a sentence, as the request names it, to what to do:

    {"If the claim is big, send it on.": {"restatements": ["..."], "model": "m"},
     "Another sentence.": {"decline": "why"},
     "Slow sentence.": {"sleep": 30},
     "Odd sentence.": {"raw": "this is not JSON"},
     "Broken sentence.": {"exit": 3}}

A sentence not in the table is declined. With ASSIST_LOG set, each request
is appended to that file (one JSON object a line), so tests can count what
was asked.
"""
import json
import os
import sys
import time


def main():
    table = json.load(open(sys.argv[1], encoding="utf-8"))
    request = json.load(sys.stdin)
    log = os.environ.get("ASSIST_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(request) + "\n")
    answer = table.get(request.get("sentence"), {"decline": "not in the table"})
    if "sleep" in answer:
        time.sleep(answer["sleep"])
        answer = {"decline": "slept"}
    if "exit" in answer:
        sys.exit(answer["exit"])
    if "raw" in answer:
        sys.stdout.write(answer["raw"])
        return
    if "restatements" in answer and "model" not in answer:
        answer = dict(answer, model="scripted")
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
