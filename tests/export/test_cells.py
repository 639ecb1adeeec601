"""No spreadsheet output holds a formula: names that look like formulas stay text (OWASP)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from govmap.cli import main
from govmap.export.cells import csv_restore, csv_safe, frame_csv

PAYLOADS = ['=HYPERLINK("http://x.invalid/","click")', "+1+1", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1"]

LANDSCAPE = """\
schema_version: 1
areas:
  - {{id: W1, name: '{area}'}}
footprints:
  - {{id: la-x, name: Somewhere, family: local_authority, areas: [W1]}}
organisations:
  - {{id: o1, name: '{org}', kind: local_authority, devolved: true, elected: true, footprint: la-x}}
bodies:
  - id: b1
    name: '{body}'
    kind: community_safety_partnership
    level: local
    footprint: la-x
    members: [{{organisation: o1, role: member}}]
  - id: b2
    name: Second board
    kind: public_services_board
    level: local
    footprint: la-x
    members: [{{organisation: o1, role: member}}]
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "landscape.yaml"
    path.write_text(LANDSCAPE.format(area="=1+2", org="@cmd", body=PAYLOADS[0].replace(
        "'", "''")), encoding="utf-8")
    return path


def test_each_formula_start_is_neutralised_and_restored() -> None:
    for payload in PAYLOADS:
        safe = csv_safe(payload)
        assert safe == "'" + payload
        assert csv_restore(safe) == payload
    assert csv_safe("Cardiff") == "Cardiff" and csv_restore("'Tis") == "'Tis"


def test_report_csv_files_hold_no_formula(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert main(["report", str(hostile), "--format", "csv", "-o", str(out)]) == 0
    seen = []
    for path in out.glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            for value in row:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, value)
                seen.append(value)
    assert any(value.startswith("'=HYPERLINK") for value in seen)


def test_report_workbook_holds_no_formula(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(hostile), "--format", "xlsx", "-o", str(out)]) == 0
    workbook = load_workbook(out)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert any(text.startswith("=HYPERLINK") for text in texts)  # kept whole, as text


def test_explorer_csv_downloads_hold_no_formula() -> None:
    frame = pd.DataFrame({"Name": PAYLOADS, "Seats": list(range(len(PAYLOADS)))})
    rows = list(csv.reader(io.StringIO(frame_csv(frame), newline="")))
    assert rows[0] == ["Name", "Seats"]
    assert [row[0] for row in rows[1:]] == ["'" + p for p in PAYLOADS]


def test_import_sheet_reads_guarded_csv_back_to_the_original(tmp_path: Path) -> None:
    elements = tmp_path / "Elements.csv"
    elements.write_text("Label,Type,ID,footprint,level\n"
                        "'=Safer Somewhere,CSP,csp-x,la-x,local\n", encoding="utf-8")
    from govmap.importers.sheet import read_file

    sheets, problems = read_file(str(elements))
    assert not [p for p in problems if p.severity == "error"]
    assert sheets[0].rows[1][1][0] == "=Safer Somewhere"
