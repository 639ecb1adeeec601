"""People see names: every output a person reads, walked for what they should never see.

The Markdown report, the HTML report and the briefings (every shipped scenario, and the
change from 2017 to today) of the embedded Wales data are searched for a raw id
(``council-blaenau-gwent``), a GSS code (``W06000013``), a raw vocabulary term
(``well_being``, ``police_force``) or a float with more than four significant digits
(``0.9565217391304348``). A hit names the output and quotes the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser

import pytest

from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.model.load import DATA_DIR, load
from govmap.report import build_report
from govmap.report_format import to_markdown
from govmap.report_html import to_html
from govmap.scenario.apply import run
from govmap.scenario.briefing import briefing
from govmap.scenario.diff import diff
from govmap.scenario.format import read_scenario

DAYS = (dt.date(2017, 6, 30), dt.date.today())
SCENARIOS = sorted((DATA_DIR / "scenarios").glob("*.yaml"))
#: A number with a decimal point and more than four significant digits.
LONG_FLOAT = re.compile(r"(?<![\w.])(?:0\.0*[1-9]\d{4,}|[1-9]\d*\.\d+)(?![\w.])")


@cache
def wales() -> Landscape:
    return load()


def _terms() -> set[str]:
    """Vocabulary terms that are not plain words (they contain an underscore)."""
    tables = (vocab.FOOTPRINT_FAMILIES, vocab.ORGANISATION_KINDS, vocab.BODY_KINDS,
              vocab.LEVELS, vocab.ROLES, vocab.LINE_TYPES, vocab.THEMES)
    return {term for table in tables for term in table if "_" in term}


def _ids(land: Landscape) -> set[str]:
    return {e.id for e in land.entities()}


def _significant(number: str) -> int:
    return len(number.replace(".", "").lstrip("0"))


def problems(text: str, land: Landscape) -> Iterator[str]:
    ids, terms = _ids(land), _terms()
    token = re.compile(r"(?<![\w-])[\w][\w.-]*[\w](?![\w-])")
    for line in text.splitlines():
        for word in token.findall(line):
            if word in ids:
                yield f"raw id {word!r} in: {line.strip()[:160]}"
            elif word in terms:
                yield f"raw vocabulary term {word!r} in: {line.strip()[:160]}"
        for number in LONG_FLOAT.findall(line):
            if _significant(number) > 4:
                yield f"unrounded number {number} in: {line.strip()[:160]}"


class _Text(HTMLParser):
    """The text a reader sees in an HTML page (not styles, scripts or attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        if tag in ("p", "li", "tr", "h1", "h2", "h3", "figcaption", "br", "title", "text"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def test_the_walker_catches_what_it_should() -> None:
    land = wales()
    some_body = next(iter(land.bodies))
    some_area = next(iter(land.areas))
    bad = (f"{some_body} sits here\nIn {some_area}\ntheme well_being\n"
           "score 0.9565217391304348\n")
    found = list(problems(bad, land))
    assert len(found) == 4, found
    fine = "Scores 0.57 and 12.5, 83%, on 2017-06-30, lines 3083–3085, 1,234 people.\n"
    assert list(problems(fine, land)) == []


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_the_markdown_report_shows_names_labels_and_rounded_numbers(on: dt.date) -> None:
    land = wales()
    text = to_markdown(build_report(land, on), land.as_at(on))
    found = list(problems(text, land))
    assert found == [], "\n".join(found[:20])


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_the_html_report_shows_names_labels_and_rounded_numbers(on: dt.date) -> None:
    land = wales()
    page = to_html(build_report(land, on), land.as_at(on))
    found = list(problems(visible_text(page), land))
    assert found == [], "\n".join(found[:20])


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_each_scenario_briefing_shows_names_labels_and_rounded_numbers(path: object) -> None:
    land = wales()
    scenario, errors = read_scenario(path)  # type: ignore[arg-type]
    assert scenario is not None, errors
    after, errors = run(land, scenario)
    assert after is not None, errors
    text = briefing(diff(land.as_at(scenario.date), after), scenario)
    found = list(problems(text, land))
    assert found == [], "\n".join(found[:20])


def test_the_briefing_from_2017_to_today_shows_names() -> None:
    land = wales()
    text = briefing(diff(land.as_at(DAYS[0]), land.as_at(DAYS[1])),
                    title="Changes since 2017")
    found = list(problems(text, land))
    assert found == [], "\n".join(found[:20])
