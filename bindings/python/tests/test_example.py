"""examples/python/claims.py runs and decides the three claims."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_claims_example():
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / "claims.py")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("Compiled Claims Intake 4.2.1 (effective 2026-03-01)")
    sections = out.split("\n== ")[1:]
    assert [s.split("\n", 1)[0] for s in sections] == ["large_claim", "small_claim",
                                                       "lapsed_policy"]
    large, small, lapsed = sections
    assert "  - escalate to senior adjuster review" in large
    assert "  - route the claim to standard processing" in small
    assert "  - deny the claim" in lapsed
    assert "failed check: Verify that the policy was active on the date of loss" in lapsed
    assert out.count("hash chain verified") == 3
    assert "$72,400.00 (claim form, page 2, line 10)" in large
