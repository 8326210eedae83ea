"""Documents as bytes (issue 17): a PDF handed over as bytes is read, and
bytes nobody can read fail the decision instead of reading as empty."""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import CLAIMS, ROOT
from libpolicy import Case, Outcome

MKDOC = ROOT / "build" / "tests" / "mkdoc"


def _case(doc: bytes) -> Case:
    case = Case("DOC-1")
    case.add_document("claim form", doc)
    facts = json.loads((CLAIMS / "cases" / "large_claim" / "facts.json").read_text())
    for name, value in facts.items():
        case.add_fact(name, value)
    return case


def test_binary_bytes_fail_the_decision(claims_plan):
    with _case(bytes(range(256)) * 8) as case, claims_plan.execute(case) as x:
        assert x.outcome == Outcome.FAILED
        assert "the claim form could not be read: it is binary data" in x.failure


@pytest.mark.skipif(not MKDOC.exists(), reason="built without poppler-glib")
def test_pdf_bytes_decide_like_the_text(claims_plan):
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "claim.pdf"
        subprocess.run([str(MKDOC), "pdf", str(CLAIMS / "cases" / "large_claim" / "claim_form.txt"),
                        str(pdf)], check=True)
        data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    with _case(data) as case, claims_plan.execute(case) as x:
        assert x.outcome == Outcome.COMPLETE
        assert [a.text for a in x.actions] == ["escalate to senior adjuster review"]
