"""Spreadsheet cells that hold text and nothing a spreadsheet would run.

A CSV or XLSX file is opened in a spreadsheet program, which treats a cell beginning with
``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab or carriage return) as a formula:
a body named ``=HYPERLINK("http://...")`` becomes a live link, and worse formulas can reach
other files ("CSV injection", OWASP). govmap writes names it was given by other people, so:

- in XLSX every text cell is stored as text (:func:`as_text_cell`), never as a formula;
- in CSV, which has no types, a text value beginning with one of those characters is
  written with a leading apostrophe (:func:`csv_safe`), as OWASP recommends; spreadsheets
  show the apostrophe-less text and ``govmap import-sheet`` reads the original back
  (:func:`csv_restore`).

References: OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

#: What a spreadsheet may read as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """``value`` as a CSV cell: text that a spreadsheet would run gets a leading ``'``.

    >>> csv_safe('=HYPERLINK("http://x")'), csv_safe("Cardiff"), csv_safe(-3)
    ('\\'=HYPERLINK("http://x")', 'Cardiff', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_restore(value: str) -> str:
    """The text :func:`csv_safe` was given (the apostrophe it added removed).

    >>> csv_restore("'=1+1"), csv_restore("'quoted'"), csv_restore("plain")
    ('=1+1', "'quoted'", 'plain')
    """
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV file's text with every cell made safe by :func:`csv_safe`."""
    buffer = io.StringIO()
    # RFC 4180's line ending: with it, a value holding a carriage return or a new line is
    # quoted (the csv module quotes only the characters of its line terminator).
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(value) for value in header])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return buffer.getvalue()


def frame_csv(frame: Any) -> str:
    """A pandas DataFrame as CSV text (no index), every cell made safe by :func:`csv_safe`."""
    return csv_text(list(frame.columns), frame.itertuples(index=False, name=None))


def as_text_cell(cell: Any) -> None:
    """Store an openpyxl cell holding a string as text, so it is never a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
