"""The compile-time assistant as a Python function (docs/assist.md): asked
only for sentences the grammar cannot read, its restatements compiled,
checked and recorded in the plan; a lock reused without it gives the same
plan; exceptions fail the sentence, never the process."""
from __future__ import annotations

import json

import pytest

from libpolicy import AssistedSentence, CompileError, Plan, Severity

CLAIMS = """Policy: Claims Intake
Version: 4.2.1
Effective: March 1, 2026

When a new insurance claim arrives, extract the claimed amount and the loss type.
If the claimed amount exceeds $50,000, escalate the claim to senior adjuster review.
Otherwise, route the claim to standard processing.
A loss type of theft sends the claim straight on to the special investigations unit.
Claims whose loss type is fire go off to the fire marshal for a look.
"""
THEFT = "A loss type of theft sends the claim straight on to the special investigations unit."
FIRE = "Claims whose loss type is fire go off to the fire marshal for a look."
ANSWERS = {
    THEFT: {"restatements": ["If the loss type is theft, route the claim to the special "
                             "investigations unit."], "model": "test-7b"},
    FIRE: "If the loss type is fire, route the claim to the fire marshal.",
}


def lock_of(plan: Plan, review: str = "pending") -> dict:
    return {"format": "libpolicy-assist-lock/1",
            "entries": [{"entry": a.entry, "sentence": a.sentence,
                         "restatement": a.restatement, "review": review}
                        for a in plan.assisted]}


def test_restated_sentences_are_compiled_and_recorded():
    asked = []

    def assistant(request):
        asked.append(request)
        return ANSWERS[request["sentence"]]

    with Plan.compile(CLAIMS, assist=assistant) as plan:
        assert [r["sentence"] for r in asked] == [THEFT, FIRE]
        assert asked[0]["line"] == 8 and len(asked[0]["entry"]) == 32
        assert {"name": "loss type", "type": "text"} in asked[0]["terms"]
        assert "route the claim to standard processing" in asked[0]["actions"]
        a = plan.assisted
        assert [x.sentence for x in a] == [THEFT, FIRE]
        assert isinstance(a[1], AssistedSentence)
        assert a[1].restatement == "If the loss type is fire, route the claim to the fire marshal."
        assert a[1].steps == ("action.route_the_claim_to_the_fire_marshal",)
        assert (a[0].line, a[0].column) == (8, 1)
        saved = plan.save()
    with Plan.load(saved) as again:
        assert again.assisted == a


def test_the_lock_gives_the_same_plan_without_asking():
    with Plan.compile(CLAIMS, assist=lambda r: ANSWERS[r["sentence"]]) as plan:
        want = plan.save_bytes()
        lock = lock_of(plan)
    with Plan.compile(CLAIMS, assist_lock=lock) as again:
        assert again.save_bytes() == want
    with Plan.compile(CLAIMS, assist_lock=json.dumps(lock),
                      assist=lambda r: pytest.fail("asked")) as again:
        assert again.save_bytes() == want


def test_unfaithful_and_declined_restatements_are_errors():
    def assistant(request):
        if request["sentence"] == FIRE:
            return ["If the loss type is fire and the claimed amount exceeds $75,000, route the "
                    "claim to the fire marshal."]
        return None  # a decline

    with pytest.raises(CompileError) as e:
        Plan.compile(CLAIMS, assist=assistant, filename="claims.txt")
    msgs = [(d.line, d.severity, d.message) for d in e.value.diagnostics]
    assert any(line == 9 and "is not faithful: it adds the amount '$75,000'" in m and FIRE in m
               for line, _, m in msgs)
    assert any(line == 8 and sev == Severity.WARNING and "did not restate" in m
               for line, sev, m in msgs)


def test_an_exception_fails_the_sentence_and_stops_asking():
    calls = []

    def assistant(request):
        calls.append(request["sentence"])
        raise RuntimeError("the model server is down")

    with pytest.raises(CompileError) as e:
        Plan.compile(CLAIMS, assist=assistant)
    assert calls == [THEFT]
    assert "the assistant failed on this sentence: the model server is down" in str(e.value.rendered)


def test_keyboard_interrupt_is_raised_again():
    def assistant(request):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Plan.compile(CLAIMS, assist=assistant)
