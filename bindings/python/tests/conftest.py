"""Shared fixtures: the repository's claims example and the vector runner.

The package is imported from this checkout (bindings/python), and the
library from LIBPOLICY_PATH or the build tree, so the tests run against
the build without installing anything.
"""
from __future__ import annotations

import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from libpolicy import Case, Execution, Plan  # noqa: E402

# POLICY_SOURCE_ROOT, as for the C tests, names the repository whose
# examples and vectors are used; by default the one this file sits in.
ROOT = Path(os.environ.get("POLICY_SOURCE_ROOT") or HERE.parent.parent.parent)
CLAIMS = ROOT / "examples" / "claims"
VECTORS = ROOT / "tests" / "vectors"


def claims_case(name: str, case_id: str | None = None) -> Case:
    """One of examples/claims/cases as a Case: its claim form and facts."""
    d = CLAIMS / "cases" / name
    case = Case(case_id or name)
    case.add_document_file("claim form", d / "claim_form.txt")
    for fact, value in json.loads((d / "facts.json").read_text()).items():
        case.add_fact(fact, value)
    return case


@pytest.fixture
def claims_text() -> str:
    return (CLAIMS / "policy.txt").read_text()


@pytest.fixture
def claims_plan():
    with Plan.compile_file(CLAIMS / "policy.txt") as plan:
        yield plan


# ---- the shared vectors, run exactly as tests/vectors/README.md says ------

def vector_names() -> list[str]:
    return sorted(p.name for p in VECTORS.iterdir() if (p / "policy.txt").is_file())


def doc_type(file_name: str) -> str:
    """docs/claim_form.txt -> "claim form"; appraisal.2.txt -> "appraisal"
    (the shell's ${type%.[0-9]*}: cut at the last "." followed by a digit)."""
    t = file_name[:-4] if file_name.endswith(".txt") else file_name
    cuts = [m.start() for m in re.finditer(r"\.[0-9]", t)]
    if cuts:
        t = t[:cuts[-1]]
    return t.replace("_", " ")


def run_vector(name: str, *, threads: int = 1) -> tuple[bytes, bytes, bytes]:
    """(decision JSON, trail JSON Lines, explanation) of one vector."""
    v = VECTORS / name
    with Plan.compile((v / "policy.txt").read_bytes(), filename=f"{name}/policy.txt") as plan, \
            Case(name) as case:
        docs = v / "docs"
        # File-name order by byte value.
        for f in sorted((p.name for p in docs.iterdir()), key=lambda s: s.encode()):
            case.add_document(doc_type(f), (docs / f).read_bytes())
        facts = v / "facts.json"
        if facts.is_file():
            # Keep the file's order (and duplicates), and each value's JSON
            # as a compact serializer writes it.
            for fact, value in json.loads(facts.read_bytes(), object_pairs_hook=list,
                                          parse_float=Decimal):
                case.add_fact(fact, value)
        with Execution.run(plan, case, None, threads=threads) as x:
            return x.decision_json_bytes(), x.trail.to_jsonl_bytes(), x.trail.explain_bytes()
