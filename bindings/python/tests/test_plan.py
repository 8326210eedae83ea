"""Compiling, diagnostics, plan properties, save/load and tampering."""
from __future__ import annotations

import re

import pytest

from libpolicy import (CompileError, HashError, Plan, PlanError, PolicyError, Severity, Status,
                       StepKind, ValueType)

HEX32 = re.compile(r"^[0-9a-f]{32}$")


def test_compile_error_has_line_column_hint_and_rendering(claims_text):
    text = claims_text.replace("If the claimed amount exceeds", "If the claimed amont exceeds")
    with pytest.raises(CompileError) as info:
        Plan.compile(text, filename="claims.txt")
    e = info.value
    assert isinstance(e, PolicyError)
    assert e.code == Status.ERR_COMPILE
    assert e.code.c_name == "POLICY_ERR_COMPILE"
    assert e.message == "I don't know what 'the claimed amont' is"
    assert (e.line, e.column) == (13, 6)
    assert e.hint == "did you mean 'claimed amount'?"
    assert e.diagnostics[0].severity == Severity.ERROR
    assert (e.diagnostics[0].line, e.diagnostics[0].column) == (13, 6)
    assert e.rendered == (
        "claims.txt:13:6: error: I don't know what 'the claimed amont' is\n"
        " 13 | - If the claimed amont exceeds $50,000, escalate to senior adjuster review.\n"
        "    |      ^~~~~~~~~~~~~~~~~\n"
        "hint: did you mean 'claimed amount'?\n")
    assert str(e) == "13:6: I don't know what 'the claimed amont' is"


def test_compile_error_for_a_comparison_without_a_value(claims_text):
    text = claims_text.replace("exceeds $50,000", "exceeds")
    with pytest.raises(CompileError) as info:
        Plan.compile(text)
    e = info.value
    assert (e.line, e.column) == (13, 25)
    assert "exceeds" in e.message
    assert e.rendered.startswith("policy:13:25: error: ")
    assert "^~~~~~~" in e.rendered


def test_unknown_sentence_is_an_error_not_skipped(claims_text):
    text = claims_text + "\nThe moon is made of green cheese and sings.\n"
    with pytest.raises(CompileError) as info:
        Plan.compile(text)
    assert info.value.line == 16
    assert info.value.column >= 1


def test_compile_accepts_bytes_and_reports_the_header(claims_text):
    with Plan.compile(claims_text.encode()) as plan:
        assert plan.name == "Claims Intake"
        assert plan.version == "4.2.1"
        assert plan.effective == "2026-03-01"
        assert plan.source == "Claims Operations Manual, section 4.2"
        assert HEX32.match(plan.text_hash)
        assert HEX32.match(plan.body_hash)
        assert plan.hashes == (plan.text_hash, plan.body_hash)
        assert plan.hashes.body == plan.body_hash
        assert plan.est_tokens == 0
        assert plan.warnings == []


def test_steps(claims_plan):
    steps = claims_plan.steps
    ids = [s.id for s in steps]
    assert len(steps) == 10
    assert len(set(ids)) == len(ids)
    assert ids[:3] == ["extract.policy_number", "extract.date_of_loss",
                       "extract.claimed_amount"]
    amount = steps[2]
    assert amount.kind == StepKind.EXTRACT and str(amount.kind) == "extract"
    assert amount.type == ValueType.MONEY
    assert amount.label == "claimed amount"
    assert amount.line == 6 and amount.column >= 1
    assert amount.sentence.startswith("When a new insurance claim arrives")
    # Levels ascend, inputs refer to earlier levels, all deterministic.
    level = {s.id: s.level for s in steps}
    assert [s.level for s in steps] == sorted(s.level for s in steps)
    assert max(level.values()) + 1 == claims_plan.level_count
    for s in steps:
        assert s.deterministic and s.est_tokens == 0
        for i in s.inputs:
            assert level[i] < s.level
    escalate = next(s for s in steps if s.id == "action.escalate_to_senior_adjuster_review")
    assert escalate.kind == StepKind.ACTION
    assert "extract.claimed_amount" in escalate.inputs


def test_save_load_save_is_identical(claims_plan):
    saved = claims_plan.save()
    assert '"format": "libpolicy-plan/1"' in saved
    with Plan.load(saved) as again:
        assert again.save() == saved
        assert again.save_bytes() == saved.encode()
        assert again.hashes == claims_plan.hashes
        assert again.steps == claims_plan.steps
        assert (again.name, again.version, again.effective) == \
            (claims_plan.name, claims_plan.version, claims_plan.effective)


def test_tampered_plan_is_rejected_with_the_hash_code(claims_plan):
    saved = claims_plan.save()
    tampered = saved.replace('"50000.00"', '"500000.00"', 1)
    assert tampered != saved
    with pytest.raises(HashError) as info:
        Plan.load(tampered)
    e = info.value
    assert e.code == Status.ERR_HASH
    assert isinstance(e, PlanError)
    assert "hash" in e.message
    assert e.line > 0 and e.column > 0
    assert e.rendered.startswith(f"plan.json:{e.line}:{e.column}: error:")


def test_malformed_plan_is_a_plan_error_with_position():
    with pytest.raises(PlanError) as info:
        Plan.load('{"format": "libpolicy-plan/1",', filename="bad.json")
    e = info.value
    assert e.code == Status.ERR_PLAN
    assert not isinstance(e, HashError)
    assert e.line == 1 and e.column > 1
    assert e.rendered.startswith("bad.json:1:")


def test_inspect(claims_plan):
    view = claims_plan.inspect()
    assert view.startswith("Claims Intake 4.2.1, effective 2026-03-01")
    assert claims_plan.body_hash in view
    assert "claimed amount" in view


def test_closed_plan_refuses_use(claims_text):
    plan = Plan.compile(claims_text)
    assert not plan.closed
    plan.close()
    plan.close()  # freeing twice is a no-op
    assert plan.closed
    with pytest.raises(ValueError):
        plan.name
    with pytest.raises(ValueError):
        plan.save()
    with pytest.raises(ValueError):
        with plan:
            pass


def test_context_manager_closes(claims_text):
    with Plan.compile(claims_text) as plan:
        assert plan.name == "Claims Intake"
    assert plan.closed


def test_warnings_are_kept_on_the_plan(claims_text):
    text = claims_text.replace("date of loss, and claimed amount.",
                               "date of loss, claimant phone, and claimed amount.")
    with Plan.compile(text) as plan:
        [w] = plan.warnings
        assert w.severity == Severity.WARNING
        assert w.message == "'claimant phone' is extracted but never used"
        assert w.line == 6 and w.column > 1
        assert w.hint
