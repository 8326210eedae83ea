"""Plans: compile English policy text, load and save plan JSON, inspect.

``Plan.compile(text, assist=func)`` asks ``func`` to restate the sentences
the grammar cannot read (docs/assist.md); only while compiling, never
while a plan runs. ``func(request) -> answer`` receives the request as a
dict ({"sentence", "line", "terms", "actions", "forms", ...}) and answers
with a dict ({"restatements": [...], "model": ...} or {"decline": why}),
a string or a list of strings (the restatements), or None (a decline).
An exception fails that sentence (and the assistant is asked nothing
more); ``KeyboardInterrupt`` is raised again once compiling has stopped.
``assist_lock`` is the lock's JSON (str, bytes or a dict): restatements
pinned earlier, used before the assistant is asked. ``plan.assisted``
lists the sentences compiled from a restatement.
"""
from __future__ import annotations

import ctypes
import enum
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Optional, Union

from . import _json, _lib
from ._handle import Handle
from ._lib import lib, text
from .errors import Diagnostic, Status, check, take_error, warnings_of

if TYPE_CHECKING:
    from .case import Case
    from .execution import Execution
    from .host import Host

__all__ = ["Plan", "Step", "StepKind", "ValueType", "Hashes", "AssistedSentence", "AssistFunc"]

Source = Union[str, bytes]
AssistFunc = Callable[[dict], Any]


class StepKind(enum.IntEnum):
    """``policy_step_kind``."""
    EXTRACT = 0
    LOOKUP = 1
    COMPUTE = 2
    CHECK = 3
    REQUIRE = 4
    ACTION = 5
    LLM = 6
    GUARDRAIL = 7

    def __str__(self) -> str:
        return self.name.lower()


class ValueType(enum.IntEnum):
    """``policy_type``."""
    NONE = 0
    MONEY = 1
    NUMBER = 2
    PERCENT = 3
    RATIO = 4
    COUNT = 5
    DATE = 6
    DURATION = 7
    BOOLEAN = 8
    TEXT = 9
    ENUM = 10

    def __str__(self) -> str:
        return self.name.lower()


def kind_of(k: int) -> "StepKind | int":
    try:
        return StepKind(k)
    except ValueError:
        return k


def type_of(t: int) -> "ValueType | int":
    try:
        return ValueType(t)
    except ValueError:
        return t


@dataclass(frozen=True)
class Step:
    """One step of a plan, copied out of it."""
    index: int
    id: str
    kind: StepKind
    level: int
    type: ValueType
    deterministic: bool
    est_tokens: int
    line: int
    column: int
    sentence: str
    label: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class AssistedSentence:
    """A sentence the grammar could not read, compiled from the restatement
    the compile-time assistant gave; ``entry`` is its lock entry."""
    entry: str
    line: int
    column: int
    sentence: str
    restatement: str
    steps: tuple[str, ...]


def _assist_reply(result: Any) -> bytes:
    if isinstance(result, (bytes, bytearray, memoryview)):
        return bytes(result)
    if result is None:
        result = {"decline": "the assistant gave no answer"}
    elif isinstance(result, str):
        result = {"restatements": [result]}
    elif isinstance(result, (list, tuple)):
        result = {"restatements": list(result)}
    return _json.dumps(result).encode(_lib.ENCODING)


def _assist_callback(func: AssistFunc, caught: list) -> Any:
    """The C callback around `func`; nothing unwinds through C."""

    def call(request: bytes, reply: int, _ud: int) -> int:
        try:
            body = _assist_reply(func(_json.loads(request.decode(_lib.ENCODING))))
            return int(lib.policy_reply_set_json(reply, body, len(body)))
        except BaseException as e:  # noqa: B036
            caught.append(e)
            msg = (str(e) or type(e).__name__).replace("\0", " ")
            try:
                lib.policy_reply_set_error(reply, msg.encode(_lib.ENCODING, "replace"))
            except BaseException:
                pass
            return int(Status.ERR_CALLBACK)

    return _lib.ASSIST_FUNC(call)


class Hashes(NamedTuple):
    """XXH3-128 hex digests: of the normalized policy text and of the plan body."""
    text: str
    body: str


class Plan(Handle):
    """A compiled or loaded plan: immutable, shareable across threads.

    Make one with :meth:`compile` or :meth:`load`; free it with
    :meth:`close` or a ``with`` block (executions keep their own reference,
    so a plan may be closed while its executions live on).
    """

    _free_func = lib.policy_plan_free
    _what = "plan"

    def __init__(self, _ptr: int, *, warnings: Optional[list[Diagnostic]] = None) -> None:
        self._adopt(_ptr)
        #: compile warnings (severity WARNING diagnostics), if any
        self.warnings: list[Diagnostic] = list(warnings or [])

    # ---- making plans ----------------------------------------------------

    @classmethod
    def compile(cls, source: Source, *, filename: str = "policy", token_budget: int = 0,
                max_text_bytes: int = 0, max_sentence_bytes: int = 0, max_depth: int = 0,
                max_steps: int = 0, assist: Optional[AssistFunc] = None,
                assist_lock: "Source | dict | None" = None, max_assisted: int = 0) -> "Plan":
        """Compile policy text. Raises :class:`CompileError` (or LimitError,
        BudgetError) whose ``rendered`` shows every diagnostic with
        `filename`, the source line and a caret. With `assist` (and/or
        `assist_lock`), sentences the grammar cannot read are restated (see
        the module's documentation)."""
        src = _lib.data(source)
        opts = _lib.compile_options()
        opts.token_budget = token_budget
        opts.max_text_bytes = max_text_bytes
        opts.max_sentence_bytes = max_sentence_bytes
        opts.max_depth = max_depth
        opts.max_steps = max_steps
        opts.max_assisted = max_assisted
        caught: list = []
        if assist is not None:
            cb = _assist_callback(assist, caught)  # alive until policy_compile returns
            opts.assist = cb
        if assist_lock is not None:
            lock = (_json.dumps(assist_lock).encode(_lib.ENCODING)
                    if isinstance(assist_lock, dict) else _lib.data(assist_lock))
            opts.assist_lock = lock
            opts.assist_lock_len = len(lock)
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        st = lib.policy_compile(src, len(src), ctypes.byref(opts), ctypes.byref(out),
                                ctypes.byref(err))
        fatal = next((e for e in caught if not isinstance(e, Exception)), None)
        if fatal is not None:
            if out.value:
                lib.policy_plan_free(out)
            if err.value:
                lib.policy_error_free(err)
            raise fatal
        if st != 0:
            if out.value:  # the contract says no plan on failure; never leak one
                lib.policy_plan_free(out)
            raise take_error(st, err, source=src, filename=filename)
        return cls(out.value, warnings=warnings_of(err, src, filename))

    @classmethod
    def compile_file(cls, path: "str | os.PathLike[str]", **kw) -> "Plan":
        """Compile the policy in a file; diagnostics name the file."""
        with open(path, "rb") as f:
            src = f.read()
        kw.setdefault("filename", os.fspath(path))
        return cls.compile(src, **kw)

    @classmethod
    def load(cls, plan_json: Source, *, filename: str = "plan.json", max_json_bytes: int = 0,
             max_json_depth: int = 0, max_steps: int = 0) -> "Plan":
        """Load a saved plan (untrusted input). Raises :class:`PlanError`,
        or :class:`HashError` when a content hash does not match."""
        src = _lib.data(plan_json)
        opts = _lib.load_options()
        opts.max_json_bytes = max_json_bytes
        opts.max_json_depth = max_json_depth
        opts.max_steps = max_steps
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        st = lib.policy_plan_load(src, len(src), ctypes.byref(opts), ctypes.byref(out),
                                  ctypes.byref(err))
        if st != 0:
            if out.value:
                lib.policy_plan_free(out)
            raise take_error(st, err, source=src, filename=filename)
        check(st, err)
        return cls(out.value)

    def save(self) -> str:
        """The plan as canonical JSON; loading and saving it again gives
        the same text."""
        return self.save_bytes().decode(_lib.ENCODING, "surrogateescape")

    def save_bytes(self) -> bytes:
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(lib.policy_plan_save(self._h, ctypes.byref(out), ctypes.byref(n)))
        return _lib.take_string(out, n)

    def inspect(self) -> str:
        """A human-readable view: header, schema, steps by level."""
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(lib.policy_plan_inspect(self._h, ctypes.byref(out), ctypes.byref(n)))
        return text(_lib.take_string(out, n)) or ""

    # ---- what the plan says ----------------------------------------------

    @property
    def name(self) -> str:
        return text(lib.policy_plan_name(self._h)) or ""

    @property
    def version(self) -> str:
        """The policy's own version (its "Version:" line)."""
        return text(lib.policy_plan_policy_version(self._h)) or ""

    @property
    def effective(self) -> str:
        """The effective date, YYYY-MM-DD."""
        return text(lib.policy_plan_effective(self._h)) or ""

    @property
    def source(self) -> Optional[str]:
        """The "Source:" line, or None."""
        return text(lib.policy_plan_source(self._h))

    @property
    def text_hash(self) -> str:
        return text(lib.policy_plan_text_hash(self._h)) or ""

    @property
    def body_hash(self) -> str:
        return text(lib.policy_plan_body_hash(self._h)) or ""

    @property
    def hashes(self) -> Hashes:
        return Hashes(self.text_hash, self.body_hash)

    @property
    def est_tokens(self) -> int:
        return int(lib.policy_plan_est_tokens(self._h))

    @property
    def level_count(self) -> int:
        return int(lib.policy_plan_level_count(self._h))

    @property
    def steps(self) -> list[Step]:
        """Every step in plan order (levels ascending)."""
        h = self._h
        steps = []
        for i in range(lib.policy_plan_step_count(h)):
            steps.append(Step(
                index=i,
                id=text(lib.policy_plan_step_id(h, i)) or "",
                kind=kind_of(lib.policy_plan_step_kind(h, i)),  # type: ignore[arg-type]
                level=int(lib.policy_plan_step_level(h, i)),
                type=type_of(lib.policy_plan_step_type(h, i)),  # type: ignore[arg-type]
                deterministic=bool(lib.policy_plan_step_deterministic(h, i)),
                est_tokens=int(lib.policy_plan_step_est_tokens(h, i)),
                line=int(lib.policy_plan_step_line(h, i)),
                column=int(lib.policy_plan_step_column(h, i)),
                sentence=text(lib.policy_plan_step_sentence(h, i)) or "",
                label=text(lib.policy_plan_step_label(h, i)) or "",
                inputs=tuple(text(lib.policy_plan_step_input(h, i, j)) or ""
                             for j in range(lib.policy_plan_step_input_count(h, i)))))
        return steps

    @property
    def assisted(self) -> list[AssistedSentence]:
        """Sentences compiled from the compile-time assistant's restatement,
        in source order (docs/assist.md)."""
        h = self._h
        return [AssistedSentence(
            entry=text(lib.policy_plan_assisted_entry(h, i)) or "",
            line=int(lib.policy_plan_assisted_line(h, i)),
            column=int(lib.policy_plan_assisted_column(h, i)),
            sentence=text(lib.policy_plan_assisted_sentence(h, i)) or "",
            restatement=text(lib.policy_plan_assisted_restatement(h, i)) or "",
            steps=tuple(text(lib.policy_plan_assisted_step(h, i, j)) or ""
                        for j in range(lib.policy_plan_assisted_step_count(h, i))))
            for i in range(lib.policy_plan_assisted_count(h))]

    # ---- running ---------------------------------------------------------

    def execute(self, case: "Case", host: "Optional[Host]" = None, *, threads: int = 1,
                **kw) -> "Execution":
        """Run this plan on `case` to the end; see :meth:`Execution.run`."""
        from .execution import Execution
        return Execution.run(self, case, host, threads=threads, **kw)

    def execute_batch(self, cases: "list[Case]", host: "Optional[Host]" = None, *,
                      threads: int = 1, **kw) -> "list[Execution | PolicyError]":
        """Decide many cases in one call on `threads` worker threads; one
        result per case in input order. See :meth:`Execution.run_batch`."""
        from .execution import Execution
        return Execution.run_batch(self, cases, host, threads=threads, **kw)

    def start(self, case: "Case", **kw) -> "Execution":
        """Start a sans-I/O execution; see :meth:`Execution.start`."""
        from .execution import Execution
        return Execution.start(self, case, **kw)

    def __repr__(self) -> str:
        if self.closed:
            return "<Plan closed>"
        return f"<Plan {self.name!r} {self.version} body {self.body_hash[:12]}>"
