"""Facts that change over time, facts about facts, and what a dated view leaves out.

The landscape here is the worked example of docs/schema.md (so the page and the code agree).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from govmap.export.canonical import to_json
from govmap.model.landscape import Landscape
from govmap.model.load import check, load

from ..conftest import ROOT


@pytest.fixture
def example(tmp_path: Path) -> Landscape:
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    yaml_text = text.split("## A worked example", 1)[1].split("```yaml", 1)[1].split("```")[0]
    path = tmp_path / "example.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return load([path])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "land.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_chair_of_a_dated_view_is_the_chair_that_day(example: Landscape) -> None:
    assert example.as_at(dt.date(2017, 6, 1)).bodies["psb-cardiff"].current_chair == \
        "council-cardiff"
    assert example.as_at(dt.date(2020, 6, 1)).bodies["psb-cardiff"].current_chair == \
        "lhb-cardiff-vale"
    assert example.bodies["psb-cardiff"].chair_ids == ("council-cardiff", "lhb-cardiff-vale")


def test_a_body_sits_on_a_body(example: Landscape) -> None:
    members = example.bodies["psb-cardiff"].members
    team = [m for m in members if m.member_is_body]
    assert [m.member for m in team] == ["cardiff-vawdasv-team"]
    assert team[0].organisation is None


def test_required_members_follow_the_law_of_the_day(example: Landscape) -> None:
    duty = example.duties["cda-strategy"]
    assert "police_authority" in duty.required_kinds(dt.date(2010, 1, 1))
    assert "police_and_crime_commissioner" not in duty.required_kinds(dt.date(2010, 1, 1))
    later = example.as_at(dt.date(2013, 1, 1)).duties["cda-strategy"]
    assert "police_and_crime_commissioner" in later.required_kinds()
    assert "police_authority" not in later.required_kinds()


def test_dates_confidence_defaults_to_the_facts_own(example: Landscape) -> None:
    board = example.organisations["lhb-cardiff-vale"]
    assert (board.confidence, board.date_confidence) == ("stated", "inferred")
    council = example.organisations["council-cardiff"]
    assert council.date_confidence == council.confidence


def test_a_dated_view_uses_the_name_of_the_day_and_former_names_are_found(
        tmp_path: Path) -> None:
    landscape = load([_write(tmp_path, """
organisations:
  - id: hb-cwm-taf
    name: Cwm Taf Morgannwg University Health Board
    name_cy: Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg
    names:
      - {name: Cwm Taf Local Health Board, start_date: 2009-10, end_date: 2013}
      - {name: Cwm Taf University Health Board, name_cy: Bwrdd Iechyd Prifysgol Cwm Taf,
         start_date: 2013, end_date: 2019-04-01}
    kind: health_board
    devolved: true
    elected: false
    start_date: 2009-10
""")])
    names = {year: landscape.as_at(dt.date(year, 6, 1)).name_of("hb-cwm-taf")
             for year in (2010, 2015, 2020)}
    assert names == {2010: "Cwm Taf Local Health Board",
                     2015: "Cwm Taf University Health Board",
                     2020: "Cwm Taf Morgannwg University Health Board"}
    view = landscape.as_at(dt.date(2010, 6, 1))
    assert view.organisations["hb-cwm-taf"].name_cy is None  # no Welsh name given for then
    assert landscape.find("cwm taf university") == ["hb-cwm-taf"]
    assert landscape.find("Bwrdd Iechyd Prifysgol Cwm Taf") == ["hb-cwm-taf"]


def test_a_dated_view_says_what_it_left_out_and_why(tmp_path: Path) -> None:
    landscape = load([_write(tmp_path, """
organisations:
  - {id: pa-gwent, name: Gwent Police Authority, kind: police_authority, devolved: false,
     elected: false, end_date: 2012-11-22}
footprints:
  - {id: la-x, name: X, family: local_authority, areas: [W1]}
areas:
  - {id: W1, name: X}
bodies:
  - id: board
    name: Board
    kind: other
    level: local
    footprint: la-x
    members:
      - {organisation: pa-gwent, role: member}
""")])
    view = landscape.as_at(dt.date(2014, 1, 1))
    assert view.bodies["board"].members == ()
    assert [str(o) for o in view.omitted] == [
        "board: member 'pa-gwent' left out: 'pa-gwent' was not active on 2014-01-01 "
        "(it exists until 2012-11-22)"]


def test_strict_asks_every_fact_for_sources_or_an_explicit_inherit(tmp_path: Path) -> None:
    base = """
areas:
  - {id: W1, name: X, sources: [public:ONS], confidence: general-knowledge}
footprints:
  - {id: la-x, name: X, family: local_authority, areas: [W1], sources: [public:ONS],
     confidence: general-knowledge}
duties:
  - {id: d, name: D, law: L, applies_per: local_authority, sources: [public:L],
     confidence: stated}
bodies:
  - id: board
    name: Board
    kind: other
    level: local
    footprint: la-x
    sources: [public:Minutes]
    confidence: stated
    discharges: [DUTY]
"""
    bare = check([_write(tmp_path, base.replace("DUTY", "d"))], strict=True)
    assert [p.message for p in bare.errors] == [
        "body 'board': duty assignment 1 has no sources; cite '<seed file>:L<line>' or "
        "'public:<document>', or write 'sources: inherit' to rest on the body's",
        "body 'board': duty assignment 1 has no confidence; say stated, derived, inferred or "
        "general-knowledge"]
    explicit = base.replace("DUTY", "{duty: d, sources: inherit, confidence: inferred}")
    assert check([_write(tmp_path, explicit)], strict=True).ok
    orphan = base.replace("sources: [public:Minutes]", "sources: inherit").replace("DUTY", "")
    assert [p.message for p in check([_write(tmp_path, orphan)], strict=True).errors] == [
        "body 'board' says 'inherit' but belongs to nothing to inherit from; cite its sources"]


def test_canonical_json_round_trips_every_new_field(example: Landscape, tmp_path: Path) -> None:
    text = to_json(example)
    data = json.loads(text)
    assert data["arrangements"][0]["arrangement"] == "csp_separate"
    assert data["documents"][0]["key"] == "004_1052c6d804dc056a.txt"
    psb = next(b for b in data["bodies"] if b["id"] == "psb-cardiff")
    assert psb["chairs"][1]["sources"] == ["inherit"]
    assert psb["members"][2]["body"] == "cardiff-vawdasv-team"
    lhb = next(o for o in data["organisations"] if o["id"] == "lhb-cardiff-vale")
    assert (lhb["dates_confidence"], lhb["names"][0]["name"]) == (
        "inferred", "Cardiff and Vale NHS Trust")
    (tmp_path / "out.json").write_text(text, encoding="utf-8")
    again = load([tmp_path / "out.json"])
    assert again == example
    assert again.documents == example.documents and again.arrangements == example.arrangements


@pytest.mark.parametrize(("member_start", "warned"), [
    ("2015", False),      # any day of 2015 may be on or after 2015-04: not provably wrong
    ("2015-04", False),
    ("2015-03", True),    # the whole of March 2015 is before the team starts
    ("2014", True),
])
def test_a_partial_date_is_outside_only_when_every_day_of_it_is(
        tmp_path: Path, member_start: str, warned: bool) -> None:
    result = check([_write(tmp_path, f"""
footprints:
  - {{id: la-x, name: X, family: local_authority, areas: [W1]}}
areas:
  - {{id: W1, name: X}}
bodies:
  - {{id: team, name: Team, kind: team, level: local, footprint: la-x, start_date: 2015-04}}
  - id: board
    name: Board
    kind: other
    level: local
    footprint: la-x
    members:
      - {{body: team, role: member, start_date: {member_start}}}
""")])
    assert result.ok
    assert bool(result.warnings) == warned, [str(w) for w in result.warnings]
