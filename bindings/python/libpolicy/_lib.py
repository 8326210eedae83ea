"""Loading libpolicy.so and declaring its C functions for ctypes.

Everything that knows the C signatures lives here, so the rest of the
package reads like Python. Handles are opaque ``void *`` (ctypes gives them
to us as ``int``); borrowed ``const char *`` results arrive as ``bytes``
copied by ctypes at once, and strings the library allocates for us come
back through a ``char **`` that we copy and release with ``policy_free``
(see :func:`take_string`).

Where the library is found, first match wins:

1. the environment variable ``LIBPOLICY_PATH`` (a path to the .so);
2. ``../../build/lib/libpolicy.so.0`` relative to ``bindings/python``, i.e.
   the build tree of the checkout the package sits in;
3. ``ctypes.util.find_library("policy")`` (an installed library).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_size_t,
                    c_uint, c_uint64, c_void_p)
from pathlib import Path
from typing import Optional

ENCODING = "utf-8"


class LibraryNotFoundError(OSError):
    """libpolicy.so could not be found or loaded."""


def _candidates() -> list[str]:
    env = os.environ.get("LIBPOLICY_PATH")
    if env:
        # An explicit choice is the only candidate: silently falling back to
        # another copy of the library would hide a misconfiguration.
        return [env]
    found = []
    tree = Path(__file__).resolve().parent.parent / ".." / ".." / "build" / "lib" / "libpolicy.so.0"
    if tree.exists():
        found.append(os.path.normpath(tree))
    name = ctypes.util.find_library("policy")
    if name:
        found.append(name)
    return found


def _load() -> tuple[ctypes.CDLL, str]:
    tried = _candidates()
    errors = []
    for path in tried:
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            errors.append(f"{path}: {e}")
    detail = "; ".join(errors) if errors else "no candidate found"
    raise LibraryNotFoundError(
        "cannot load libpolicy (set LIBPOLICY_PATH to the path of libpolicy.so.0, "
        f"build the tree with 'ninja -C build', or install the library): {detail}")


lib, library_path = _load()

# ---- callback and struct types -------------------------------------------

# policy_status is a C enum: an int in every ABI we run on.
status_t = c_int

EXTRACT_FUNC = CFUNCTYPE(status_t, c_char_p, c_char_p, c_int, c_char_p, c_void_p, c_void_p)
LOOKUP_FUNC = CFUNCTYPE(status_t, c_char_p, c_char_p, c_void_p, c_void_p)
LLM_FUNC = CFUNCTYPE(status_t, c_char_p, c_void_p, c_void_p)
STORE_FUNC = CFUNCTYPE(status_t, c_char_p, c_char_p, c_void_p, c_size_t, c_void_p)
LOAD_FUNC = CFUNCTYPE(status_t, c_char_p, c_char_p, c_void_p, c_void_p)
NOW_FUNC = CFUNCTYPE(c_int64, c_void_p)
DESTROY_FUNC = CFUNCTYPE(None, c_void_p)
ASSIST_FUNC = CFUNCTYPE(status_t, c_char_p, c_void_p, c_void_p)


class CompileOptions(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("allocator", c_void_p),
        ("token_budget", c_uint64),
        ("max_text_bytes", c_size_t),
        ("max_sentence_bytes", c_size_t),
        ("max_depth", c_uint),
        ("max_steps", c_size_t),
        ("assist", ASSIST_FUNC),
        ("assist_user_data", c_void_p),
        ("assist_lock", c_char_p),
        ("assist_lock_len", c_size_t),
        ("max_assisted", c_uint),
    ]


class LoadOptions(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("allocator", c_void_p),
        ("max_json_bytes", c_size_t),
        ("max_json_depth", c_uint),
        ("max_steps", c_size_t),
    ]


class ExecOptions(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("allocator", c_void_p),
        ("threads", c_uint),
        ("token_budget", c_uint64),
        ("max_document_bytes", c_size_t),
        ("max_reply_bytes", c_size_t),
        ("now", NOW_FUNC),
        ("now_user_data", c_void_p),
    ]


class BatchOptions(Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("threads", c_uint),
        ("exec", POINTER(ExecOptions)),
        ("make_case", c_void_p),  # callbacks unused from Python: cases come as an array
        ("done", c_void_p),
        ("user_data", c_void_p),
    ]


def _init(struct: type[Structure]) -> Structure:
    s = struct()
    s.struct_size = ctypes.sizeof(struct)
    return s


def compile_options() -> CompileOptions:
    return _init(CompileOptions)  # type: ignore[return-value]


def load_options() -> LoadOptions:
    return _init(LoadOptions)  # type: ignore[return-value]


def exec_options() -> ExecOptions:
    return _init(ExecOptions)  # type: ignore[return-value]


def batch_options() -> BatchOptions:
    return _init(BatchOptions)  # type: ignore[return-value]


# ---- function prototypes ---------------------------------------------------

_vp = c_void_p
_pvp = POINTER(c_void_p)
_psize = POINTER(c_size_t)

_PROTOTYPES: dict[str, tuple[object, list[object]]] = {
    "policy_version": (c_char_p, []),
    "policy_status_name": (c_char_p, [status_t]),
    "policy_free": (None, [_vp]),
    # errors
    "policy_error_code": (status_t, [_vp]),
    "policy_error_message": (c_char_p, [_vp]),
    "policy_error_line": (c_uint, [_vp]),
    "policy_error_column": (c_uint, [_vp]),
    "policy_error_hint": (c_char_p, [_vp]),
    "policy_error_diagnostic_count": (c_size_t, [_vp]),
    "policy_error_diagnostic_severity": (c_int, [_vp, c_size_t]),
    "policy_error_diagnostic_message": (c_char_p, [_vp, c_size_t]),
    "policy_error_diagnostic_hint": (c_char_p, [_vp, c_size_t]),
    "policy_error_diagnostic_line": (c_uint, [_vp, c_size_t]),
    "policy_error_diagnostic_column": (c_uint, [_vp, c_size_t]),
    "policy_error_render": (status_t, [_vp, c_char_p, c_char_p, c_size_t, _pvp, _psize]),
    "policy_error_free": (None, [_vp]),
    "policy_type_name": (c_char_p, [c_int]),
    # plans
    "policy_compile": (status_t, [c_char_p, c_size_t, POINTER(CompileOptions), _pvp, _pvp]),
    "policy_plan_load": (status_t, [c_char_p, c_size_t, POINTER(LoadOptions), _pvp, _pvp]),
    "policy_plan_save": (status_t, [_vp, _pvp, _psize]),
    "policy_plan_inspect": (status_t, [_vp, _pvp, _psize]),
    "policy_plan_reference": (_vp, [_vp]),
    "policy_plan_free": (None, [_vp]),
    "policy_plan_name": (c_char_p, [_vp]),
    "policy_plan_policy_version": (c_char_p, [_vp]),
    "policy_plan_effective": (c_char_p, [_vp]),
    "policy_plan_source": (c_char_p, [_vp]),
    "policy_plan_text_hash": (c_char_p, [_vp]),
    "policy_plan_body_hash": (c_char_p, [_vp]),
    "policy_plan_est_tokens": (c_uint64, [_vp]),
    "policy_step_kind_name": (c_char_p, [c_int]),
    "policy_plan_step_count": (c_size_t, [_vp]),
    "policy_plan_level_count": (c_size_t, [_vp]),
    "policy_plan_step_id": (c_char_p, [_vp, c_size_t]),
    "policy_plan_step_kind": (c_int, [_vp, c_size_t]),
    "policy_plan_step_level": (c_uint, [_vp, c_size_t]),
    "policy_plan_step_type": (c_int, [_vp, c_size_t]),
    "policy_plan_step_deterministic": (c_int, [_vp, c_size_t]),
    "policy_plan_step_est_tokens": (c_uint64, [_vp, c_size_t]),
    "policy_plan_step_line": (c_uint, [_vp, c_size_t]),
    "policy_plan_step_column": (c_uint, [_vp, c_size_t]),
    "policy_plan_step_sentence": (c_char_p, [_vp, c_size_t]),
    "policy_plan_step_label": (c_char_p, [_vp, c_size_t]),
    "policy_plan_step_input_count": (c_size_t, [_vp, c_size_t]),
    "policy_plan_step_input": (c_char_p, [_vp, c_size_t, c_size_t]),
    "policy_plan_assisted_count": (c_size_t, [_vp]),
    "policy_plan_assisted_line": (c_uint, [_vp, c_size_t]),
    "policy_plan_assisted_column": (c_uint, [_vp, c_size_t]),
    "policy_plan_assisted_sentence": (c_char_p, [_vp, c_size_t]),
    "policy_plan_assisted_restatement": (c_char_p, [_vp, c_size_t]),
    "policy_plan_assisted_entry": (c_char_p, [_vp, c_size_t]),
    "policy_plan_assisted_step_count": (c_size_t, [_vp, c_size_t]),
    "policy_plan_assisted_step": (c_char_p, [_vp, c_size_t, c_size_t]),
    # cases
    "policy_case_new": (status_t, [_vp, _pvp]),
    "policy_case_free": (None, [_vp]),
    "policy_case_set_id": (status_t, [_vp, c_char_p]),
    "policy_case_add_document": (status_t, [_vp, c_char_p, c_char_p, c_size_t]),
    "policy_case_add_fact": (status_t, [_vp, c_char_p, c_char_p, c_size_t]),
    # hosts
    "policy_reply_set_json": (status_t, [_vp, c_char_p, c_size_t]),
    "policy_reply_set_error": (status_t, [_vp, c_char_p]),
    "policy_host_new": (status_t, [_vp, _pvp]),
    "policy_host_reference": (_vp, [_vp]),
    "policy_host_free": (None, [_vp]),
    "policy_host_set_extract_func": (None, [_vp, EXTRACT_FUNC, _vp, DESTROY_FUNC]),
    "policy_host_set_lookup_func": (None, [_vp, LOOKUP_FUNC, _vp, DESTROY_FUNC]),
    "policy_host_set_llm_func": (None, [_vp, LLM_FUNC, _vp, DESTROY_FUNC]),
    "policy_host_set_store_func": (None, [_vp, STORE_FUNC, _vp, DESTROY_FUNC]),
    "policy_host_set_load_func": (None, [_vp, LOAD_FUNC, _vp, DESTROY_FUNC]),
    "policy_host_set_now_func": (None, [_vp, NOW_FUNC, _vp, DESTROY_FUNC]),
    # executions
    "policy_exec_new": (status_t, [_vp, _vp, POINTER(ExecOptions), _pvp, _pvp]),
    "policy_exec_next": (status_t, [_vp, _pvp]),
    "policy_exec_complete": (status_t, [_vp, _vp, c_char_p, c_size_t]),
    "policy_exec_fail": (status_t, [_vp, _vp, c_char_p]),
    "policy_exec_complete_builtin": (status_t, [_vp, _vp]),
    "policy_task_kind": (c_int, [_vp]),
    "policy_task_step_id": (c_char_p, [_vp]),
    "policy_task_request_json": (c_char_p, [_vp]),
    "policy_task_document": (c_char_p, [_vp]),
    "policy_task_field": (c_char_p, [_vp]),
    "policy_task_type": (c_int, [_vp]),
    "policy_execute": (status_t, [_vp, _vp, _vp, POINTER(ExecOptions), _pvp, _pvp]),
    "policy_execute_batch": (status_t, [_vp, _vp, POINTER(_vp), c_size_t, POINTER(BatchOptions),
                                        POINTER(_vp), POINTER(_vp)]),
    "policy_exec_free": (None, [_vp]),
    "policy_exec_outcome": (c_int, [_vp]),
    "policy_exec_failure": (c_char_p, [_vp]),
    "policy_exec_action_count": (c_size_t, [_vp]),
    "policy_exec_action_text": (c_char_p, [_vp, c_size_t]),
    "policy_exec_action_verb": (c_char_p, [_vp, c_size_t]),
    "policy_exec_action_object": (c_char_p, [_vp, c_size_t]),
    "policy_exec_failed_check_count": (c_size_t, [_vp]),
    "policy_exec_failed_check_text": (c_char_p, [_vp, c_size_t]),
    "policy_exec_failed_check_reason": (c_char_p, [_vp, c_size_t]),
    "policy_exec_tokens_used": (c_uint64, [_vp]),
    "policy_exec_decision_json": (status_t, [_vp, _pvp, _psize]),
    # trails
    "policy_exec_trail": (_vp, [_vp]),
    "policy_trail_load": (status_t, [c_char_p, c_size_t, POINTER(LoadOptions), _pvp, _pvp]),
    "policy_trail_free": (None, [_vp]),
    "policy_trail_verify": (status_t, [_vp, _vp, _pvp]),
    "policy_trail_to_jsonl": (status_t, [_vp, _pvp, _psize]),
    "policy_trail_explain": (status_t, [_vp, _pvp, _psize]),
    "policy_trail_entry_count": (c_size_t, [_vp]),
    "policy_trail_iter_new": (status_t, [_vp, _pvp]),
    "policy_trail_iter_next": (c_int, [_vp]),
    "policy_trail_iter_free": (None, [_vp]),
    "policy_trail_iter_seq": (c_uint64, [_vp]),
    "policy_trail_iter_step_id": (c_char_p, [_vp]),
    "policy_trail_iter_kind": (c_int, [_vp]),
    "policy_trail_iter_policy_name": (c_char_p, [_vp]),
    "policy_trail_iter_policy_version": (c_char_p, [_vp]),
    "policy_trail_iter_plan_hash": (c_char_p, [_vp]),
    "policy_trail_iter_sentence": (c_char_p, [_vp]),
    "policy_trail_iter_line": (c_uint, [_vp]),
    "policy_trail_iter_output_json": (c_char_p, [_vp]),
    "policy_trail_iter_reason": (c_char_p, [_vp]),
    "policy_trail_iter_started_at": (c_int64, [_vp]),
    "policy_trail_iter_ended_at": (c_int64, [_vp]),
    "policy_trail_iter_tokens": (c_uint64, [_vp]),
    "policy_trail_iter_input_count": (c_size_t, [_vp]),
    "policy_trail_iter_input_name": (c_char_p, [_vp, c_size_t]),
    "policy_trail_iter_input_value": (c_char_p, [_vp, c_size_t]),
    "policy_trail_iter_input_evidence_json": (c_char_p, [_vp, c_size_t]),
    "policy_trail_iter_guardrail_count": (c_size_t, [_vp]),
    "policy_trail_iter_guardrail_name": (c_char_p, [_vp, c_size_t]),
    "policy_trail_iter_guardrail_attempted": (c_char_p, [_vp, c_size_t]),
    "policy_trail_iter_guardrail_alternative": (c_char_p, [_vp, c_size_t]),
    "policy_trail_iter_hash": (c_char_p, [_vp]),
    "policy_trail_iter_prev_hash": (c_char_p, [_vp]),
    "policy_trail_iter_json": (c_char_p, [_vp]),
}

for _name, (_res, _args) in _PROTOTYPES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _res
    _fn.argtypes = _args

# A NULL destroy notifier: the Python objects own the callbacks' lifetime.
NO_DESTROY = DESTROY_FUNC()


# ---- string helpers ---------------------------------------------------------

def text(b: Optional[bytes]) -> Optional[str]:
    """A borrowed C string (already copied into bytes by ctypes) as str."""
    if b is None:
        return None
    return b.decode(ENCODING, "surrogateescape")


def cstr(s: "str | bytes", what: str) -> bytes:
    """A NUL-terminated argument: str is encoded as UTF-8; NUL is refused."""
    b = s.encode(ENCODING) if isinstance(s, str) else bytes(s)
    if b"\0" in b:
        raise ValueError(f"{what} must not contain a NUL character")
    return b


def data(s: "str | bytes") -> bytes:
    """A counted argument (length passed separately): any bytes are fine."""
    return s.encode(ENCODING) if isinstance(s, str) else bytes(s)


def take_string(ptr: c_void_p, length: Optional[c_size_t] = None) -> bytes:
    """Copy a string the library allocated for us, then release it."""
    if not ptr.value:
        return b""
    try:
        if length is not None:
            return ctypes.string_at(ptr.value, length.value)
        return ctypes.string_at(ptr.value)
    finally:
        lib.policy_free(ptr)
