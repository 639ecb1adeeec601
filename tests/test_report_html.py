"""govmap report --format html: the Markdown report's words, with pictures, safe to mail."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from govmap.cli import main
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.report import build_report
from govmap.report_format import to_markdown
from govmap.report_html import to_html

from .conftest import MINI, ROOT

HOSTILE = ROOT / "tests" / "hostile" / "corpus" / "html-names.yaml"


def _html(landscape: Landscape, **options: bool) -> str:
    return to_html(build_report(landscape), landscape, **options)


def test_it_says_what_the_markdown_report_says(mini: Landscape) -> None:
    view = mini.as_at(dt.date(2017, 6, 1))
    report = build_report(view)
    page = to_html(report, view)
    first_heading = to_markdown(report, view).splitlines()[0].lstrip("# ")
    assert f"<h1>{first_heading}</h1>" in page
    assert page.count("<table>") >= 3
    assert "Cardiff Public Services Board" in page


def test_pictures_come_after_the_title_and_before_the_summary(mini: Landscape) -> None:
    page = _html(mini.as_at(dt.date(2017, 6, 1)))
    assert page.index("<h1>") < page.index('<div class="figures">') < page.index("<h2>")
    assert page.count("<svg") >= 2 and "data:image/png;base64," in page
    assert "<svg" not in _html(mini, pictures=False)


def test_names_are_text_and_nothing_is_fetched() -> None:
    landscape = load([HOSTILE])
    page = _html(landscape)
    assert "<img src=x onerror" not in page
    assert "</script><script>alert(2)" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)


def test_the_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(MINI), "--as-at", "2017-06-01", "--format", "html",
                 "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "as at 2017-06-01" in page


MARKDOWN_NAMES = """\
schema_version: 1
areas:
  - {id: W1, name: '![pixel](http://tracker.invalid/p.png)'}
footprints:
  - {id: la-x, name: Somewhere, family: local_authority, areas: [W1]}
bodies:
  - id: md-1
    name: '[click here](http://phish.invalid/login)'
    kind: community_safety_partnership
    level: local
    footprint: la-x
  - id: md-2
    name: '<http://auto.invalid/> and ![x](//cdn.invalid/x.png)'
    kind: community_safety_partnership
    level: local
    footprint: la-x
"""


def test_markdown_in_names_makes_no_link_and_loads_no_image(tmp_path: Path) -> None:
    """A name written as Markdown stays text: no live link, no image fetched on opening."""
    source = tmp_path / "landscape.yaml"
    source.write_text(MARKDOWN_NAMES, encoding="utf-8")
    page = _html(load([source]))
    assert "<a " not in page
    assert all(src.startswith("data:") for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', page))
    assert page.count("<img") == 1  # the report's own network picture, nothing from a name
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "click here" in page and "phish.invalid" in page  # shown, as text
