"""Indented JSON text for the large documents govmap writes (reports, landscape exports).

The standard library's ``json.dumps`` falls back to its pure-Python encoder when asked to
indent, which is most of the time ``govmap report --format json`` takes on thousands of
bodies; orjson writes the same document several times faster. The text is the same JSON:
UTF-8, two-space indent, ``": "`` after keys, non-ASCII characters kept as they are,
control characters escaped, a trailing newline. What differs is the spelling of some
floats (``0.000099`` where ``json`` writes ``9.9e-05``, ``1e-7`` for ``1e-07``), and a
float that is not finite, which is written ``null`` (``json`` writes ``NaN``, which is not
JSON; govmap's loader refuses such numbers, so only a landscape built in Python can hold
one).

orjson refuses a few things the standard library writes: whole numbers beyond 64 bits (an
attribute may hold up to 100 digits), dictionary keys that are not strings, and lone
surrogates. A document holding one of those is written by ``json`` instead, exactly as
before, so nothing that could be written is now refused.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE  # the newline without a copy


def _plain(value: Any) -> Any:
    """What orjson cannot write but ``json`` can: a float subclass (numpy's float64) is a
    float to ``json``, written by ``float.__repr__``."""
    if isinstance(value, float):
        return float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(data: Any) -> str:
    """``data`` as indented JSON text ending in a newline (see the module's notes)."""
    try:
        return orjson.dumps(data, default=_plain, option=_INDENTED).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
