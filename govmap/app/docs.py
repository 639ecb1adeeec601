"""The documentation as the explorer reads it (the Help page shows the docs' own text)."""

from __future__ import annotations

import re
from pathlib import Path

#: The repository's documentation folder (beside the ``govmap`` package).
DOCS = Path(__file__).resolve().parents[2] / "docs"

_SECTION = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)


def sections(text: str) -> dict[str, str]:
    """A Markdown document's ``##`` sections: heading -> body (without the heading).

    Examples
    --------
    >>> sections("# T\\nintro\\n## A\\none\\n## B\\ntwo\\n")
    {'A': 'one\\n', 'B': 'two\\n'}
    """
    found = list(_SECTION.finditer(text))
    return {m.group(1): text[m.end():found[i + 1].start() if i + 1 < len(found)
                             else len(text)].lstrip("\n")
            for i, m in enumerate(found)}


def read(name: str) -> str | None:
    """The text of one file of the documentation, or None if it is not installed."""
    try:
        return (DOCS / name).read_text(encoding="utf-8")
    except OSError:
        return None
