"""Small files that would need gigabytes or minutes to read (issue 21), made in the test.

Each must be refused, with a message naming the file (and the member, row or line) and
what to do, before the work it would cause: a zip bomb before anything is decompressed, a
workbook holding 1.4 GB of XML before the XML parser starts, a CSV row of 9 million cells
before the row is split. The same limits hold for the command line (``govmap import-sheet``,
``govmap validate``) and for the explorer's uploads (:func:`govmap.app.uploads.gather`).
Memory is measured with :mod:`tracemalloc` (the peak of what Python allocated).
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govmap.app.uploads import MAX_FILES, gather, read_zip
from govmap.importers.workbook import MAX_CELLS, MAX_ROW_CHARS, read_bytes_of
from govmap.model.load import check_bytes

from ..conftest import ROOT
from . import bombs

#: Peak memory a refusal may take beyond the file itself.
SLACK = 64 * 1024 * 1024


def peak(work: Callable[[], Any]) -> tuple[Any, int]:
    """What ``work()`` returns, and the most memory Python held while it ran."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def messages(problems: list[Any]) -> str:
    return "\n".join(str(p) for p in problems)


# -- zips ------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_anything_is_decompressed() -> None:
    raw = bombs.zip_bomb(49)
    assert len(raw) < 100_000
    (files, problems), used = peak(lambda: gather([("sent.zip", raw)]))
    assert files == []
    assert messages(problems) == (
        "sent.zip: error: the zip's file 'landscape/areas.yaml' is 49.0 MB once uncompressed; "
        "govmap reads at most 20.0 MB per file: split the landscape into several files")
    assert used < SLACK


def test_a_zip_bomb_split_under_the_per_file_limit_is_refused_on_its_compression() -> None:
    raw = bombs.zip_bomb_split(3, 16)
    (files, problems), used = peak(lambda: read_zip("split.zip", raw))
    assert files == []
    [problem] = problems
    assert problem.location.file == "split.zip"
    assert "'landscape/areas-0.yaml' is compressed" in problem.message
    assert "as a zip bomb is; govmap opens members compressed at most 100 times" in \
        problem.message
    assert used < SLACK


def test_a_zip_inside_a_zip_is_named_not_opened() -> None:
    inner = bombs.zip_bomb(1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("boards.yaml", b"bodies: []\n")
        archive.writestr("more/inner.zip", inner)
    files, problems = read_zip("outer.zip", buffer.getvalue())
    assert files == []
    assert "holds another zip ('more/inner.zip'), which govmap does not open: unzip it" in \
        messages(problems)


def test_a_zip_listing_too_many_members_is_refused_before_they_are_listed() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(3 * MAX_FILES):
            archive.writestr(f"d/{i}.txt", b"")
    files, problems = read_zip("many.zip", buffer.getvalue())
    assert files == []
    assert messages(problems) == (
        f"many.zip: error: the zip lists {3 * MAX_FILES} files; govmap opens at most "
        f"{MAX_FILES}: zip only the landscape's YAML files, or upload them as they are")


def test_a_zip64_listing_of_seventy_thousand_members_is_refused_on_its_end_record() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # over 65,535 entries: a zip64 end record
        for i in range(70_000):
            archive.writestr(str(i), b"")
    raw = buffer.getvalue()
    (files, problems), used = peak(lambda: read_zip("many.zip", raw))
    assert files == []
    assert messages(problems).startswith("many.zip: error: the zip lists 70,000 files")
    assert used < 1024 * 1024  # the 70,000 entries were never listed


def test_a_member_larger_than_its_header_says_is_not_read_past_it() -> None:
    content = b"areas: [" + b"{}," * 700_000 + b"{}]\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("areas.yaml", content)
    raw = bytearray(buffer.getvalue())
    local = raw.index(b"PK\x03\x04")
    central = raw.index(b"PK\x01\x02")
    struct.pack_into("<I", raw, local + 22, 100)  # the size it claims, in both headers
    struct.pack_into("<I", raw, central + 24, 100)
    files, problems = read_zip("liar.zip", bytes(raw))
    assert files == []
    assert messages(problems).startswith(
        "liar.zip/areas.yaml: error: cannot read this member of the zip (Bad CRC-32")


# -- YAML --------------------------------------------------------------------------------


def test_a_30_mb_yaml_upload_is_refused_on_its_size() -> None:
    files, problems = gather([("big.yaml", bombs.big_yaml(30))])
    assert problems == []
    result = check_bytes(files)
    assert result.landscape is None
    assert messages(result.problems) == (
        "big.yaml: error: file is 31.5 MB; govmap reads files up to 20 MB, so split the "
        "landscape into several files")


def test_an_upload_over_the_landscape_limit_is_refused_as_a_whole() -> None:
    part = bombs.big_yaml(19)
    files, problems = gather([(f"part-{i}.yaml", part) for i in range(3)])
    assert files == []
    assert messages(problems).startswith(
        "part-0.yaml, part-1.yaml, part-2.yaml: error: the upload holds 57.0 MB; the "
        "explorer reads at most 50.0 MB for one landscape")


# -- spreadsheets ----------------------------------------------------------------------------


def test_a_workbook_holding_gigabytes_of_xml_is_refused_before_it_is_parsed() -> None:
    raw = bombs.xlsx_bomb(300)
    assert len(raw) < 5_000_000
    (sheets, problems), used = peak(lambda: read_bytes_of("sent.xlsx", raw))
    assert sheets == []
    assert messages(problems).startswith(
        "sent.xlsx: error: the workbook's part 'xl/worksheets/sheet1.xml' is 300.")
    assert "govmap reads at most 20.0 MB per file: check that this is the right workbook" in \
        messages(problems)
    assert used < len(raw) + SLACK


def test_a_workbook_row_of_a_million_cells_is_refused_before_it_is_parsed() -> None:
    header = b'<row><c t="inlineStr"><is><t>Label</t></is></c></row>'
    raw = bombs.workbook([header, b"<row>" + b"<c/>" * 1_000_000 + b"</row>"])
    (sheets, problems), used = peak(lambda: read_bytes_of("wide.xlsx", raw))
    assert sheets == []
    assert messages(problems).startswith(
        "wide.xlsx: error: row 2 of the part 'xl/worksheets/sheet1.xml' holds 3.8 MB of XML")
    assert used < SLACK


def test_a_workbook_of_too_many_cells_is_refused_at_the_row_that_passes_the_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from govmap.importers import workbook
    monkeypatch.setattr(workbook, "MAX_CELLS", 25)
    raw = bombs.workbook([bombs.cell_row(10)] * 5)
    sheets, problems = read_bytes_of("cells.xlsx", raw)
    assert sheets == []
    assert messages(problems) == (
        "cells.xlsx:Elements:3:1: error: the file holds more than 25 cells; govmap reads at "
        "most 25: check that it is the right file, or split it")


def test_a_workbook_row_is_read_as_wide_as_it_is() -> None:
    """Rows were padded to 1,000 cells each (20 million for a sheet of 20,000 rows)."""
    header = (b'<row><c t="inlineStr"><is><t>Label</t></is></c>'
              b'<c t="inlineStr"><is><t>Type</t></is></c></row>')
    sheets, problems = read_bytes_of("narrow.xlsx", bombs.workbook([header, bombs.cell_row(2)]))
    assert problems == []
    assert [row for _, row in sheets[0].rows] == [["Label", "Type"], ["x", "x"]]


def test_a_csv_row_of_nine_million_cells_is_refused_with_bounded_memory() -> None:
    raw = bombs.wide_csv(9_000_000)
    (sheets, problems), used = peak(lambda: read_bytes_of("wide.csv", raw))
    assert sheets == []
    assert messages(problems) == (
        f"wide.csv:1:1: error: the row starting on line 1 is longer than {MAX_ROW_CHARS:,} "
        "characters (8,999,999 separators or more); govmap reads rows up to that: check that "
        "this is a sheet saved as CSV, and that its quotes are closed")
    # the text itself (about 4 bytes a character at most) and little more: not the cells
    assert used < 4 * len(raw) + SLACK


def test_a_csv_of_too_many_cells_is_refused_at_its_line() -> None:
    row = ",".join(["a"] * 999) + "\n"
    rows = MAX_CELLS // 999 + 1
    raw = ("Label" + "," * 998 + "\n" + row * rows).encode()
    sheets, problems = read_bytes_of("cells.csv", raw)
    assert sheets == []
    assert messages(problems) == (
        f"cells.csv:{rows}:1: error: the file holds more than {MAX_CELLS:,} cells; govmap "
        f"reads at most {MAX_CELLS:,}: check that it is the right file, or split it")


def test_a_csv_row_wider_than_the_column_limit_keeps_its_first_columns() -> None:
    raw = ("Label,Type" + ",x" * 1500 + "\nCyngor,Organisation\n").encode()
    sheets, problems = read_bytes_of("wide.csv", raw)
    assert [len(row) for _, row in sheets[0].rows] == [1000, 2]
    assert messages(problems) == (
        "wide.csv:1:1: warning: a row has 1,502 columns; govmap reads the first 1,000")


def test_a_csv_field_over_the_field_limit_is_a_located_message() -> None:
    raw = b"Label,Notes\nA," + b"x" * 200_000 + b"\n"
    sheets, problems = read_bytes_of("long.csv", raw)
    assert sheets == []
    assert messages(problems).startswith("long.csv:2:1: error: not valid CSV: field larger "
                                         "than field limit")


@pytest.mark.parametrize("name, make, phrase", [
    ("bomb.xlsx", lambda: bombs.xlsx_bomb(100), "is 100."),
    ("wide.csv", lambda: bombs.wide_csv(9_000_000), "longer than 1,000,000 characters"),
])
def test_the_command_line_gives_the_same_refusal(tmp_path: Path, name: str,
                                                 make: Callable[[], bytes], phrase: str) -> None:
    given = tmp_path / name
    given.write_bytes(make())
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "govmap", "import-sheet", str(given), "-o",
                           str(out)], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert phrase in done.stderr and str(given) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
