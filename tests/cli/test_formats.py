"""The output's format follows its file name, and a name that contradicts --format is a
usage error (issue 12: ``govmap report -o report.xlsx`` wrote Markdown into an .xlsx)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from govmap.cli import main

from ..conftest import MINI


def test_report_to_xlsx_writes_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(MINI), "--as-at", "2017-06-01", "-o", str(out)]) == 0
    assert "findings" in load_workbook(out).sheetnames  # Excel's own format, not Markdown


@pytest.mark.parametrize(("name", "check"), [
    ("report.json", lambda text: json.loads(text)["as_at"] == "2017-06-01"),
    ("report.html", lambda text: text.startswith("<!DOCTYPE html>")),
    ("report.markdown", lambda text: text.startswith("# ")),
])
def test_report_format_from_the_suffix(name: str, check: object, tmp_path: Path) -> None:
    out = tmp_path / name
    assert main(["report", str(MINI), "--as-at", "2017-06-01", "-o", str(out)]) == 0
    assert callable(check) and check(out.read_text(encoding="utf-8"))


def test_a_suffix_that_contradicts_format_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(MINI), "--format", "md", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "names a .xlsx file but --format is md" in err
    assert not out.exists()


def test_an_unknown_suffix_keeps_the_explicit_format(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    assert main(["report", str(MINI), "--format", "json", "-o", str(out)]) == 0
    assert "findings" in json.loads(out.read_text(encoding="utf-8"))


def test_report_csv_suffix_asks_for_a_folder(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(MINI), "-o", str(tmp_path / "report.csv")]) == 2
    assert "-o FOLDER --format csv" in capsys.readouterr().err
    assert not (tmp_path / "report.csv").exists()


def test_export_format_from_the_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    book = tmp_path / "landscape.xlsx"
    assert main(["export", str(MINI), "-o", str(book)]) == 0
    assert "Elements" in load_workbook(book).sheetnames
    # popolo is JSON too: no contradiction
    assert main(["export", str(MINI), "--format", "popolo", "-o", str(tmp_path / "p.json")]) == 0
    assert main(["export", str(MINI), "--format", "gexf", "-o", str(tmp_path / "g.json")]) == 2
    assert "names a .json file but --format is gexf" in capsys.readouterr().err


def test_render_refuses_a_contradiction(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.svg"
    assert main(["render", str(MINI), "--format", "png", "-o", str(out)]) == 2
    assert "names a .svg file but --format is png" in capsys.readouterr().err
    assert not out.exists()


def test_diff_to_json_from_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "changes.json"
    assert main(["diff", str(MINI), "--as-at", "2010-01-01", "--to", "2017-06-01",
                 "-o", str(out)]) == 0
    assert "diff" in json.loads(out.read_text(encoding="utf-8"))
