"""Cases: the documents and facts of one case."""
from __future__ import annotations

import ctypes
import os
from typing import Any, Iterable, Mapping, Optional, Union

from . import _json, _lib
from ._handle import Handle
from ._lib import lib
from .errors import check

__all__ = ["Case"]

Text = Union[str, bytes]


class Case(Handle):
    """The documents of one case, and facts for the built-in lookup.

    >>> case = Case(id="CL-1", documents=[("claim form", form_text)],
    ...             facts={"policy effective date": "2025-06-01"})

    Documents of one type are numbered in the order added. Facts are
    JSON scalars: str, int, bool, Decimal, float, datetime.date or None;
    :meth:`add_fact_json` takes JSON text as is. The library copies what it
    needs, so a case may be closed once executions have started.
    """

    _free_func = lib.policy_case_free
    _what = "case"

    def __init__(self, id: Optional[str] = None, *,
                 documents: Iterable[tuple[str, Text]] = (),
                 facts: "Mapping[str, Any] | Iterable[tuple[str, Any]]" = ()) -> None:
        out = ctypes.c_void_p()
        check(lib.policy_case_new(None, ctypes.byref(out)))
        self._adopt(out.value)
        self._id: Optional[str] = None
        #: (type, text) of every document added, in order
        self.documents: list[tuple[str, Text]] = []
        #: name -> JSON text of every fact added, in order
        self.facts: dict[str, str] = {}
        if id is not None:
            self.id = id
        for doc_type, doc in documents:
            self.add_document(doc_type, doc)
        items = facts.items() if isinstance(facts, Mapping) else facts
        for name, value in items:
            self.add_fact(name, value)

    @property
    def id(self) -> Optional[str]:
        """The identifier recorded in the trail (e.g. a claim number)."""
        return self._id

    @id.setter
    def id(self, value: str) -> None:
        check(lib.policy_case_set_id(self._h, _lib.cstr(value, "case id")))
        self._id = value

    def add_document(self, doc_type: str, document: Text) -> "Case":
        """Add a document of a type ("claim form"); text is str or bytes."""
        body = _lib.data(document)
        check(lib.policy_case_add_document(self._h, _lib.cstr(doc_type, "document type"),
                                           body, len(body)))
        self.documents.append((doc_type, document))
        return self

    def add_document_file(self, doc_type: str, path: "str | os.PathLike[str]") -> "Case":
        with open(path, "rb") as f:
            return self.add_document(doc_type, f.read())

    def add_fact(self, name: str, value: Any) -> "Case":
        """Add a fact answered by the built-in lookup, e.g.
        ``add_fact("policy effective date", "2025-06-01")``."""
        return self.add_fact_json(name, _json.dumps(value))

    def add_fact_json(self, name: str, value_json: Text) -> "Case":
        """Add a fact whose value is given as JSON text (one scalar)."""
        body = _lib.data(value_json)
        check(lib.policy_case_add_fact(self._h, _lib.cstr(name, "fact name"), body, len(body)))
        self.facts[name] = body.decode(_lib.ENCODING, "surrogateescape")
        return self

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        return f"<Case {self._id!r}: {len(self.documents)} documents, {len(self.facts)} facts{state}>"
