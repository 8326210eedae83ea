"""Executions: run a plan on a case, through callbacks or sans-I/O.

Two ways to drive one:

- :meth:`Execution.run` runs everything through a :class:`Host`'s Python
  callbacks (or the built-in extractor and the case's facts), optionally
  with worker threads for the independent steps of a level;
- :meth:`Execution.start` hands the work to you: :meth:`next` gives the
  next :class:`Task` (an extract, lookup or LLM call with its request),
  and :meth:`complete`, :meth:`fail` or :meth:`complete_builtin` take the
  answer, in whatever order your event loop or pool finishes them.
"""
from __future__ import annotations

import ctypes
import enum
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Sequence

from . import _lib
from ._handle import Handle
from ._lib import lib, text
from .errors import PolicyError, StateError, Status, check, take_error
from .host import Host, NowFunc, _clock, _Trap, answer_json
from .plan import StepKind, ValueType, kind_of, type_of
from .trail import Trail

if TYPE_CHECKING:
    from .case import Case
    from .plan import Plan

__all__ = ["Execution", "Outcome", "Action", "FailedCheck", "Task"]


class Outcome(enum.IntEnum):
    """``policy_outcome``."""
    PENDING = 0
    COMPLETE = 1
    FAILED = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Action:
    """An action that fired: its text exactly as written, verb and object."""
    text: str
    verb: str
    object: str


@dataclass(frozen=True)
class FailedCheck:
    """A check that failed: its sentence and, in English, why."""
    text: str
    reason: Optional[str]


class Task:
    """Work the host must do for a sans-I/O execution. Its fields are
    copied when it is handed out; it can be answered once."""

    __slots__ = ("kind", "step_id", "request_json", "document", "field", "type", "_ptr",
                 "_exec")

    def __init__(self, ptr: int, execution: "Execution") -> None:
        self._ptr: Optional[int] = ptr
        self._exec = execution
        self.kind: StepKind = kind_of(lib.policy_task_kind(ptr))  # type: ignore[assignment]
        self.step_id: str = text(lib.policy_task_step_id(ptr)) or ""
        self.request_json: str = text(lib.policy_task_request_json(ptr)) or "{}"
        self.document: Optional[str] = text(lib.policy_task_document(ptr))
        self.field: Optional[str] = text(lib.policy_task_field(ptr))
        self.type: ValueType = type_of(lib.policy_task_type(ptr))  # type: ignore[assignment]

    @property
    def request(self) -> dict:
        """The request, parsed (see docs/host-protocol.md)."""
        return json.loads(self.request_json)

    @property
    def done(self) -> bool:
        return self._ptr is None

    def __repr__(self) -> str:
        return f"<Task {self.kind} {self.step_id}{' done' if self.done else ''}>"


def _options(threads: int, token_budget: int, max_document_bytes: int,
             max_reply_bytes: int) -> _lib.ExecOptions:
    if threads < 0:
        raise ValueError("threads must not be negative")
    opts = _lib.exec_options()
    opts.threads = threads
    opts.token_budget = token_budget
    opts.max_document_bytes = max_document_bytes
    opts.max_reply_bytes = max_reply_bytes
    return opts


class Execution(Handle):
    """One execution of one plan on one case: the decision and its trail."""

    _free_func = lib.policy_exec_free
    _what = "execution"

    def __init__(self, _ptr: int, *, clock: Any = None) -> None:
        self._adopt(_ptr)
        # A sans-I/O execution calls its clock until it ends.
        self._clock = clock

    @classmethod
    def run(cls, plan: "Plan", case: "Optional[Case]" = None, host: Optional[Host] = None, *,
            threads: int = 1, token_budget: int = 0, max_document_bytes: int = 0,
            max_reply_bytes: int = 0) -> "Execution":
        """Run `plan` on `case` to the end through `host` (None: built-in
        extractor and the case's facts, clock 0). A decision that failed is
        not an exception: see :attr:`outcome` and :attr:`failure`."""
        opts = _options(threads, token_budget, max_document_bytes, max_reply_bytes)
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        st = lib.policy_execute(plan._h, host._h if host is not None else None,
                                case._h if case is not None else None, ctypes.byref(opts),
                                ctypes.byref(out), ctypes.byref(err))
        x = cls(out.value) if st == 0 and out.value else None
        fatal = host._take_fatal() if host is not None else None
        if fatal is not None:
            if x is not None:
                x.close()
            if err.value:
                lib.policy_error_free(err)
            raise fatal
        if x is None:
            raise take_error(st, err)
        check(0, err)
        return x

    @classmethod
    def run_batch(cls, plan: "Plan", cases: "Sequence[Case]", host: Optional[Host] = None, *,
                  threads: int = 1, case_threads: int = 1, token_budget: int = 0,
                  max_document_bytes: int = 0,
                  max_reply_bytes: int = 0) -> "list[Execution | PolicyError]":
        """Decide many cases with one plan in one call (policy_execute_batch):
        `threads` worker threads share the plan, each deciding whole cases
        (`case_threads` is the threads within one case). Returns one result
        per case, in input order: its :class:`Execution`, or the
        :class:`PolicyError` that case failed with (returned, not raised, so
        one bad case never loses the others). The host's callbacks run on
        the worker threads, concurrently."""
        if threads < 0:
            raise ValueError("threads must not be negative")
        cases = list(cases)
        n = len(cases)
        for c in cases:
            c._h  # raises for a closed case
        opts = _options(case_threads, token_budget, max_document_bytes, max_reply_bytes)
        bo = _lib.batch_options()
        bo.threads = threads
        bo.exec = ctypes.pointer(opts)
        arr = (ctypes.c_void_p * max(n, 1))(*[c._h for c in cases])
        execs = (ctypes.c_void_p * max(n, 1))()
        errs = (ctypes.c_void_p * max(n, 1))()
        st = lib.policy_execute_batch(plan._h, host._h if host is not None else None, arr, n,
                                      ctypes.byref(bo), execs, errs)
        check(st)
        results: "list[Execution | PolicyError]" = []
        for i in range(n):
            if execs[i]:
                results.append(cls(execs[i]))
                if errs[i]:
                    lib.policy_error_free(errs[i])
            else:
                results.append(take_error(Status.ERR_CALLBACK, ctypes.c_void_p(errs[i])))
        fatal = host._take_fatal() if host is not None else None
        if fatal is not None:
            for r in results:
                if isinstance(r, Execution):
                    r.close()
            raise fatal
        return results

    @classmethod
    def start(cls, plan: "Plan", case: "Optional[Case]" = None, *,
              now: Optional[NowFunc] = None, token_budget: int = 0,
              max_document_bytes: int = 0, max_reply_bytes: int = 0) -> "Execution":
        """Start a sans-I/O execution without doing anything yet. `now` is
        the trail's clock (None: it reads 0). The case is copied."""
        opts = _options(0, token_budget, max_document_bytes, max_reply_bytes)
        clock = None
        if now is not None:
            clock = _lib.NOW_FUNC(_clock(_Trap(), now))
            opts.now = clock
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        st = lib.policy_exec_new(plan._h, case._h if case is not None else None,
                                 ctypes.byref(opts), ctypes.byref(out), ctypes.byref(err))
        if st != 0 or not out.value:
            if out.value:
                lib.policy_exec_free(out)
            raise take_error(st, err)
        check(st, err)
        return cls(out.value, clock=clock)

    # ---- the sans-I/O loop -----------------------------------------------

    def next(self) -> Optional[Task]:
        """Run every internal step that is ready and return the next task,
        or None: either the execution has ended (:attr:`outcome` is not
        PENDING) or it waits for tasks already handed out."""
        t = ctypes.c_void_p()
        check(lib.policy_exec_next(self._h, ctypes.byref(t)))
        return Task(t.value, self) if t.value else None

    def tasks(self) -> list[Task]:
        """Every task ready now: one batch, independent of each other."""
        batch = []
        while (t := self.next()) is not None:
            batch.append(t)
        return batch

    def _task(self, task: Task) -> int:
        h = self._h
        if task._exec is not self:
            raise ValueError("the task belongs to another execution")
        if task._ptr is None:
            raise StateError("the task has already been answered")
        return h

    def complete(self, task: Task, answer: Any) -> None:
        """Deliver a task's answer (a dict, a scalar, a list, None or JSON
        bytes, as a callback would return it). A bad answer fails the
        step, not the call."""
        h = self._task(task)
        body = answer_json(answer, f"no answer for {task.field or task.step_id}")
        st = lib.policy_exec_complete(h, task._ptr, body, len(body))
        task._ptr = None
        check(st)

    def fail(self, task: Task, message: str) -> None:
        """Report that a task could not be performed; its step fails."""
        h = self._task(task)
        st = lib.policy_exec_fail(h, task._ptr, _lib.cstr(message.replace("\0", " "), "message"))
        task._ptr = None
        check(st)

    def complete_builtin(self, task: Task) -> None:
        """Perform a task with the built-in extractor or the case's facts."""
        h = self._task(task)
        st = lib.policy_exec_complete_builtin(h, task._ptr)
        task._ptr = None
        check(st)

    # ---- the decision ----------------------------------------------------

    @property
    def outcome(self) -> Outcome:
        return Outcome(lib.policy_exec_outcome(self._h))

    @property
    def is_complete(self) -> bool:
        """A decision was made."""
        return self.outcome == Outcome.COMPLETE

    @property
    def failure(self) -> Optional[str]:
        """For a FAILED outcome: what was missing or invalid, and why."""
        return text(lib.policy_exec_failure(self._h))

    @property
    def actions(self) -> list[Action]:
        h = self._h
        return [Action(text(lib.policy_exec_action_text(h, i)) or "",
                       text(lib.policy_exec_action_verb(h, i)) or "",
                       text(lib.policy_exec_action_object(h, i)) or "")
                for i in range(lib.policy_exec_action_count(h))]

    @property
    def failed_checks(self) -> list[FailedCheck]:
        h = self._h
        return [FailedCheck(text(lib.policy_exec_failed_check_text(h, i)) or "",
                            text(lib.policy_exec_failed_check_reason(h, i)))
                for i in range(lib.policy_exec_failed_check_count(h))]

    @property
    def tokens_used(self) -> int:
        return int(lib.policy_exec_tokens_used(self._h))

    def decision_json_bytes(self) -> bytes:
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(lib.policy_exec_decision_json(self._h, ctypes.byref(out), ctypes.byref(n)))
        return _lib.take_string(out, n)

    def decision_json(self) -> str:
        """The decision as the library writes it (one JSON object)."""
        return self.decision_json_bytes().decode(_lib.ENCODING, "surrogateescape")

    @property
    def decision(self) -> dict:
        """The decision JSON, parsed."""
        return json.loads(self.decision_json_bytes())

    @property
    def trail(self) -> Trail:
        """The why-trail, valid while this execution is open."""
        # A new small wrapper each time: caching it here would make a
        # reference cycle and delay freeing the execution until a GC pass.
        ptr = lib.policy_exec_trail(self._h)
        if not ptr:
            raise StateError("the execution has no trail")
        return Trail(ptr, owner=self)

    def explain(self) -> str:
        """Shorthand for ``trail.explain()``."""
        return self.trail.explain()

    def __repr__(self) -> str:
        if self.closed:
            return "<Execution closed>"
        return f"<Execution {self.outcome}: {len(self.actions)} actions>"
