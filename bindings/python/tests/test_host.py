"""Host callbacks written in Python: extract, lookup, clock; failures."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from conftest import claims_case
from libpolicy import Case, Host, Outcome, StepKind, ValueType

FIELDS = {
    "policy number": "HO-1",
    "date of loss": "2026-03-03",
    "claimed amount": {"value": "72400.00", "text": "$72,400.00",
                       "evidence": {"document": "claim form", "index": 1, "count": 1,
                                    "page": 3, "line": 4, "snippet": "Claimed: $72,400.00"}},
}
DATES = {"policy effective date": "2025-06-01", "policy expiration date": "2026-06-01"}


def test_extract_and_lookup_from_python(claims_plan):
    extracted, looked_up = [], []

    def extract(doc_type, field, vtype, request):
        extracted.append((doc_type, field, vtype, request))
        return FIELDS[field]

    def lookup(fact, request):
        looked_up.append((fact, request))
        return {"value": DATES[fact], "source": "PAS v7"}

    with Host(extract=extract, lookup=lookup) as host, Case("CL-7") as case, \
            claims_plan.execute(case, host) as x:
        assert x.outcome == Outcome.COMPLETE
        assert [a.text for a in x.actions] == ["escalate to senior adjuster review"]
        assert host.exceptions == []
        # What the callbacks were given.
        assert [f for _, f, _, _ in extracted] == ["policy number", "date of loss",
                                                   "claimed amount"]
        _, _, vtype, request = extracted[2]
        assert vtype == ValueType.MONEY
        assert request["step"] == "extract.claimed_amount"
        assert request["kind"] == "extract" and request["type"] == "money"
        assert request["case"] == "CL-7"
        assert sorted(f for f, _ in looked_up) == sorted(DATES)
        assert all(r["keys"] == {"policy number": "HO-1"} for _, r in looked_up)
        # The host's evidence and source reach the trail and the explanation.
        explanation = x.explain()
        assert "$72,400.00 (claim form, page 3, line 4)" in explanation
        lookup_entry = next(e for e in x.trail if e.step_id == "lookup.policy_effective_date")
        assert lookup_entry.output == "2025-06-01"


def test_scalar_answers_are_values(claims_plan):
    answers = {"policy number": "HO-2", "date of loss": "2026-04-01",
               "claimed amount": Decimal("12850.00")}
    host = Host(extract=lambda d, f, t, r: answers[f], lookup=lambda f, r: DATES[f])
    with host, Case() as case, claims_plan.execute(case, host) as x:
        assert [a.text for a in x.actions] == ["route the claim to standard processing"]
        amount = next(e for e in x.trail if e.step_id == "extract.claimed_amount")
        assert amount.output == "12850.00"


@pytest.mark.parametrize("threads", [1, 4])
def test_raising_callback_fails_the_step_not_the_process(claims_plan, threads):
    def extract(doc_type, field, vtype, request):
        if field == "claimed amount":
            raise RuntimeError("the OCR service is down")
        return FIELDS[field]

    with Host(extract=extract, lookup=lambda f, r: DATES[f]) as host, Case() as case, \
            claims_plan.execute(case, host, threads=threads) as x:
        assert x.outcome == Outcome.FAILED
        assert "the OCR service is down" in x.failure
        assert x.actions == []
        [(name, exc)] = host.exceptions
        assert name == "extract" and isinstance(exc, RuntimeError)
        entry = next(e for e in x.trail if e.step_id == "extract.claimed_amount")
        assert entry.output is None
        assert "the OCR service is down" in entry.json


def test_raising_lookup_with_an_empty_message_uses_the_type_name(claims_plan):
    def lookup(fact, request):
        raise KeyError

    with Host(extract=lambda d, f, t, r: FIELDS[f], lookup=lookup) as host, Case() as case, \
            claims_plan.execute(case, host) as x:
        assert x.outcome == Outcome.FAILED
        assert "KeyError" in x.failure
        assert len(host.exceptions) == 2


def test_bad_answers_fail_the_step(claims_plan):
    bad = {"policy number": b"this is not JSON", "date of loss": {"value": "not a date"},
           "claimed amount": None}
    with Host(extract=lambda d, f, t, r: bad[f], lookup=lambda f, r: DATES[f]) as host, \
            Case() as case, claims_plan.execute(case, host) as x:
        assert x.outcome == Outcome.FAILED
        assert host.exceptions == []
        by_id = {e.step_id: e for e in x.trail}
        for step in ("extract.policy_number", "extract.date_of_loss", "extract.claimed_amount"):
            assert by_id[step].output is None


def test_keyboard_interrupt_in_a_callback_is_raised_after_the_run(claims_plan):
    def extract(doc_type, field, vtype, request):
        raise KeyboardInterrupt

    with Host(extract=extract) as host, Case() as case:
        with pytest.raises(KeyboardInterrupt):
            claims_plan.execute(case, host)
        # The host stays usable.
        host.set_extract(lambda d, f, t, r: FIELDS[f])
        host.set_lookup(lambda f, r: DATES[f])
        with claims_plan.execute(case, host) as x:
            assert x.outcome == Outcome.COMPLETE


def test_clock_callback_stamps_the_trail(claims_plan):
    ticks = iter(range(1000, 100000, 10))
    with Host(now=lambda: next(ticks)) as host, claims_case("large_claim") as case, \
            claims_plan.execute(case, host) as x:
        entries = x.trail.entries
        extracts = [e for e in entries if e.kind == StepKind.EXTRACT]
        assert [e.started_at for e in extracts] == [1000, 1010, 1020]
        for e in extracts:
            assert e.ended_at > e.started_at


def test_raising_clock_reads_zero(claims_plan):
    def now():
        raise OSError("no clock")

    with Host(now=now) as host, claims_case("large_claim") as case, \
            claims_plan.execute(case, host) as x:
        assert x.outcome == Outcome.COMPLETE
        assert all(e.started_at == 0 for e in x.trail)
        assert host.exceptions and host.exceptions[0][0] == "now"


def test_unset_callbacks_fall_back_to_the_built_in_ones(claims_plan):
    with Host(lookup=lambda f, r: DATES[f]) as host, claims_case("small_claim") as case, \
            claims_plan.execute(case, host) as x:
        assert [a.verb for a in x.actions] == ["route"]
        host.set_lookup(None)
        with claims_plan.execute(case, host) as y:  # the case's own facts
            assert y.decision_json() == x.decision_json()


def test_callbacks_on_four_threads_give_the_same_trail(claims_plan):
    threads_seen = set()

    def extract(doc_type, field, vtype, request):
        threads_seen.add(threading.get_ident())
        return FIELDS[field]

    def lookup(fact, request):
        threads_seen.add(threading.get_ident())
        return {"value": DATES[fact], "source": "PAS v7"}

    with Host(extract=extract, lookup=lookup) as host, Case("T") as case:
        with claims_plan.execute(case, host, threads=1) as one:
            single = threads_seen.copy()
            for _ in range(20):
                with claims_plan.execute(case, host, threads=4) as four:
                    assert four.trail.to_jsonl() == one.trail.to_jsonl()
                    assert four.decision_json() == one.decision_json()
        assert len(single) == 1
        assert len(threads_seen) > 1  # worker threads did call into Python
        assert host.exceptions == []



REVIEW = """Policy: Review
Version: 1.0.0
Effective: 2026-01-01

When a new insurance claim arrives, extract the claimed amount and the cause of loss from the claim form.

Confirm that the damage described in the adjuster notes is consistent with the cause of loss. If it is not, refer the claim to the special investigations unit.
If the claimed amount exceeds $50,000, escalate to senior adjuster review.
"""
REVIEW_DOCS = [("claim form", "Claimed Amount: $72,400.00\nCause of Loss: Burst supply line\n"),
               ("adjuster notes", "Scorch marks on the ceiling.\n")]


@pytest.fixture
def review_plan():
    from libpolicy import Plan
    with Plan.compile(REVIEW) as plan:
        yield plan


def test_llm_callback_with_a_schema_guardrail(review_plan):
    [judge] = [s for s in review_plan.steps if s.kind == StepKind.LLM]
    assert not judge.deterministic and judge.est_tokens > 0
    assert review_plan.est_tokens == judge.est_tokens
    answers = [
        {"answer": {"consistent": "yes", "rationale": "x", "evidence": []}},
        {"answer": {"consistent": False, "rationale": "fire, not water",
                    "evidence": ["Scorch marks on the ceiling"]},
         "usage": {"prompt_tokens": 400, "completion_tokens": 20}},
    ]
    requests = []

    def llm(request):
        requests.append(request)
        return answers[len(requests) - 1]

    with Host(llm=llm) as host, Case("R", documents=REVIEW_DOCS) as case, \
            review_plan.execute(case, host) as x:
        assert x.outcome == Outcome.COMPLETE
        assert "refer the claim to the special investigations unit" in [a.text for a in x.actions]
        assert x.tokens_used == 420
        assert [(r["task"], r["attempt"]) for r in requests] == [("judge", 1), ("judge", 2)]
        assert requests[0]["step"] == judge.id
        assert "consistent" in requests[0]["schema"]["properties"]
        assert requests[1]["previous_error"]
        entry = next(e for e in x.trail if e.step_id == judge.id)
        assert entry.kind == StepKind.LLM and entry.tokens == 420
        assert entry.output is False
        [g] = entry.guardrails
        assert g.name == "schema"
        assert g.attempted == requests[1]["previous_error"]
        assert g.alternative
        assert "Model tokens used: 420." in x.explain()


def test_raising_llm_fails_its_step(review_plan):
    def llm(request):
        raise TimeoutError("the model timed out")

    with Host(llm=llm) as host, Case("R", documents=REVIEW_DOCS) as case, \
            review_plan.execute(case, host) as x:
        judge = next(e for e in x.trail if e.kind == StepKind.LLM)
        assert judge.output is None
        assert "the model timed out" in judge.json
        assert host.exceptions and host.exceptions[0][0] == "llm"
        # The decision needs the judgment, so none is made.
        assert x.outcome == Outcome.FAILED
        assert x.actions == []
