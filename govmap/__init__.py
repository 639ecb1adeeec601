"""govmap: map who governs what in public services, and find duplication and gaps.

``Landscape``, ``check`` and ``load`` are imported on first use, so that ``import govmap``
(and ``govmap --help``) does not pay for pydantic and the model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govmap.model.landscape import Landscape
    from govmap.model.load import check, load

__all__ = ["Landscape", "check", "load"]
__version__ = "0.1.0"

_LAZY = {"Landscape": "govmap.model.landscape", "check": "govmap.model.load",
         "load": "govmap.model.load"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'govmap' has no attribute '{name}'")
