#!/usr/bin/env python3
"""A scripted model for `--llm-cmd` in the tests: reads one request
(docs/llm.md) on stdin and prints a reply on stdout, decided by keywords so
that runs are reproducible without a real model.

- classify: the first of the schema's categories whose keywords appear in
  the inputs' values (a burst pipe is "water"), else the last category;
- judge (a boolean answer): true when the inputs' values and the documents'
  texts point at the same category (or neither at any), false when they
  differ (water damage in the notes, a fire on the claim form).

Anything else gets {"error": ...}. Evidence is left empty: quotes would
have to be found in the inputs word for word.
"""
import json
import sys

KEYWORDS = {
    "water": ("water", "pipe", "supply line", "flood", "leak"),
    "fire": ("fire", "smoke", "burn", "flame"),
    "theft": ("theft", "stolen", "burglary", "break-in"),
}


def category(text, choices):
    text = text.lower()
    for c in choices:
        if any(k in text for k in KEYWORDS.get(c, (c,))):
            return c
    return None


def main():
    req = json.load(sys.stdin)
    schema = req.get("schema", {})
    props = schema.get("properties", {})
    key = next((k for k in schema.get("required", []) if k not in ("rationale", "evidence")), None)
    values = " ".join(str(i.get("value", "")) for i in req.get("inputs", []))
    docs = " ".join(d.get("text", "") for d in req.get("documents", []))
    if key and "enum" in props.get(key, {}):
        choices = props[key]["enum"]
        answer = category(values, choices) or choices[-1]
    elif key and props.get(key, {}).get("type") == "boolean":
        cats = list(KEYWORDS)
        answer = category(values, cats) == category(docs, cats)
    else:
        print(json.dumps({"error": "the scripted model cannot answer this request"}))
        return
    reply = {"answer": {key: answer, "rationale": "scripted by keywords", "evidence": []},
             "usage": {"prompt_tokens": 100 + len(values + docs) // 4, "completion_tokens": 20}}
    print(json.dumps(reply))


main()
