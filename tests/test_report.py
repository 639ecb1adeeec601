"""The report: its JSON shape, its formats and the `govmap report` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from govmap.cli import main
from govmap.files import OutputError
from govmap.metrics.findings import SEVERITY_ORDER, Finding
from govmap.model.landscape import Landscape
from govmap.report import TABLES, build_report, to_json
from govmap.report_format import csv_files, to_markdown, to_xlsx, write_csv

from .conftest import MINI, ROOT

IN_2017 = dt.date(2017, 6, 1)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govmap", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def test_json_has_the_documented_keys(mini: Landscape) -> None:
    data = build_report(mini, IN_2017).to_dict()
    assert data["as_at"] == "2017-06-01"
    for key in ("footprint_relations", "family_coterminosity", "area_complexity",
                "theme_coverage", "duplicate_pairs", "seat_load", "brokers",
                "duty_coverage", "findings"):
        assert key in data
    assert set(data) == {"as_at", "summary", "findings", *TABLES}
    relation = data["footprint_relations"][0]
    assert {"a", "a_name", "b", "b_name", "relation", "jaccard"} <= set(relation)
    assert {"organisation", "organisation_name", "seats"} <= set(data["seat_load"][0])
    assert {"duty", "unit", "bodies"} <= set(data["duty_coverage"][0])
    assert {"code", "severity", "subjects", "message"} <= set(data["findings"][0])
    assert json.loads(to_json(build_report(mini, IN_2017))) == data


def test_the_report_is_as_at_its_date(mini: Landscape) -> None:
    def cardiff(on: dt.date) -> dict[str, object]:
        rows = build_report(mini, on).duty_coverage
        [row] = [r for r in rows if r["duty"] == "cda-strategy" and r["unit"] == "la-cardiff"]
        return row

    # the Cardiff CSP ended in 2014; its PSB (police only invited) took the duty in 2016
    assert cardiff(dt.date(2010, 6, 1))["bodies"] == ["csp-cardiff"]
    in_2017 = cardiff(IN_2017)
    assert in_2017["bodies"] == ["psb-cardiff"] and in_2017["weaker_footing"] == ["psb-cardiff"]
    assert cardiff(dt.date(2015, 6, 1))["status"] == "gap"


def test_summary_counts_and_order(mini: Landscape) -> None:
    report = build_report(mini, IN_2017)
    # 2017: csp-cardiff has ended; psb-cardiff, csp-vale and safer-gwent remain
    assert report.summary["bodies"] == 3 and report.summary["areas"] == 3
    assert report.summary["findings"] == len(report.findings)
    ranks = [SEVERITY_ORDER[f.severity] for f in report.findings]
    assert ranks == sorted(ranks)
    assert report.summary["findings_by_code"]["duty-gap"] == 3  # Newport x2, Vale plan
    rows = report.finding_rows()
    gap = next(r for r in rows if r["code"] == "duty-gap")
    assert gap["subject_names"][0] == "Crime and disorder reduction strategy"


def test_markdown_reads_with_names(mini: Landscape) -> None:
    report = build_report(mini, IN_2017)
    text = to_markdown(report, mini.as_at(IN_2017))
    assert text.startswith("# Governance map: evidence report as at 2017-06-01\n")
    assert text.index("## Summary") < text.index("## 1. Footprints") < text.index(
        "## 3. Statutory duties") < text.index("## 4. Accountability")
    assert "Cardiff Public Services Board discharges the Crime and disorder reduction " \
        "strategy for Cardiff without a required statutory member: police force (South " \
        "Wales Police attends only as invited participant)." in text
    assert "govmap report --as-at 2017-06-01" in text
    for raw in ("psb-cardiff", "council-cardiff", "W06000015", "la-newport", "cda-strategy"):
        assert raw not in text


def test_csv_is_a_folder_of_tables(mini: Landscape, tmp_path: Path) -> None:
    report = build_report(mini, IN_2017)
    files = csv_files(report)
    assert set(files) == {"summary.csv", "findings.csv", *(f"{t}.csv" for t in TABLES)}
    folder = tmp_path / "out"
    written = write_csv(report, folder)
    assert len(written) == len(files)
    rows = list(csv.DictReader(io.StringIO((folder / "duty_coverage.csv").read_text())))
    cardiff = next(r for r in rows if r["unit"] == "la-cardiff" and r["duty"] == "cda-strategy")
    assert cardiff["body_names"] == "Cardiff Public Services Board"
    with pytest.raises(OutputError, match="not empty"):
        write_csv(report, folder)
    assert write_csv(report, folder, force=True)


def test_xlsx_has_a_sheet_per_table(mini: Landscape) -> None:
    workbook = load_workbook(io.BytesIO(to_xlsx(build_report(mini, IN_2017))))
    assert workbook.sheetnames == ["summary", "findings", *TABLES]
    sheet = workbook["seat_load"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["organisation", "organisation_name", "kind"]
    police = next(row for row in sheet.iter_rows(min_row=2, values_only=True)
                  if row[0] == "police-south-wales")
    assert police[header.index("seats")] == 2


def test_findings_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown finding code"):
        Finding("made-up", "high", ("x",), "message")
    with pytest.raises(ValueError, match="unknown severity"):
        Finding("duty-gap", "urgent", ("x",), "message")


# -- the command ------------------------------------------------------------------------


def test_cli_json() -> None:
    done = run("report", str(MINI), "--as-at", "2017-06-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["as_at"] == "2017-06-01" and data["summary"]["bodies"] == 3


def test_cli_markdown_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.md"
    assert main(["report", str(MINI), "--as-at", "2017-06-01", "-o", str(out)]) == 0
    assert out.read_text().startswith("# Governance map")
    # an existing file is not replaced without --force
    assert main(["report", str(MINI), "--as-at", "2017-06-01", "-o", str(out)]) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert main(["report", str(MINI), "--as-at", "2017-06-01", "-o", str(out), "--force"]) == 0


def test_cli_csv_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(MINI), "--format", "csv"]) == 2
    assert "-o FOLDER" in capsys.readouterr().err
    folder = tmp_path / "tables"
    assert main(["report", str(MINI), "--format", "csv", "-o", str(folder)]) == 0
    assert (folder / "findings.csv").exists()
    assert main(["report", str(MINI), "--format", "csv", "-o", str(folder)]) == 2
    assert "not empty; choose a new folder or use --force" in capsys.readouterr().err


def test_cli_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(MINI), "--format", "xlsx", "-o", str(out)]) == 0
    assert "findings" in load_workbook(out).sheetnames


def test_cli_never_writes_over_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    source = tmp_path / "landscape.yaml"
    source.write_bytes((MINI / "boards.yaml").read_bytes())
    (tmp_path / "footprints.yaml").write_bytes((MINI / "footprints.yaml").read_bytes())
    before = source.read_bytes()
    code = main(["report", str(tmp_path), "--format", "json", "-o", str(source), "--force"])
    assert code == 2 and source.read_bytes() == before
    assert "refusing to write over an input" in capsys.readouterr().err


def test_cli_bad_input_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("bodies:\n  - id: x\n    name: X\n    kind: nonsense\n")
    assert main(["report", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:2:" in err and "Traceback" not in err


def test_cli_bad_date_is_a_usage_error() -> None:
    done = run("report", str(MINI), "--as-at", "next week")
    assert done.returncode == 2 and "'next week' is not a date" in done.stderr
