"""Every command shows the landscape on one day, today unless told, and says which
(issue 12: render drew ended and current bodies together by default)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from govmap.cli import main

from ..conftest import MINI

TODAY = dt.date.today().isoformat()
ENDED = "Cardiff Community Safety Partnership"  # ended in 2014 in the mini landscape


def test_render_defaults_to_today(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    assert main(["render", str(MINI), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert f"As at {TODAY}" in page
    assert ENDED not in page
    # and the body that ended is drawn when asked for a day it existed
    old = tmp_path / "old.html"
    assert main(["render", str(MINI), "--as-at", "2010-01-01", "-o", str(old)]) == 0
    assert ENDED in old.read_text(encoding="utf-8")


def test_render_tiles_default_to_today(tmp_path: Path) -> None:
    out = tmp_path / "tiles.svg"
    assert main(["render", str(MINI), "--view", "tiles", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert f"As at {TODAY}" in svg and "All dates" not in svg


def test_summary_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(MINI)]) == 0
    assert f"as at {TODAY}" in capsys.readouterr().out.splitlines()[0]
    assert main(["summary", str(MINI), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["as_at"] == TODAY
    assert summary["counts"]["bodies"] == 3  # not the Cardiff CSP, which ended in 2014


def test_report_title_says_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(MINI)]) == 0
    assert capsys.readouterr().out.startswith(f"# Governance map: evidence report as at {TODAY}")


def test_diff_defaults_to_today_and_titles_its_dates(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["diff", str(MINI), str(MINI)]) == 0
    day = dt.date.today()
    assert capsys.readouterr().out.startswith(
        f"# Changes in {MINI}, as at {day.day} {day:%B %Y}\n")
    assert main(["diff", str(MINI), "--as-at", "2010-01-01", "--to", "2017-06-01"]) == 0
    assert capsys.readouterr().out.startswith(
        f"# Changes in {MINI}, from 1 January 2010 to 1 June 2017\n")


@pytest.mark.parametrize("argv", [
    ["summary", "--as-at", "1990-01-01"],
    ["report", "--as-at", "1990-01-01", "--format", "json"],
    ["render", "--as-at", "1990-01-01", "--format", "svg", "--view", "tiles"],
    ["validate", "--as-at", "1990-01-01"],
    ["diff", "--as-at", "1990-01-01", "--to", "2017-06-01"],
])
def test_a_date_before_the_landscape_is_warned_about(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv[:1], str(MINI), *argv[1:]]) == 0
    err = capsys.readouterr().err
    # the mini landscape's earliest start is 2009-10 (a health board), its last change 2016-04
    assert ("warning: 1990-01-01 is outside the landscape's dated range "
            "(2009-10-01 to 2016-04-01)") in err


def test_a_future_date_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    future = dt.date.today() + dt.timedelta(days=400)
    assert main(["summary", str(MINI), "--as-at", future.isoformat()]) == 0
    assert f"warning: {future} is outside the landscape's dated range" in \
        capsys.readouterr().err


def test_a_date_inside_the_range_is_not_warned_about(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    assert main(["summary", str(MINI), "--as-at", "2012-01-01"]) == 0
    assert main(["summary", str(MINI)]) == 0  # today: after the last change, but not future
    assert "warning" not in capsys.readouterr().err
