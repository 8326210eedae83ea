#!/usr/bin/env python3
"""Answer one libpolicy model request with an OpenAI-compatible chat API.

Use it with the CLI:  policy run PLAN.json ... --llm-cmd "examples/llm-adapter/openai_chat.py"

It reads the request JSON (see docs/llm.md) on stdin, asks the model for a
JSON object matching the request's schema, and prints the reply libpolicy
expects: {"answer": {...}, "usage": {"prompt_tokens": N, "completion_tokens": M}}.
libpolicy validates the answer itself (schema, choices, quotes, token use),
so this adapter stays thin on purpose.

Environment: OPENAI_BASE_URL (default https://api.openai.com/v1),
OPENAI_API_KEY, OPENAI_MODEL (default gpt-4o-mini). Standard library only.
Not used by the tests: they replay recorded replies.
"""
import json
import os
import sys
import urllib.request


def prompt_of(req):
    parts = [req["template"], "", "Policy sentence: " + req["instruction"],
             "Question: " + req["question"], ""]
    for item in req.get("inputs", []):
        parts.append("Input %s: %s" % (item["name"], item["value"]))
    for doc in req.get("documents", []):
        if doc.get("missing"):
            parts.append("Document %s: (not provided)" % doc["document"])
        else:
            parts.append("Document %s %s:\n%s" % (doc["document"], doc.get("index", ""), doc["text"]))
    if req.get("previous_error"):
        parts.append("Your previous answer was refused: " + req["previous_error"])
    parts.append("JSON schema of the answer: " + json.dumps(req["schema"]))
    return "\n".join(parts)


def main():
    req = json.load(sys.stdin)
    base = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/")
    body = {
        "model": os.environ.get("OPENAI_MODEL", "gpt-4o-mini"),
        "messages": [{"role": "user", "content": prompt_of(req)}],
        "max_tokens": req["max_tokens"],
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    http = urllib.request.Request(base + "/chat/completions", data=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json",
                                           "Authorization": "Bearer " + os.environ.get("OPENAI_API_KEY", "")})
    try:
        with urllib.request.urlopen(http, timeout=120) as r:
            data = json.load(r)
        answer = json.loads(data["choices"][0]["message"]["content"])
        usage = data.get("usage", {})
        print(json.dumps({"answer": answer, "usage": {
            "prompt_tokens": usage.get("prompt_tokens", 0),
            "completion_tokens": usage.get("completion_tokens", 0)}}))
    except Exception as e:  # the step fails cleanly with this message
        print(json.dumps({"error": "model call failed: %s" % e}))


if __name__ == "__main__":
    main()
