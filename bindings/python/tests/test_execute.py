"""Executing the claims example with the built-in extractor and facts."""
from __future__ import annotations

import pytest

from conftest import claims_case
from libpolicy import Action, Case, Execution, Outcome, Plan, execute


def test_large_claim_is_escalated(claims_plan):
    with claims_case("large_claim", "CL-1") as case, claims_plan.execute(case) as x:
        assert x.outcome == Outcome.COMPLETE and x.is_complete
        assert x.failure is None
        assert x.actions == [Action("escalate to senior adjuster review", "escalate",
                                    "to senior adjuster review")]
        assert x.failed_checks == []
        assert x.tokens_used == 0
        d = x.decision
        assert d["status"] == "complete"
        assert d["actions"][0]["text"] == "escalate to senior adjuster review"
        assert d["policy"] == {"name": "Claims Intake", "version": "4.2.1",
                               "plan_hash": claims_plan.body_hash}
        assert x.decision_json().encode() == x.decision_json_bytes()
        assert "claimed amount $72,400.00 (claim form, page 2, line 10)" in x.explain()
        assert "case CL-1" in x.explain()


def test_small_claim_goes_to_standard_processing(claims_plan):
    with claims_case("small_claim") as case, execute(claims_plan, case) as x:
        assert x.outcome == Outcome.COMPLETE
        assert [a.text for a in x.actions] == ["route the claim to standard processing"]
        assert x.actions[0].verb == "route"


def test_lapsed_policy_is_denied_with_a_failed_check(claims_plan):
    with claims_case("lapsed_policy") as case, claims_plan.execute(case) as x:
        assert x.outcome == Outcome.COMPLETE
        assert [a.text for a in x.actions] == ["deny the claim"]
        [check] = x.failed_checks
        assert check.text == "Verify that the policy was active on the date of loss"
        assert "June 1, 2026" in check.reason


def test_missing_amount_fails_the_decision(claims_plan):
    form = ("Policy Number: HO-4471-0932\n"
            "Date of Loss: March 3, 2026\n")
    with Case("CL-2", documents=[("claim form", form)],
              facts={"policy effective date": "2025-06-01",
                     "policy expiration date": "2026-06-01"}) as case, \
            claims_plan.execute(case) as x:
        assert x.outcome == Outcome.FAILED and not x.is_complete
        assert "claimed amount is missing" in x.failure
        assert x.actions == []
        assert x.decision["status"] == "failed"
        assert x.decision["error"] == x.failure


def test_no_case_at_all_fails_cleanly(claims_plan):
    with Execution.run(claims_plan, None) as x:
        assert x.outcome == Outcome.FAILED
        assert x.failure


@pytest.mark.parametrize("name", ["large_claim", "small_claim", "lapsed_policy"])
def test_four_threads_give_the_same_trail(claims_plan, name):
    with claims_case(name) as case:
        with claims_plan.execute(case, threads=1) as one, \
                claims_plan.execute(case, threads=4) as four:
            assert four.decision_json() == one.decision_json()
            assert four.trail.to_jsonl() == one.trail.to_jsonl()


def test_plan_may_be_closed_while_its_execution_lives(claims_text):
    plan = Plan.compile(claims_text)
    with claims_case("large_claim") as case:
        x = plan.execute(case)
    plan.close()
    case.close()
    assert x.actions[0].verb == "escalate"
    assert len(x.trail) == 10
    x.close()


def test_case_records_what_was_added():
    with Case("C-9", documents=[("claim form", "Amount Claimed: $5\n")],
              facts=[("limit", 5), ("ok", True)]) as case:
        assert case.id == "C-9"
        assert case.documents == [("claim form", "Amount Claimed: $5\n")]
        assert case.facts == {"limit": "5", "ok": "true"}
        case.add_fact_json("raw", b'"x"')
        assert case.facts["raw"] == '"x"'
        with pytest.raises(ValueError):
            case.add_document("claim\0form", "x")
