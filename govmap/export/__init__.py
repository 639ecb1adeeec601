"""Exports: each format is a small module of its own."""

from __future__ import annotations

import math
import re
from typing import Any

#: Characters XML 1.0 cannot hold (control characters other than tab, new line and carriage
#: return; U+FFFE, U+FFFF). A spreadsheet cell cannot hold them either.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: What such a character is written as.
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """Text with every character XML cannot hold replaced by U+FFFD.

    Examples
    --------
    >>> xml_safe("Bwrdd\\x0bCaerdydd")
    'Bwrdd\\ufffdCaerdydd'
    """
    return _NOT_XML.sub(REPLACEMENT, text)


def plain_value(value: Any) -> Any:
    """A value every file format can hold: XML-safe text; a number that is not finite
    (NaN, infinity), which JSON and GraphML cannot write as a number, as text."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value
