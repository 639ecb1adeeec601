"""Community-safety arrangements: stated where a source says so, derived otherwise."""

from __future__ import annotations

import dataclasses
import datetime as dt

from govmap.metrics.arrangements import area_arrangements, arrangement_counts
from govmap.model.dates import PartialDate
from govmap.model.entities import Arrangement
from govmap.model.landscape import Landscape

from .build import body, fp, line, world

CSP, PSB, LSB = "community_safety_partnership", "public_services_board", "local_service_board"


def _wales() -> Landscape:
    """Five council areas in 2017: A absorbed as a sub-group, B hybrid, C absorbed with no CSP,
    D nothing, E separate (the review's typology, 004 L3413-3421)."""
    return world(
        footprints=[fp(f"la-{x}", "local_authority", x.upper()) for x in "abcde"]
        + [fp("ab", "region", "A", "B")],
        bodies=[
            body("psb-a", "la-a", kind=PSB), body("psb-b", "la-b", kind=PSB),
            body("psb-c", "la-c", kind=PSB, themes=["community_safety"]),
            body("csp-a", "la-a", kind=CSP, lines=[line("psb-a", "sub_group_of")]),
            body("csp-b", "la-b", kind=CSP, lines=[line("psb-b", "reports_to")]),
            body("psb-e", "la-e", kind=PSB), body("csp-e", "la-e", kind=CSP),
        ],
    )


def test_each_area_gets_its_derived_arrangement_with_the_reason() -> None:
    rows = {r["area_name"]: r for r in area_arrangements(_wales(), dt.date(2017, 6, 1))}
    assert {k: r["arrangement"] for k, r in rows.items()} == {
        "A": "psb_absorbed_csp", "B": "hybrid", "C": "psb_absorbed_csp", "D": None,
        "E": "csp_separate"}
    assert rows["A"]["arrangement_label"] == "PSB absorbed the CSP (a themed board within the PSB)"
    assert rows["A"]["reason"] == "Csp A is a sub-group of Psb A, within its structure"
    assert (rows["A"]["basis"], rows["A"]["confidence"]) == ("derived", "derived")
    assert rows["B"]["arrangement_label"] == "Hybrid: a separate CSP reporting to the PSB"
    assert rows["B"]["reason"] == "Csp B is a separate partnership that reports to Psb B"
    assert rows["B"]["confidence"] == "derived"
    assert rows["E"]["confidence"] == "inferred"  # read from a line that is missing
    assert rows["D"]["arrangement_label"] == "Not known"
    assert rows["A"]["csp_names"] == ["Csp A"] and rows["A"]["board_name"] == "Psb A"


def test_a_stated_arrangement_wins_and_the_smallest_footprint_first() -> None:
    stated = {
        "both": Arrangement(id="both", footprint="ab", arrangement="hybrid",
                            sources=("004_1052c6d804dc056a.txt:L3415-3420",),
                            confidence="stated"),
        "b-only": Arrangement(id="b-only", footprint="la-b", arrangement="psb_absorbed_csp",
                              psb="psb-b", start_date=PartialDate.parse(2016),
                              confidence="inferred", notes="the CSP was folded in"),
    }
    landscape = dataclasses.replace(_wales(), arrangements=stated)
    rows = {r["area_name"]: r for r in area_arrangements(landscape, dt.date(2017, 6, 1))}
    assert (rows["A"]["arrangement"], rows["A"]["basis"]) == ("hybrid", "stated")
    assert rows["A"]["sources"] == ["004_1052c6d804dc056a.txt:L3415-3420"]
    assert (rows["B"]["arrangement"], rows["B"]["reason"]) == (
        "psb_absorbed_csp", "the CSP was folded in")
    earlier = {r["area_name"]: r for r in area_arrangements(landscape, dt.date(2015, 6, 1))}
    assert earlier["B"]["arrangement"] == "hybrid"  # only the wider fact was in force


def test_before_psbs_a_csp_under_an_lsb() -> None:
    landscape = world(
        footprints=[fp("la-a", "local_authority", "A")],
        bodies=[body("lsb-a", "la-a", kind=LSB),
                body("csp-a", "la-a", kind=CSP, lines=[line("lsb-a", "sub_group_of")])])
    assert [r["arrangement"] for r in area_arrangements(landscape, dt.date(2010, 1, 1))] == [
        "csp_under_lsb"]


def test_counts_by_date() -> None:
    rows = arrangement_counts(_wales(), [dt.date(2017, 6, 1)])
    assert rows == [{"date": "2017-06-01", "areas": 5, "stated": 0, "psb_absorbed_csp": 2,
                     "csp_separate": 1, "hybrid": 1, "csp_under_lsb": 0, "csp_only": 0,
                     "not_known": 0, "other": 0, "unknown": 1}]


def test_the_embedded_data_lists_all_22_council_areas_on_every_date() -> None:
    from govmap.model.load import load

    wales = load()
    for year in (2007, 2012, 2017, 2021):
        rows = area_arrangements(wales, dt.date(year, 6, 1))
        assert len(rows) == 22
        assert all(r["area_name"] != r["area"] for r in rows)  # names, not GSS codes
