"""govmap validate, summary and export: exit codes, messages and safe output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govmap.cli import main

from ..conftest import MINI, ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govmap", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def test_validate_a_valid_landscape_exits_0() -> None:
    done = run("validate", str(MINI))
    assert done.returncode == 0, done.stderr
    assert "valid: 2 file(s)" in done.stdout and "4 bodies" in done.stdout


def test_validate_usage_error_exits_2() -> None:
    done = run("validate", "--as-at", "last tuesday")
    assert done.returncode == 2
    assert "'last tuesday' is not a date" in done.stderr


def test_unknown_command_exits_2() -> None:
    assert run("frobnicate").returncode == 2


def test_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/place.yaml"]) == 1
    assert "no/such/place.yaml: error: no such file or directory" in capsys.readouterr().err


def test_a_directory_with_no_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["validate", str(tmp_path)]) == 1
    assert "no .yaml, .yml or .json files in this directory" in capsys.readouterr().err


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text("areas: []\n")

    import os

    real_open = os.open

    def refuse(name: Any, flags: int, *rest: Any, **kw: Any) -> int:
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *rest, **kw)

    monkeypatch.setattr(os, "open", refuse)  # root can read anything; simulate
    assert main(["validate", str(path)]) == 1
    assert f"{path}: error: cannot read the file: permission denied" in capsys.readouterr().err


def test_summary_counts_as_at_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(MINI), "--as-at", "2017-06-01", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["as_at"] == "2017-06-01"
    assert summary["bodies_by_kind"] == {
        "community_safety_partnership": {"local": 1},
        "public_services_board": {"local": 1},
        "regional_community_safety_board": {"regional": 1},
    }
    assert summary["organisations_by_kind"]["local_authority"] == 3


def test_summary_text_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(MINI), "--as-at", "2010-01-01"]) == 0
    out = capsys.readouterr().out
    assert "as at 2010-01-01" in out
    # kinds in words, as a person reads them; on 2010-01-01 there was no PSB yet
    assert "community safety partnership" in out and "public services board" not in out
    assert "community_safety_partnership" not in out and "local_authority" not in out
    assert "local authority" in out


def test_summary_of_invalid_data_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    broken = ROOT / "tests/model/broken/07-dangling-reporting-line.yaml"
    assert main(["summary", str(MINI), str(broken)]) == 1
    assert "did you mean 'pcc-gwent'" in capsys.readouterr().err


def test_export_json_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "land.json"
    assert main(["export", "--format", "json", str(MINI), "--as-at", "2017-06-01",
                 "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["as_at"] == "2017-06-01"
    assert "psb-cardiff" in {b["id"] for b in document["bodies"]}


def test_export_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "land.json"
    out.write_text("keep me")
    assert main(["export", str(MINI), "-o", str(out)]) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert main(["export", str(MINI), "-o", str(out), "--force"]) == 0
    assert out.read_text().startswith("{")


def test_export_never_writes_over_its_input(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    land = tmp_path / "land.yaml"
    land.write_bytes((MINI / "footprints.yaml").read_bytes())
    before = land.read_bytes()
    assert main(["export", str(land), "-o", str(land), "--force"]) == 2
    assert "refusing to write over an input" in capsys.readouterr().err
    assert land.read_bytes() == before


def test_the_console_script_entry_point_is_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'govmap = "govmap.cli:run"' in text


def test_validate_as_at_says_what_the_view_left_out(tmp_path: Path) -> None:
    (tmp_path / "land.yaml").write_text("""
areas: [{id: W1, name: X}]
footprints: [{id: la-x, name: X, family: local_authority, areas: [W1]}]
organisations:
  - {id: pa, name: Old Police Authority, kind: police_authority, devolved: false,
     elected: false, end_date: 2012-11-22}
bodies:
  - {id: board, name: Board, kind: other, level: local, footprint: la-x,
     members: [{organisation: pa, role: member}]}
""", encoding="utf-8")
    done = run("validate", "--as-at", "2014-01-01", "--omitted", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert ("left out of the view: 1 reference(s) to entities not active on 2014-01-01 "
            "(1 member)") in done.stdout
    assert "board: member 'pa' left out: 'pa' was not active on 2014-01-01 (it exists until "\
        "2012-11-22)" in done.stdout
    # the undated membership reaches past the authority's end: a warning, an error if strict
    assert "member 'pa' is undated, but organisation 'pa' exists until 2012-11-22" in \
        done.stderr
    assert run("validate", "--strict", str(tmp_path)).returncode == 1
