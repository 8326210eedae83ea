"""The sans-I/O loop: next / complete / fail / complete_builtin."""
from __future__ import annotations

import pytest

from conftest import claims_case
from libpolicy import Execution, Outcome, StateError, StepKind, ValueType

DATES = {"policy effective date": "2025-06-01", "policy expiration date": "2026-06-01"}


def test_builtin_loop_matches_execute(claims_plan):
    with claims_case("large_claim") as case:
        with claims_plan.execute(case) as reference, claims_plan.start(case) as x:
            handed = []
            while (task := x.next()) is not None:
                handed.append(task.step_id)
                x.complete_builtin(task)
                assert task.done
            assert x.outcome == Outcome.COMPLETE
            assert handed == ["extract.policy_number", "extract.date_of_loss",
                              "extract.claimed_amount", "lookup.policy_effective_date",
                              "lookup.policy_expiration_date"]
            assert x.decision_json() == reference.decision_json()
            assert x.trail.to_jsonl() == reference.trail.to_jsonl()


def test_batches_answered_out_of_order_give_the_same_trail(claims_plan):
    with claims_case("large_claim") as case:
        with claims_plan.execute(case) as reference, Execution.start(claims_plan, case) as x:
            batches = []
            # Each batch holds every task ready at once; answering them (in
            # reverse, as a pool might) makes the next batch ready. The
            # outcome is known once next() finds nothing left to hand out.
            while batch := x.tasks():
                assert x.outcome == Outcome.PENDING
                batches.append([t.step_id for t in batch])
                for task in reversed(batch):
                    x.complete_builtin(task)
            assert x.outcome == Outcome.COMPLETE
            assert [len(b) for b in batches] == [3, 2]
            assert x.trail.to_jsonl() == reference.trail.to_jsonl()


def test_host_answers_through_the_loop(claims_plan):
    ticks = iter(range(0, 1000, 5))
    with Execution.start(claims_plan, None, now=lambda: next(ticks)) as x:
        first = x.next()
        assert first.kind == StepKind.EXTRACT
        assert first.field == "policy number"
        assert first.document == "insurance claim"
        assert first.type == ValueType.TEXT
        assert first.request["step"] == first.step_id == "extract.policy_number"
        x.complete(first, "HO-9")
        # With the policy number known, the lookups are ready too.
        batch = x.tasks()
        assert [t.field for t in batch] == ["date of loss", "claimed amount",
                                            "policy effective date", "policy expiration date"]
        for task in batch:
            if task.field == "date of loss":
                x.complete(task, {"value": "2026-03-03"})
            elif task.field == "claimed amount":
                assert task.type == ValueType.MONEY
                x.complete(task, b'{"value": "60000.00"}')
            else:
                assert task.kind == StepKind.LOOKUP
                assert task.document is None
                assert task.type == ValueType.DATE
                assert task.request["keys"] == {"policy number": "HO-9"}
                x.complete(task, DATES[task.field])
        assert x.next() is None
        assert x.outcome == Outcome.COMPLETE
        assert [a.verb for a in x.actions] == ["escalate"]
        first_entry = x.trail.entries[0]
        assert (first_entry.started_at, first_entry.ended_at) == (0, 5)


def test_fail_a_task(claims_plan):
    with claims_case("large_claim") as case, claims_plan.start(case) as x:
        while (task := x.next()) is not None:
            if task.field == "claimed amount":
                x.fail(task, "the scanner jammed")
            else:
                x.complete_builtin(task)
        assert x.outcome == Outcome.FAILED
        assert "the scanner jammed" in x.failure


def test_a_task_is_answered_once(claims_plan):
    with claims_case("large_claim") as case, claims_plan.start(case) as x, \
            claims_plan.start(case) as other:
        task = x.next()
        x.complete_builtin(task)
        with pytest.raises(StateError):
            x.complete(task, "again")
        foreign = other.next()
        with pytest.raises(ValueError):
            x.complete_builtin(foreign)
        other.complete_builtin(foreign)


def test_pending_decision(claims_plan):
    with claims_plan.start(None) as x:
        assert x.outcome == Outcome.PENDING
        assert x.next() is not None
        assert x.decision["status"] == "pending"
    with pytest.raises(ValueError):
        x.next()


def test_llm_task_through_the_loop():
    from test_host import REVIEW, REVIEW_DOCS
    from libpolicy import Case, Plan
    with Plan.compile(REVIEW) as plan, Case("R", documents=REVIEW_DOCS) as case, \
            plan.start(case) as x:
        kinds = []
        while (task := x.next()) is not None:
            kinds.append(task.kind)
            if task.kind == StepKind.LLM:
                assert task.request["task"] == "judge"
                x.complete(task, {"answer": {"consistent": True, "rationale": "matches",
                                             "evidence": ["Scorch marks on the ceiling"]},
                                  "usage": {"prompt_tokens": 10, "completion_tokens": 5}})
            else:
                x.complete_builtin(task)
        assert kinds.count(StepKind.LLM) == 1
        assert x.outcome == Outcome.COMPLETE
        assert [a.verb for a in x.actions] == ["escalate"]
        assert x.tokens_used == 15
