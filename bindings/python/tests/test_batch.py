"""Plan.execute_batch: many cases, one call, results in input order."""
from __future__ import annotations

import pytest

from conftest import claims_case
from libpolicy import Case, Execution, LimitError, Plan, PolicyError

CASES = ["large_claim", "small_claim", "lapsed_policy"] * 10


def test_batch_decides_like_one_at_a_time_in_input_order(claims_text):
    with Plan.compile(claims_text) as plan:
        cases = [claims_case(name, f"CL-{i}") for i, name in enumerate(CASES)]
        alone = []
        for c in cases:
            with plan.execute(c) as x:
                alone.append((x.decision_json(), x.trail.to_jsonl()))
        for threads in (1, 2, 4):
            results = plan.execute_batch(cases, threads=threads)
            assert len(results) == len(cases)
            for r, (decision, trail) in zip(results, alone):
                assert isinstance(r, Execution)
                with r:
                    assert r.decision_json() == decision
                    assert r.trail.to_jsonl() == trail
        for c in cases:
            c.close()


def test_a_bad_case_is_its_own_error_and_the_others_are_decided(claims_text):
    with Plan.compile(claims_text) as plan:
        good = claims_case("large_claim")
        big = claims_case("small_claim")
        big.add_document("claim form", "x" * 5000)
        results = plan.execute_batch([good, big, good], threads=2, max_document_bytes=4096)
        assert isinstance(results[0], Execution) and isinstance(results[2], Execution)
        assert isinstance(results[1], LimitError) and isinstance(results[1], PolicyError)
        assert [a.text for a in results[0].actions] == ["escalate to senior adjuster review"]
        for r in (results[0], results[2]):
            r.close()
        good.close()
        big.close()


def test_an_empty_batch_and_a_closed_case(claims_text):
    with Plan.compile(claims_text) as plan:
        assert plan.execute_batch([]) == []
        c = Case("x")
        c.close()
        with pytest.raises(Exception):
            plan.execute_batch([c])
        with pytest.raises(ValueError):
            plan.execute_batch([], threads=-1)
