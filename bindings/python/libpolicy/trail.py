"""The why-trail: hash-chained entries, JSON Lines, plain-English reasons."""
from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Optional, Union

from . import _lib
from ._handle import Handle
from ._lib import lib, text
from .errors import check, take_error
from .plan import StepKind, kind_of

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["Trail", "TrailEntry", "TrailInput", "Guardrail"]


def _parse(j: Optional[str]) -> Any:
    return None if j is None else json.loads(j)


@dataclass(frozen=True)
class TrailInput:
    """An input of a step: its name, its value as the trail shows it, and
    where it came from (``{"document", "page", "line", ...}`` or
    ``{"fact", "source"}``; None when another step computed it)."""
    name: str
    value: Optional[str]
    evidence_json: str

    @property
    def evidence(self) -> Optional[dict]:
        return _parse(self.evidence_json)


@dataclass(frozen=True)
class Guardrail:
    """A guardrail activation: what was attempted, and what was done instead."""
    name: str
    attempted: Optional[str]
    alternative: Optional[str]


@dataclass(frozen=True)
class TrailEntry:
    """One executed step, copied out of the trail."""
    seq: int
    step_id: str
    kind: StepKind
    policy_name: str
    policy_version: str
    plan_hash: str
    sentence: str
    line: int
    output_json: str
    reason: Optional[str]
    started_at: int
    ended_at: int
    tokens: int
    inputs: tuple[TrailInput, ...]
    guardrails: tuple[Guardrail, ...]
    hash: str
    prev_hash: str
    json: str

    @property
    def output(self) -> Any:
        """The output value, parsed from JSON (None when missing)."""
        return _parse(self.output_json)


def _entry(it: int) -> TrailEntry:
    return TrailEntry(
        seq=int(lib.policy_trail_iter_seq(it)),
        step_id=text(lib.policy_trail_iter_step_id(it)) or "",
        kind=kind_of(lib.policy_trail_iter_kind(it)),  # type: ignore[arg-type]
        policy_name=text(lib.policy_trail_iter_policy_name(it)) or "",
        policy_version=text(lib.policy_trail_iter_policy_version(it)) or "",
        plan_hash=text(lib.policy_trail_iter_plan_hash(it)) or "",
        sentence=text(lib.policy_trail_iter_sentence(it)) or "",
        line=int(lib.policy_trail_iter_line(it)),
        output_json=text(lib.policy_trail_iter_output_json(it)) or "null",
        reason=text(lib.policy_trail_iter_reason(it)),
        started_at=int(lib.policy_trail_iter_started_at(it)),
        ended_at=int(lib.policy_trail_iter_ended_at(it)),
        tokens=int(lib.policy_trail_iter_tokens(it)),
        inputs=tuple(TrailInput(
            name=text(lib.policy_trail_iter_input_name(it, i)) or "",
            value=text(lib.policy_trail_iter_input_value(it, i)),
            evidence_json=text(lib.policy_trail_iter_input_evidence_json(it, i)) or "null")
            for i in range(lib.policy_trail_iter_input_count(it))),
        guardrails=tuple(Guardrail(
            name=text(lib.policy_trail_iter_guardrail_name(it, i)) or "",
            attempted=text(lib.policy_trail_iter_guardrail_attempted(it, i)),
            alternative=text(lib.policy_trail_iter_guardrail_alternative(it, i)))
            for i in range(lib.policy_trail_iter_guardrail_count(it))),
        hash=text(lib.policy_trail_iter_hash(it)) or "",
        prev_hash=text(lib.policy_trail_iter_prev_hash(it)) or "",
        json=text(lib.policy_trail_iter_json(it)) or "",
    )


class Trail(Handle):
    """An ordered, hash-chained list of entries, one per executed step.

    Either an execution's own trail (``Execution.trail``, valid while the
    execution is open; closing it does nothing) or one read back with
    :meth:`load` (owned, closed with :meth:`close`).
    """

    _free_func = lib.policy_trail_free
    _what = "trail"

    def __init__(self, _ptr: int, *, owner: Optional[Handle] = None) -> None:
        self._adopt(_ptr)
        # A borrowed trail keeps its execution alive and is only as open
        # as that execution.
        self._owner = owner

    @property
    def _h(self) -> int:
        if self._owner is not None and self._owner.closed:
            raise ValueError("the trail's execution is closed")
        return super()._h

    @property
    def closed(self) -> bool:
        return self._ptr is None or (self._owner is not None and self._owner.closed)

    def close(self) -> None:
        if self._owner is not None:  # borrowed: the execution frees it
            self._ptr = None
            self._owner = None
            return
        super().close()

    @classmethod
    def load(cls, jsonl: Union[str, bytes], *, filename: str = "trail.jsonl",
             max_json_bytes: int = 0, max_json_depth: int = 0) -> "Trail":
        """Read JSON Lines written by :meth:`to_jsonl`, verifying the hash
        chain: :class:`ChainError` names the first entry that does not
        match, :class:`TrailError` a malformed line."""
        src = _lib.data(jsonl)
        opts = _lib.load_options()
        opts.max_json_bytes = max_json_bytes
        opts.max_json_depth = max_json_depth
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        st = lib.policy_trail_load(src, len(src), ctypes.byref(opts), ctypes.byref(out),
                                   ctypes.byref(err))
        if st != 0:
            if out.value:
                lib.policy_trail_free(out)
            raise take_error(st, err, source=src, filename=filename)
        check(st, err)
        return cls(out.value)

    def __len__(self) -> int:
        return int(lib.policy_trail_entry_count(self._h))

    @property
    def entries(self) -> list[TrailEntry]:
        """Every entry, in order (copied; the list outlives the trail)."""
        it = ctypes.c_void_p()
        check(lib.policy_trail_iter_new(self._h, ctypes.byref(it)))
        try:
            out = []
            while lib.policy_trail_iter_next(it):
                out.append(_entry(it.value))
            return out
        finally:
            lib.policy_trail_iter_free(it)

    def __iter__(self) -> Iterator[TrailEntry]:
        return iter(self.entries)

    def to_jsonl_bytes(self) -> bytes:
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(lib.policy_trail_to_jsonl(self._h, ctypes.byref(out), ctypes.byref(n)))
        return _lib.take_string(out, n)

    def to_jsonl(self) -> str:
        """One JSON object per line, one line per entry."""
        return self.to_jsonl_bytes().decode(_lib.ENCODING, "surrogateescape")

    def explain_bytes(self) -> bytes:
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(lib.policy_trail_explain(self._h, ctypes.byref(out), ctypes.byref(n)))
        return _lib.take_string(out, n)

    def explain(self) -> str:
        """The decision and its reasons in plain English."""
        return self.explain_bytes().decode(_lib.ENCODING, "surrogateescape")

    def verify(self, plan: "Optional[Plan]" = None) -> None:
        """Check the hash chain (:class:`ChainError`) and, with `plan`, that
        every entry was made by it (:class:`MismatchError`)."""
        err = ctypes.c_void_p()
        st = lib.policy_trail_verify(self._h, plan._h if plan is not None else None,
                                     ctypes.byref(err))
        check(st, err)

    def __repr__(self) -> str:
        if self.closed:
            return "<Trail closed>"
        return f"<Trail {len(self)} entries>"
