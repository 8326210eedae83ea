"""Status codes and the exceptions that carry libpolicy's error objects.

Every failing call raises a :class:`PolicyError` subclass chosen by the C
status (``CompileError`` for ``POLICY_ERR_COMPILE``, ``HashError`` for
``POLICY_ERR_HASH``, ...). The exception copies everything out of the C
``policy_error`` (code, message, line, column, hint, every diagnostic, and
the compiler-style rendering) and frees it at once, so exceptions can be
kept, pickled or re-raised freely.
"""
from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass
from typing import Optional

from . import _lib
from ._lib import lib, text

__all__ = [
    "Status", "Severity", "Diagnostic", "PolicyError", "NoMemoryError", "ArgumentError",
    "CompileError", "LimitError", "PlanError", "HashError", "BudgetError", "StateError",
    "CallbackError", "TrailError", "ChainError", "MismatchError", "NotFoundError",
]


class Status(enum.IntEnum):
    """``policy_status``."""
    OK = 0
    ERR_NOMEM = 1
    ERR_ARGUMENT = 2
    ERR_COMPILE = 3
    ERR_LIMIT = 4
    ERR_PLAN = 5
    ERR_HASH = 6
    ERR_BUDGET = 7
    ERR_STATE = 8
    ERR_CALLBACK = 9
    ERR_TRAIL = 10
    ERR_CHAIN = 11
    ERR_MISMATCH = 12
    ERR_NOT_FOUND = 13

    @property
    def c_name(self) -> str:
        """The C constant's name, e.g. ``"POLICY_ERR_HASH"``."""
        return text(lib.policy_status_name(int(self))) or f"POLICY_STATUS_{int(self)}"


class Severity(enum.IntEnum):
    ERROR = 0
    WARNING = 1


@dataclass(frozen=True)
class Diagnostic:
    """One compiler diagnostic; line and column are 1-based, 0 when unknown."""
    severity: Severity
    message: str
    hint: Optional[str]
    line: int
    column: int


class PolicyError(Exception):
    """A libpolicy call failed.

    Attributes: ``code`` (:class:`Status`), ``message``, ``line``,
    ``column`` (1-based; 0 when the error has no position), ``hint`` (or
    None), ``diagnostics`` (every diagnostic, errors and warnings, in
    source order) and ``rendered``: the errors drawn the way compilers do,
    with the source line and a caret when the source was known.
    """

    code: Status = Status.ERR_ARGUMENT

    def __init__(self, message: str, *, code: Optional[Status] = None, line: int = 0,
                 column: int = 0, hint: Optional[str] = None,
                 diagnostics: Optional[list[Diagnostic]] = None,
                 rendered: Optional[str] = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.diagnostics = list(diagnostics or [])
        self.rendered = rendered

    def __str__(self) -> str:
        if self.line:
            return f"{self.line}:{self.column}: {self.message}"
        return self.message

    def __reduce__(self):  # keep the attributes through pickling
        return (_rebuild, (type(self), self.message, self.__dict__))


def _rebuild(cls, message, state):
    e = cls.__new__(cls)
    Exception.__init__(e, message)
    e.__dict__.update(state)
    return e


class NoMemoryError(PolicyError, MemoryError):
    code = Status.ERR_NOMEM


class ArgumentError(PolicyError, ValueError):
    code = Status.ERR_ARGUMENT


class CompileError(PolicyError):
    code = Status.ERR_COMPILE


class LimitError(PolicyError):
    code = Status.ERR_LIMIT


class PlanError(PolicyError):
    code = Status.ERR_PLAN


class HashError(PlanError):
    """The plan's content hash does not match its body (tampering)."""
    code = Status.ERR_HASH


class BudgetError(PolicyError):
    code = Status.ERR_BUDGET


class StateError(PolicyError):
    code = Status.ERR_STATE


class CallbackError(PolicyError):
    code = Status.ERR_CALLBACK


class TrailError(PolicyError):
    code = Status.ERR_TRAIL


class ChainError(TrailError):
    """The trail's hash chain is broken (tampering)."""
    code = Status.ERR_CHAIN


class MismatchError(TrailError):
    """The trail was made by a different plan."""
    code = Status.ERR_MISMATCH


class NotFoundError(PolicyError, LookupError):
    code = Status.ERR_NOT_FOUND


_BY_CODE: dict[int, type[PolicyError]] = {
    cls.code: cls for cls in (NoMemoryError, ArgumentError, CompileError, LimitError,
                              PlanError, HashError, BudgetError, StateError, CallbackError,
                              TrailError, ChainError, MismatchError, NotFoundError)
}


def _status(code: int) -> Status:
    try:
        return Status(code)
    except ValueError:
        return Status.ERR_ARGUMENT


def from_status(code: int, message: Optional[str] = None) -> PolicyError:
    """An exception for a status that came without an error object."""
    st = _status(code)
    cls = _BY_CODE.get(st, PolicyError)
    return cls(message or st.c_name, code=st)


def take_error(code: int, err: ctypes.c_void_p, *, source: "bytes | None" = None,
               filename: str = "policy") -> PolicyError:
    """Copy a C policy_error into an exception and free it.

    `code` is the status the call returned; the error object's own code is
    preferred when there is one. `source` is the text the positions refer
    to, used for the rendered excerpt.
    """
    if not err.value:
        return from_status(code)
    try:
        e = err.value
        st = _status(lib.policy_error_code(e) or code)
        diags = []
        for i in range(lib.policy_error_diagnostic_count(e)):
            sev = lib.policy_error_diagnostic_severity(e, i)
            diags.append(Diagnostic(
                severity=Severity(sev) if sev in (0, 1) else Severity.ERROR,
                message=text(lib.policy_error_diagnostic_message(e, i)) or "",
                hint=text(lib.policy_error_diagnostic_hint(e, i)),
                line=lib.policy_error_diagnostic_line(e, i),
                column=lib.policy_error_diagnostic_column(e, i)))
        rendered = render(e, filename, source)
        cls = _BY_CODE.get(st, PolicyError)
        return cls(text(lib.policy_error_message(e)) or st.c_name, code=st,
                   line=lib.policy_error_line(e), column=lib.policy_error_column(e),
                   hint=text(lib.policy_error_hint(e)), diagnostics=diags,
                   rendered=rendered)
    finally:
        lib.policy_error_free(err)
        err.value = None


def render(e: int, filename: str, source: "bytes | None") -> Optional[str]:
    out = ctypes.c_void_p()
    n = ctypes.c_size_t()
    fn = _lib.cstr(filename, "filename")
    st = lib.policy_error_render(e, fn, source, len(source) if source is not None else 0,
                                 ctypes.byref(out), ctypes.byref(n))
    if st != Status.OK:
        _lib.lib.policy_free(out)
        return None
    return text(_lib.take_string(out, n))


def warnings_of(err: ctypes.c_void_p, source: bytes, filename: str) -> list[Diagnostic]:
    """The diagnostics of a warnings-only report (code OK); frees it."""
    if not err.value:
        return []
    return take_error(Status.OK, err, source=source, filename=filename).diagnostics


def check(code: int, err: "ctypes.c_void_p | None" = None, **kw) -> None:
    """Raise for a failing status, consuming the error object if any."""
    if code == Status.OK:
        if err is not None and err.value:
            lib.policy_error_free(err)
            err.value = None
        return
    raise take_error(code, err if err is not None else ctypes.c_void_p(), **kw)
