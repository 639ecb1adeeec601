"""govmap scenario and govmap diff, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govmap.cli import main

from ..conftest import MINI

SCENARIO = """name: Safer Vale joins the Cardiff PSB
description: Dissolve Safer Vale into the Cardiff PSB.
date: 2017-06-01
sources: [public:test]
operations:
  - op: dissolve
    body: csp-vale
    to: psb-cardiff
"""


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "vale.yaml"
    path.write_text(SCENARIO)
    return path


def test_scenario_briefing(scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", str(scenario_file), "--data", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Scenario: Safer Vale joins the Cardiff PSB, as at 1 June 2017\n")
    assert "1. Dissolve Safer Vale; its sub-groups and duties pass to Cardiff Public " \
           "Services Board." in out
    assert "**Gone: Safer Vale**" in out


def test_scenario_json_and_saved_landscape(scenario_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "after.json"
    assert main(["scenario", str(scenario_file), "--data", str(MINI), "--format", "json",
                 "--save-landscape", str(saved)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"]["operations"] == [
        {"op": "dissolve", "body": "csp-vale", "to": "psb-cardiff"}]
    assert data["diff"]["bodies"]["removed"] == ["csp-vale"]
    # the saved landscape is readable by every command, and no longer has Safer Vale
    assert main(["validate", str(saved)]) == 0
    assert "csp-vale" not in json.loads(saved.read_text())["bodies"][0]["id"]


def test_a_bad_operation_is_located_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SCENARIO.replace("to: psb-cardiff", "to: psb-cardif"))
    out = tmp_path / "out.md"
    assert main(["scenario", str(path), "--data", str(MINI), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:8:9: error: operation 1 (dissolve): there is no body 'psb-cardif' on " \
           "2017-06-01 (did you mean 'psb-cardiff'?)" in err
    assert "nothing was applied" in err
    assert not out.exists()


def test_scenario_output_is_never_written_over_an_input(
        scenario_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = scenario_file.read_text()
    assert main(["scenario", str(scenario_file), "--data", str(MINI), "-o",
                 str(scenario_file), "--force"]) == 2
    assert "refusing to write over an input" in capsys.readouterr().err
    assert scenario_file.read_text() == before


def test_diff_one_landscape_at_two_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(MINI), str(MINI), "--as-at", "2013-01-01", "--to",
                 "2017-01-01", "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)["diff"]
    # the Cardiff CSP ended in 2014 and the Cardiff PSB began in 2016
    assert changes["bodies"]["added"] == ["psb-cardiff"]
    assert changes["bodies"]["removed"] == ["csp-cardiff"]


def test_diff_of_the_same_landscape_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(MINI), "--as-at", "2017-01-01", "--exit-code"]) == 0
    assert "Nothing changes" in capsys.readouterr().out
    assert main(["diff", str(MINI), "--as-at", "2013-01-01", "--to", "2017-01-01",
                 "--exit-code"]) == 1


def test_diff_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "a", "b", "c"]) == 2
    assert "give at most two landscapes" in capsys.readouterr().err
    assert main(["diff", "no/such/dir"]) == 1
    assert "no/such/dir: error: no such file or directory" in capsys.readouterr().err
