"""Hostile spreadsheets for 'govmap import-sheet': each gets its expected message, none a crash.

The files in ``sheets/`` are built to fail the way real ones did (issue 19): an XML entity
in a sheet (a ParseError, exit 70), a 5 KB workbook whose sheet claims the whole grid and
has a cell in its last row and column (a MemoryError after minutes), a password-protected
workbook (an OLE2 file holding an ``EncryptedPackage`` stream, which was called "an old
.xls"), and a CSV saved as UTF-16 (Excel's "Unicode text", which was called "binary").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govmap.importers.sheet import import_sheets, read_file
from govmap.model.landscape import Landscape

from ..conftest import ROOT

SHEETS = Path(__file__).parent / "sheets"

#: file -> a phrase its error must contain; None = it must import.
EXPECTED: dict[str, str | None] = {
    "entity.xlsx": "undefined entity",
    "huge-dimension.xlsx": "more than 100,000 rows",
    "encrypted.xlsx": "protected with a password",
    "utf16.csv": None,
}


def test_the_sheet_corpus_is_complete() -> None:
    assert {p.name for p in SHEETS.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sheet_gets_its_expected_outcome(name: str) -> None:
    sheets, problems = read_file(SHEETS / name)
    phrase = EXPECTED[name]
    if phrase is None:
        assert not [p for p in problems if p.severity == "error"], problems
        imported = import_sheets(sheets, Landscape())
        names = [i.data.get("name") for i in imported.items if i.section == "organisations"]
        assert names == ["Cyngor Caerdydd"], imported.problems
        return
    assert sheets == []
    assert any(phrase in p.message and p.location.file.startswith(str(SHEETS / name))
               for p in problems), [str(p) for p in problems]


def test_the_command_line_names_the_cause(tmp_path: Path) -> None:
    for name, phrase in EXPECTED.items():
        out = tmp_path / name.replace(".", "-")
        done = subprocess.run([sys.executable, "-m", "govmap", "import-sheet",
                               str(SHEETS / name), "-o", str(out)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
        assert done.returncode == (0 if phrase is None else 1), (name, done.stderr)
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr, name
        if phrase is not None:
            assert phrase in done.stderr, (name, done.stderr)
            assert not out.exists(), name
