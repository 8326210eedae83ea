"""A compact JSON writer that never goes through binary floating point.

libpolicy reads numbers from their text, so a ``Decimal("72400.00")`` is
written as ``72400.00`` exactly; ``json.dumps`` cannot do that. Dates are
written as ISO strings. Output has no spaces, like cJSON's unformatted
printer, and keeps non-ASCII text as UTF-8.
"""
from __future__ import annotations

import datetime
import json
import math
from decimal import Decimal
from typing import Any

__all__ = ["dumps", "loads"]

_string = json.JSONEncoder(ensure_ascii=False).encode


def _write(v: Any, out: list[str]) -> None:
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif isinstance(v, str):
        out.append(_string(v))
    elif isinstance(v, int):
        out.append(str(int(v)))
    elif isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"{v} cannot be written as JSON")
        out.append(str(v))
    elif isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"{v} cannot be written as JSON")
        out.append(repr(v))
    elif isinstance(v, (datetime.date, datetime.datetime)):
        out.append(_string(v.isoformat()))
    elif isinstance(v, dict):
        out.append("{")
        for i, (k, item) in enumerate(v.items()):
            if not isinstance(k, str):
                raise TypeError(f"JSON object keys must be str, not {type(k).__name__}")
            if i:
                out.append(",")
            out.append(_string(k))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(v, (list, tuple)):
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"{type(v).__name__} cannot be written as JSON")


def dumps(v: Any) -> str:
    out: list[str] = []
    _write(v, out)
    return "".join(out)


def loads(s: "str | bytes") -> Any:
    """Parse JSON keeping numbers exact (non-integers become Decimal)."""
    return json.loads(s, parse_float=Decimal)
