"""Hosts: Python callables through which the library reaches the world.

Each callback receives Python values and returns its answer the easy way:

``extract(doc_type, field, type, request) -> answer``
    find `field` (a :class:`ValueType`) in the case's documents of
    `doc_type`; `request` is the parsed request (docs/host-protocol.md).
``lookup(fact, request) -> answer``
    answer a fact from a system of record; ``request["keys"]`` holds the
    values that identify it.
``llm(request) -> answer``
    one structured model call.
``store(kind, key, data) -> None`` and ``load(kind, key) -> str | None``
    persistence; ``load`` returns None when there is nothing stored.
``now() -> int``
    the clock, milliseconds since 1970-01-01 UTC.

An answer is one of: a dict (the protocol's answer object, e.g.
``{"value": "72400.00", "evidence": {...}}``, written as JSON); a scalar
(str, int, Decimal, bool, datetime.date), short for ``{"value": x}``; a
list, short for ``{"values": [...]}``; None, short for ``{"missing": ...}``;
or bytes, taken as JSON text as is.

A callback that raises fails its step with the exception's message (the
decision fails if it needs that value); it never crashes the process. The
exceptions are kept in :attr:`Host.exceptions` for debugging. A
``KeyboardInterrupt`` or ``SystemExit`` also fails the step, and
:meth:`Execution.run` raises it again once the library has returned. A
clock that raises reads 0.

Callbacks may run on worker threads (``threads > 1``) and concurrently
with each other; ctypes takes the GIL for each call.
"""
from __future__ import annotations

import ctypes
import threading
from typing import Any, Callable, Optional, Union

from . import _json, _lib
from ._handle import Handle
from ._lib import lib, text
from .errors import Status, check
from .plan import ValueType, type_of

__all__ = ["Host", "ExtractFunc", "LookupFunc", "LlmFunc", "StoreFunc", "LoadFunc", "NowFunc"]

Answer = Any
ExtractFunc = Callable[[str, str, ValueType, dict], Answer]
LookupFunc = Callable[[str, dict], Answer]
LlmFunc = Callable[[dict], Answer]
StoreFunc = Callable[[str, str, str], None]
LoadFunc = Callable[[str, str], "Union[str, bytes, dict, None]"]
NowFunc = Callable[[], int]


def answer_json(result: Answer, missing: str) -> bytes:
    """A callback's return value -> the JSON answer the library expects."""
    if isinstance(result, (bytes, bytearray, memoryview)):
        return bytes(result)
    if result is None:
        return _json.dumps({"missing": missing}).encode(_lib.ENCODING)
    if isinstance(result, dict):
        return _json.dumps(result).encode(_lib.ENCODING)
    if isinstance(result, (list, tuple)):
        values = [v if isinstance(v, dict) else {"value": v} for v in result]
        return _json.dumps({"values": values}).encode(_lib.ENCODING)
    return _json.dumps({"value": result}).encode(_lib.ENCODING)


def _message(e: BaseException) -> bytes:
    msg = str(e) or type(e).__name__
    return msg.replace("\0", " ").encode(_lib.ENCODING, "replace")


class _Trap:
    """Exceptions raised by callbacks; shared by the callback closures."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.exceptions: list[tuple[str, BaseException]] = []
        self.fatal: Optional[BaseException] = None

    def caught(self, name: str, e: BaseException) -> None:
        with self.lock:
            self.exceptions.append((name, e))
            if not isinstance(e, Exception) and self.fatal is None:
                self.fatal = e


def _answering(trap: _Trap, name: str, reply: int, call: Callable[[], bytes]) -> int:
    """Run `call`, put its JSON in `reply`; turn any exception into an
    error reply. Never lets an exception escape into C."""
    try:
        body = call()
        return int(lib.policy_reply_set_json(reply, body, len(body)))
    except BaseException as e:  # noqa: B036 - nothing may unwind through C
        trap.caught(name, e)
        try:
            lib.policy_reply_set_error(reply, _message(e))
        except BaseException:
            pass
        return int(Status.ERR_CALLBACK)


class Host(Handle):
    """The callbacks for :meth:`Execution.run`. Unset callbacks fall back to
    the built-in ones: plain-text extractor, the case's facts, no model,
    nothing stored, a clock reading 0."""

    _free_func = lib.policy_host_free
    _what = "host"

    def __init__(self, *, extract: Optional[ExtractFunc] = None,
                 lookup: Optional[LookupFunc] = None, llm: Optional[LlmFunc] = None,
                 store: Optional[StoreFunc] = None, load: Optional[LoadFunc] = None,
                 now: Optional[NowFunc] = None) -> None:
        self._trap = _Trap()
        # The ctypes function objects must outlive every call the library
        # can make through them: they are kept here until the host is
        # closed (or the callback replaced).
        self._cfuncs: dict[str, Any] = {}
        out = ctypes.c_void_p()
        check(lib.policy_host_new(None, ctypes.byref(out)))
        self._adopt(out.value)
        self.set_extract(extract)
        self.set_lookup(lookup)
        self.set_llm(llm)
        self.set_store(store)
        self.set_load(load)
        self.set_now(now)

    @property
    def exceptions(self) -> list[tuple[str, BaseException]]:
        """(callback name, exception) for every callback that raised."""
        with self._trap.lock:
            return list(self._trap.exceptions)

    def _take_fatal(self) -> Optional[BaseException]:
        with self._trap.lock:
            e, self._trap.fatal = self._trap.fatal, None
        return e

    def _install(self, name: str, setter: Any, ctype: Any, cfunc: Any) -> None:
        h = self._h
        if cfunc is None:
            setter(h, ctype(), None, _lib.NO_DESTROY)
            self._cfuncs.pop(name, None)
        else:
            setter(h, cfunc, None, _lib.NO_DESTROY)
            self._cfuncs[name] = cfunc

    def set_extract(self, func: Optional[ExtractFunc]) -> None:
        trap = self._trap
        cfunc = None
        if func is not None:
            def extract(doc_type, field, vtype, request, reply, _ud):
                def call() -> bytes:
                    d, f = text(doc_type) or "", text(field) or ""
                    result = func(d, f, type_of(vtype), _json.loads(request))
                    return answer_json(result, f"no '{f}' in the {d}")
                return _answering(trap, "extract", reply, call)
            cfunc = _lib.EXTRACT_FUNC(extract)
        self._install("extract", lib.policy_host_set_extract_func, _lib.EXTRACT_FUNC, cfunc)

    def set_lookup(self, func: Optional[LookupFunc]) -> None:
        trap = self._trap
        cfunc = None
        if func is not None:
            def lookup(fact, request, reply, _ud):
                def call() -> bytes:
                    name = text(fact) or ""
                    result = func(name, _json.loads(request))
                    return answer_json(result, f"the host knows no '{name}'")
                return _answering(trap, "lookup", reply, call)
            cfunc = _lib.LOOKUP_FUNC(lookup)
        self._install("lookup", lib.policy_host_set_lookup_func, _lib.LOOKUP_FUNC, cfunc)

    def set_llm(self, func: Optional[LlmFunc]) -> None:
        trap = self._trap
        cfunc = None
        if func is not None:
            def llm(request, reply, _ud):
                def call() -> bytes:
                    return answer_json(func(_json.loads(request)), "the model gave no answer")
                return _answering(trap, "llm", reply, call)
            cfunc = _lib.LLM_FUNC(llm)
        self._install("llm", lib.policy_host_set_llm_func, _lib.LLM_FUNC, cfunc)

    def set_store(self, func: Optional[StoreFunc]) -> None:
        trap = self._trap
        cfunc = None
        if func is not None:
            def store(kind, key, data, length, _ud):
                try:
                    body = ctypes.string_at(data, length) if data else b""
                    func(text(kind) or "", text(key) or "",
                         body.decode(_lib.ENCODING, "surrogateescape"))
                    return int(Status.OK)
                except BaseException as e:  # noqa: B036
                    trap.caught("store", e)
                    return int(Status.ERR_CALLBACK)
            cfunc = _lib.STORE_FUNC(store)
        self._install("store", lib.policy_host_set_store_func, _lib.STORE_FUNC, cfunc)

    def set_load(self, func: Optional[LoadFunc]) -> None:
        trap = self._trap
        cfunc = None
        if func is not None:
            def load(kind, key, reply, _ud):
                try:
                    result = func(text(kind) or "", text(key) or "")
                except BaseException as e:  # noqa: B036
                    trap.caught("load", e)
                    try:
                        lib.policy_reply_set_error(reply, _message(e))
                    except BaseException:
                        pass
                    return int(Status.ERR_CALLBACK)
                if result is None:
                    return int(Status.ERR_NOT_FOUND)
                if isinstance(result, dict):
                    body = _json.dumps(result).encode(_lib.ENCODING)
                else:
                    body = _lib.data(result)
                return int(lib.policy_reply_set_json(reply, body, len(body)))
            cfunc = _lib.LOAD_FUNC(load)
        self._install("load", lib.policy_host_set_load_func, _lib.LOAD_FUNC, cfunc)

    def set_now(self, func: Optional[NowFunc]) -> None:
        cfunc = None
        if func is not None:
            cfunc = _lib.NOW_FUNC(_clock(self._trap, func))
        self._install("now", lib.policy_host_set_now_func, _lib.NOW_FUNC, cfunc)

    def close(self) -> None:
        # Free the C host first: it may still point at the callbacks.
        super().close()
        self._cfuncs.clear()

    def __repr__(self) -> str:
        names = ", ".join(sorted(self._cfuncs)) or "built-in only"
        return f"<Host {names}{' closed' if self.closed else ''}>"


_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _clock(trap: _Trap, func: NowFunc) -> Callable[[Any], int]:
    def now(_ud: Any) -> int:
        try:
            return max(_INT64_MIN, min(_INT64_MAX, int(func())))
        except BaseException as e:  # noqa: B036
            trap.caught("now", e)
            return 0
    return now
