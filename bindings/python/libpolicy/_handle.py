"""The base of every wrapper: one C handle, freed exactly once.

``close()`` (or leaving a ``with`` block) frees the handle and marks the
object closed; later calls raise ``ValueError`` like a closed file does.
``__del__`` closes what the program forgot to, and is safe during
interpreter shutdown because the free function is bound to the class, not
looked up in module globals that may already be gone.
"""
from __future__ import annotations

from typing import Any, Callable, ClassVar, Optional, TypeVar

_T = TypeVar("_T", bound="Handle")


class Handle:
    _free_func: ClassVar[Optional[Callable[[int], None]]] = None
    _what: ClassVar[str] = "object"
    _ptr: Optional[int] = None

    def _adopt(self, ptr: int) -> None:
        self._ptr = ptr

    @property
    def _h(self) -> int:
        """The live handle; ValueError once closed."""
        if self._ptr is None:
            raise ValueError(f"the {self._what} is closed")
        return self._ptr

    @property
    def closed(self) -> bool:
        return self._ptr is None

    def close(self) -> None:
        """Free the C object now. Calling it again does nothing."""
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            free = type(self)._free_func
            if free is not None:
                free(ptr)

    def __enter__(self: _T) -> _T:
        self._h  # entering a closed object is a bug worth reporting early
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
