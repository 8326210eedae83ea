"""The why-trail: typed entries, JSON Lines, explanations, the hash chain."""
from __future__ import annotations

import json

import pytest

from conftest import claims_case
from libpolicy import (ChainError, MismatchError, Plan, Status, StepKind, Trail, TrailError)


@pytest.fixture
def run(claims_plan):
    with claims_case("large_claim", "CL-1") as case, claims_plan.execute(case) as x:
        yield x


def test_entries_are_typed_and_chained(run, claims_plan):
    trail = run.trail
    entries = list(trail)
    assert len(entries) == len(trail) == 10
    assert [e.seq for e in entries] == list(range(1, 11))
    assert [e.step_id for e in entries] == [s.id for s in claims_plan.steps]
    assert entries[0].prev_hash == claims_plan.body_hash
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.hash
    for e in entries:
        assert e.policy_name == "Claims Intake" and e.policy_version == "4.2.1"
        assert e.plan_hash == claims_plan.body_hash
        assert json.loads(e.json)["hash"] == e.hash
    amount = entries[2]
    assert amount.kind == StepKind.EXTRACT
    assert amount.output == "72400.00" and amount.output_json == '"72400.00"'
    assert amount.line == 6
    escalate = next(e for e in entries if e.step_id == "action.escalate_to_senior_adjuster_review")
    assert escalate.output is True
    assert "exceeds $50,000.00" in escalate.reason
    [claimed] = [i for i in escalate.inputs if i.name == "claimed amount"]
    assert claimed.value == "$72,400.00"
    assert claimed.evidence["document"] == "claim form"
    assert (claimed.evidence["page"], claimed.evidence["line"]) == (2, 10)
    assert claimed.evidence["snippet"] == "Amount Claimed: $72,400.00"
    lookup = next(e for e in entries if e.kind == StepKind.LOOKUP)
    assert lookup.inputs[0].evidence["snippet"] == "Policy Number: HO-4471-0932"
    assert all(e.guardrails == () for e in entries)


def test_jsonl_is_the_entries(run):
    jsonl = run.trail.to_jsonl()
    lines = jsonl.splitlines()
    assert jsonl.endswith("\n")
    assert lines == [e.json for e in run.trail]


def test_explain(run):
    text = run.trail.explain()
    assert text.startswith("Claims Intake 4.2.1 (plan ")
    assert "case CL-1: decision made; 1 action, 0 failed checks." in text
    assert "Escalated to senior adjuster review because" in text
    assert "$72,400.00 (claim form, page 2, line 10)" in text


def test_load_verify_and_explain_again(run, claims_plan):
    jsonl = run.trail.to_jsonl()
    with Trail.load(jsonl) as loaded:
        assert loaded.to_jsonl() == jsonl
        assert loaded.explain() == run.trail.explain()
        assert [e.hash for e in loaded] == [e.hash for e in run.trail]
        loaded.verify()
        loaded.verify(claims_plan)
        other_text = ("Policy: Other\nVersion: 1\nEffective: 2026-01-01\n\n"
                      "When a new claim arrives, extract the claimed amount.\n"
                      "If the claimed amount exceeds $5, deny the claim.\n")
        with Plan.compile(other_text) as other:
            with pytest.raises(MismatchError) as info:
                loaded.verify(other)
            assert info.value.code == Status.ERR_MISMATCH
    run.trail.verify(claims_plan)


def test_tampered_trail_breaks_the_chain(run):
    jsonl = run.trail.to_jsonl()
    tampered = jsonl.replace('"output":"72400.00"', '"output":"7240.00"', 1)
    assert tampered != jsonl
    with pytest.raises(ChainError) as info:
        Trail.load(tampered)
    e = info.value
    assert e.code == Status.ERR_CHAIN
    assert isinstance(e, TrailError)
    assert e.line == 3


def test_malformed_trail(run):
    with pytest.raises(TrailError) as info:
        Trail.load('{"seq": 1,\n')
    assert info.value.code in (Status.ERR_TRAIL, Status.ERR_CHAIN)
    assert info.value.line == 1


def test_borrowed_trail_closes_with_its_execution(claims_plan):
    with claims_case("large_claim") as case:
        x = claims_plan.execute(case)
    trail = x.trail
    entries = trail.entries
    x.close()
    assert trail.closed
    with pytest.raises(ValueError):
        trail.to_jsonl()
    trail.close()  # a no-op: the execution owned it
    assert entries[0].step_id == "extract.policy_number"  # copies survive
