#!/usr/bin/env python3
"""The claims demo in Python: compile examples/claims/policy.txt, decide the
three claims in examples/claims/cases, and explain each decision.

Run from anywhere in a built checkout (the package is taken from
bindings/python, the library from LIBPOLICY_PATH or build/lib):

    python3 examples/python/claims.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bindings" / "python"))

from libpolicy import Case, CompileError, Outcome, Plan  # noqa: E402

CLAIMS = ROOT / "examples" / "claims"


def main() -> int:
    try:
        plan = Plan.compile_file(CLAIMS / "policy.txt")
    except CompileError as e:
        print(e.rendered, file=sys.stderr, end="")
        return 4
    with plan:
        print(f"Compiled {plan.name} {plan.version} (effective {plan.effective}): "
              f"{len(plan.steps)} steps in {plan.level_count} levels, plan {plan.body_hash}")
        for name in ("large_claim", "small_claim", "lapsed_policy"):
            folder = CLAIMS / "cases" / name
            facts = json.loads((folder / "facts.json").read_text())
            with Case(name, facts=facts) as case:
                case.add_document_file("claim form", folder / "claim_form.txt")
                with plan.execute(case) as run:
                    print(f"\n== {name}")
                    if run.outcome == Outcome.FAILED:
                        print(f"Decision: failed\n  {run.failure}")
                    else:
                        print("Decision: complete")
                        for action in run.actions:
                            print(f"  - {action.text}  [{action.verb}: {action.object}]")
                        for check in run.failed_checks:
                            print(f"  failed check: {check.text}")
                    trail = run.trail
                    trail.verify(plan)
                    print(f"\n{trail.explain()}", end="")
                    print(f"(why-trail: {len(trail)} entries, hash chain verified)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
