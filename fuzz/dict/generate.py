#!/usr/bin/env python3
"""Write the fuzzers' dictionaries (fuzz/dict/*.dict).

policy.dict takes every word and phrase of the language's tables in
lib/compile/phrases.c, plus the shapes of headers, rules, lists, quantities and the
typographic characters the lexer reads; the others list the members and
values of plans, trails, task answers and forms. Run it after adding
phrases:  python3 fuzz/dict/generate.py
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

POLICY_EXTRA = [
    "Policy: ", "Version: ", "Effective: ", "Source: ", "Token budget: ",
    "When a new ", " arrives, ", "extract the ", "from the ", "from each ",
    "look up the ", "in the ", "for the ", "If ", ", then ", "Otherwise, ",
    "Otherwise, if ", "unless ", "For ", "Verify that ", "Confirm that ",
    "Ensure that ", "must ", "must not ", "require ", "at least ", "The ",
    "is the ", "means ", "divided by", "plus", "minus", "times", "% of ",
    "the sum of ", "the number of days from ", "the number of whole years from ",
    " to ", "between ", " and ", ", or ", "either ", "neither ",
    "any of the following:", "all of the following:", "none of the following:",
    "provided that ", "except when ", "within 30 days of ", "is one of ",
    "is none of ", "whether ", "has no ", "is missing", "is attached",
    "$72,400.00", "$5M", "$2.5 million", "1.25x", "43.5%", "45 percent",
    "30 days", "three", "two", "March 1, 2026", "2026-03-01", "03/01/2026",
    "1 March 2026", ":\n", "\n- ", "\n  - ", "\n1. ", "\n(a) ", "\n\n", "\r\n",
    b"\xef\xbb\xbf", "\u201c", "\u201d", "\u2019", "\u2013", "\u2022", "\u00a0",
    "\u00d7", ";", ",", ".", " or", " and", "escalate to review", "deny the claim",
    "approve the loan", "it was not", "all of these requirements are met",
    "any check above fails", "both taken from the ", "looked up in the ",
    "i.e.", "e.g.", "etc.",
    "\n| ", " | ", " |\n", "|---|---|\n", "Table 1 - ", "### Table 2: ",
    "in the table below", "in the table above", "in Table 1", "shown below",
    "the value in the table below for the ", "the maximum", " or higher", " and above",
    "Below ", "Up to ", "Over ", "Less than ", "620 - 679", "$0 to $417,000", "620+",
    ">= ", "\u2265", "\u2264", "Any", "N/A", "Not eligible",
]

PLAN_KEYS = [
    "format", "policy", "name", "version", "effective", "source", "trigger",
    "token_budget", "est_tokens", "levels", "schema", "steps", "hashes", "text",
    "body", "id", "kind", "level", "type", "deterministic", "inputs", "span",
    "sentence", "label", "document", "each", "system", "keys", "value",
    "condition", "guard", "min_count", "verb", "object", "op", "step", "cmp",
    "unit", "args", "origin",
]
PLAN_VALUES = [
    "libpolicy-plan/1", "extract", "lookup", "compute", "check", "require",
    "action", "llm", "guardrail", "money", "number", "percent", "ratio", "count",
    "date", "duration", "boolean", "text", "enum", "none", "ref", "const", "set",
    "add", "sub", "mul", "div", "pct_of", "sum", "min", "max", "elapsed",
    "doc_count", "list_count", "between", "in", "within", "missing", "and", "or",
    "not", "gt", "ge", "lt", "le", "eq", "ne", "days", "weeks", "months", "years",
    "case", "table", "the table at line 9",
    "2026-03-01", "72400.00", "0.45", "1.25", "00000000000000000000000000000000",
]
PLAN_EXTRA = ["true", "false", "null", "[1, 1, 1]", "{", "}", "[", "]", ",", ":",
              "\\u0000", "\\ud800", "1e309", "-0", "\n  "]

TRAIL_KEYS = [
    "seq", "step", "kind", "policy", "version", "plan", "case", "line",
    "sentence", "label", "inputs", "name", "value", "json", "evidence",
    "output", "display", "reason", "error", "started", "ended", "tokens",
    "guardrails", "attempted", "alternative", "prev", "hash", "document",
    "index", "count", "page", "start", "end", "snippet", "fact",
]
TRAIL_EXTRA = ['"extract"', '"lookup"', '"compute"', '"check"', '"require"',
               '"action"', '"72400.00"', '"2026-03-14"', "true", "false", "null",
               "\n", "{", "}", "[]", "\\u0000", "9223372036854775807",
               "-9223372036854775808", "18446744073709551616"]

ANSWERS = [
    '{"value":', '{"values":[', '{"missing":', '{"error":', '"evidence":{',
    '"text":', '"source":', '"document":', '"index":', '"count":', '"page":',
    '"line":', '"start":', '"end":', '"snippet":', '"72400.00"', '"$72,400.00"',
    '"0.45"', '"45%"', '"1.25"', '"1.25x"', '"2026-03-14"', '"March 14, 2026"',
    '"30 days"', '"Yes"', '"No"', "true", "false", "null", "1e400", "-0",
    "0.000000000000000000001", "99999999999999999999999999", "\\u0000",
    "\\ud83d\\ude00", "\x1e", "\x1eF", "\x1eB", "\x1eH", "}", "]",
]

DOCUMENT = [
    "Claimed Amount: ", "Amount Claimed: $", "Date of Loss: ", "Policy Number: ",
    "DOB: ", "Date of Birth: ", "Face Amount: ", "Tobacco Use? ", "Yes", "No",
    "[X] Yes [ ] No", "\u2612", "\u2610", "Net Operating Income: ",
    "Annual Debt Service: ", "Loan Amount: ", "Project State: ",
    "Contractor Name: ", "Cash Amount: ", "Deposit Amount: ",
    "Expense Category: ", "Interest Rate: ", "Coverage Ratio: ",
    "Number of Dependents: ", "Received Date: ", "Acknowledgment Date: ",
    "Application Date: ", "$72,400.00", "$5M", "$2.5 million", "(1,200.00)",
    "-$50", "43.5%", "1.25x", "30 days", "March 3, 2026", "2026-03-03",
    "03/03/2026", "3 March 2026", "\f", "\n", "\r\n", "\t", "   ",
    " .......... ", " - ", "1. ", "b) ", "PAGE 2", "\x1e", b"\xef\xbb\xbf",
    "\u00a0", "\u2014",
]


def escape(item):
    data = item if isinstance(item, bytes) else item.encode("utf-8")
    out = []
    for c in data:
        if c in (0x22, 0x5C):
            out.append("\\" + chr(c))
        elif 32 <= c < 127:
            out.append(chr(c))
        else:
            out.append("\\x%02X" % c)
    return '"' + "".join(out) + '"'


def write(name, header, items):
    seen = []
    for i in items:
        if i not in seen:
            seen.append(i)
    with open(os.path.join(HERE, name), "w") as f:
        f.write("".join("# " + line + "\n" for line in header))
        f.write("# Generated by fuzz/dict/generate.py.\n")
        for i in seen:
            f.write(escape(i) + "\n")


def main():
    with open(os.path.join(ROOT, "lib", "compile", "phrases.c")) as f:
        words = sorted(set(re.findall(r'"([a-z][a-z \-\']*)"', f.read())))
    write("policy.dict", ["Words and phrases of the policy language (lib/compile/phrases.c) and the",
                          "shapes of headers, rules, lists and quantities, for fuzz_compile."],
          words + POLICY_EXTRA)
    write("plan.dict", ["Members and values of libpolicy-plan/1 documents, for fuzz_plan_load."],
          ['"%s"' % k for k in PLAN_KEYS] + ['"%s": ' % k for k in PLAN_KEYS]
          + ['"%s"' % v for v in PLAN_VALUES] + PLAN_EXTRA)
    write("trail.dict", ["Members of why-trail JSON Lines entries, for fuzz_trail."],
          ['"%s":' % k for k in TRAIL_KEYS] + TRAIL_EXTRA)
    write("answer.dict", ["Answers to tasks (docs/host-protocol.md), for fuzz_answer. \\x1E",
                          "separates the answers to successive tasks; a record's first byte",
                          "says how to answer: F fail, B built-in, H hold back, else JSON."],
          ANSWERS)
    write("document.dict", ["Labels, values and layout of OCR'd forms, for fuzz_extract. \\x1E",
                            "separates documents."], DOCUMENT)


if __name__ == "__main__":
    main()
