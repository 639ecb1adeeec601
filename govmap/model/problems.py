"""Problems found while reading a landscape, located like a compiler's messages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


def printable(text: str) -> str:
    """Text safe to print on a terminal: control and format characters, line breaks and
    undecodable bytes of a file name are shown as escapes (``\\x1b``, ``\\n``), so that no
    value can move the cursor, retitle the window or forge a line of output."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file (line and column count from 1)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return printable(self.file)
        return f"{printable(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    location: Location
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {printable(self.message)}"


class LandscapeError(Exception):
    """Raised when a landscape cannot be loaded; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the landscape:\n" + format_problems(errors))


def format_problems(problems: Iterable[Problem]) -> str:
    """One line per problem, in file and line order."""
    return "\n".join(str(p) for p in sorted(problems, key=lambda p: (p.location, p.message)))


def show_value(value: Any) -> str:
    """A value as a message quotes it: kinds for containers, a short repr otherwise."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
