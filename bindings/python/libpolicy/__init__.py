"""libpolicy: compile business policies written in plain English into
execution plans, run them on case documents, and explain the decision.

Pure ctypes over libpolicy.so (see ``_lib`` for where it is looked up)::

    from libpolicy import Plan, Case

    with Plan.compile_file("policy.txt") as plan, \\
         Case("CL-1", documents=[("claim form", form)],
              facts={"policy effective date": "2025-06-01"}) as case, \\
         plan.execute(case) as run:
        print(run.outcome, [a.text for a in run.actions])
        print(run.trail.explain())
"""
from __future__ import annotations

from ._lib import LibraryNotFoundError, lib as _c, library_path
from .case import Case
from .errors import (ArgumentError, BudgetError, CallbackError, ChainError, CompileError,
                     Diagnostic, HashError, LimitError, MismatchError, NoMemoryError,
                     NotFoundError, PlanError, PolicyError, Severity, StateError, Status,
                     TrailError)
from .execution import Action, Execution, FailedCheck, Outcome, Task
from .host import Host
from .plan import AssistedSentence, Hashes, Plan, Step, StepKind, ValueType
from .trail import Guardrail, Trail, TrailEntry, TrailInput

__version__ = "0.1.0"

__all__ = [
    "Action", "ArgumentError", "AssistedSentence", "BudgetError", "CallbackError", "Case", "ChainError",
    "CompileError", "Diagnostic", "Execution", "FailedCheck", "Guardrail", "HashError",
    "Hashes", "Host", "LibraryNotFoundError", "LimitError", "MismatchError", "NoMemoryError",
    "NotFoundError", "Outcome", "Plan", "PlanError", "PolicyError", "Severity", "StateError",
    "Status", "Step", "StepKind", "Task", "Trail", "TrailEntry", "TrailError", "TrailInput",
    "ValueType", "library_path", "library_version", "execute",
]


def library_version() -> str:
    """The loaded library's version string (policy_version())."""
    return _c.policy_version().decode()


def execute(plan: Plan, case: "Case | None" = None, host: "Host | None" = None, *,
            threads: int = 1, **kw) -> Execution:
    """Run a plan on a case to the end; see :meth:`Execution.run`."""
    return Execution.run(plan, case, host, threads=threads, **kw)
