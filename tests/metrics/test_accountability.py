"""Accountability findings and line of sight."""

from __future__ import annotations

import datetime as dt

import pytest

from govmap.metrics import accountability
from govmap.metrics.accountability import line_of_sight, orphaned_sub_groups
from govmap.metrics.findings import Finding
from govmap.model.dates import PartialDate
from govmap.model.entities import StatutoryBasis
from govmap.model.landscape import Landscape

from .build import body, fp, line, org, world

UP, REPORTS, SUB = "accountable_to", "reports_to", "sub_group_of"


@pytest.fixture
def chains() -> Landscape:
    return world(
        footprints=[fp("area", "local_authority", "A"), fp("wales", "nation", "A")],
        orgs=[
            org("council", elected=True),
            org("senedd", "legislature", elected=True),
            org("welsh-gov", "devolved_government", lines=[line("senedd")]),
            org("pcc", "police_and_crime_commissioner", devolved=False, elected=True,
                lines=[line("panel", "scrutinised_by")]),
            org("panel", "police_and_crime_panel", devolved=False),
            org("yjb", "youth_justice", devolved=False),
        ],
        bodies=[
            body("csp", "area", lines=[line("council"), line("committee", "scrutinised_by")]),
            body("committee", "area", kind="scrutiny_committee", lines=[line("council", SUB)]),
            body("task", "area", lines=[line("csp", SUB)]),
            body("lonely", "area"),
            body("funded", "area", lines=[line("welsh-gov", "funded_by")]),
            body("loop-1", "area", lines=[line("loop-2", REPORTS)]),
            body("loop-2", "area", lines=[line("loop-1", REPORTS)]),
            body("two-masters", "area", lines=[line("council"), line("pcc")]),
            body("national", "wales", level="national", lines=[line("welsh-gov")]),
            body("yot", "area", attributes={"devolved": True}, lines=[line("yjb", REPORTS)]),
        ],
    )


def _codes(found: list[Finding], code: str) -> set[str]:
    return {f.subjects[0] for f in found if f.code == code}


def test_no_upward_line(chains: Landscape) -> None:
    found = accountability.findings(chains)
    # funded_by is not an upward line
    assert _codes(found, "no-upward-line") == {"lonely", "funded"}


def test_no_democratic_route(chains: Landscape) -> None:
    found = accountability.findings(chains)
    # csp -> council (elected); task -> csp -> council; national -> welsh-gov -> senedd;
    # committee -> council; two-masters -> council; yot -> yjb, which answers to nobody
    assert _codes(found, "no-democratic-route") == {"lonely", "funded", "loop-1", "loop-2",
                                                    "yot"}
    [yot] = [f for f in found if f.code == "no-democratic-route" and f.subjects == ("yot",)]
    assert yot.evidence["reaches"] == ["yjb"]
    # the chain followed, and where and why it stops
    assert yot.message == ("No chain of upward lines from Yot reaches anyone elected: Yot "
                           "reports to Yjb; Yjb (youth justice, not elected) is accountable "
                           "to, reports to and is a sub-group of nobody.")
    [step] = yot.evidence["path"]
    assert (step["from"], step["type"], step["to"]) == ("yot", "reports_to", "yjb")
    assert yot.evidence["steps"] == ["Yot reports to Yjb (no source recorded)"]
    [loop] = [f for f in found if f.code == "no-democratic-route"
              and f.subjects == ("loop-1",)]
    assert loop.evidence["stops"] == ["Loop 2 leads back to Loop 1, already on the chain"]
    [funded] = [f for f in found if f.code == "no-upward-line" and f.subjects == ("funded",)]
    assert "which is not a line upwards" in funded.message


def test_too_many_masters_and_cycles(chains: Landscape) -> None:
    found = accountability.findings(chains)
    [masters] = [f for f in found if f.code == "too-many-masters"]
    assert masters.subjects == ("two-masters", "council", "pcc")
    [cycle] = [f for f in found if f.code == "reporting-cycle"]
    assert cycle.subjects == ("loop-1", "loop-2") and cycle.severity == "high"
    assert cycle.message == "Upward lines go round in a circle: Loop 1 → Loop 2 → Loop 1."


def test_no_scrutiny(chains: Landscape) -> None:
    found = accountability.findings(chains)
    # csp is scrutinised; task is below csp; national reaches the Senedd (a legislature);
    # two-masters reaches the PCC, scrutinised by its panel
    assert _codes(found, "no-scrutiny") == {"committee", "lonely", "funded", "loop-1",
                                            "loop-2", "yot"}


def test_devolution_crossing(chains: Landscape) -> None:
    found = [f for f in accountability.findings(chains) if f.code == "devolution-crossing"]
    # yot (devolved by attribute) reports to yjb (not devolved); the PCC and its panel are
    # both non-devolved; welsh-gov and the Senedd are both devolved
    assert [f.subjects for f in found] == [("yot", "yjb")]
    assert found[0].severity == "info"
    assert found[0].message == ("Yot (devolved) reports to Yjb (non-devolved): the line "
                                "crosses the devolution boundary.")


def test_body_side() -> None:
    land = world(
        footprints=[fp("x", "region", "A")],
        orgs=[org("dev"), org("non", "police_force", devolved=False)],
        bodies=[body("welsh-act", "x", statutory=False),
                body("mixed", "x", members=["dev", "non"]),
                body("all-non", "x", members=["non"], statutory=False)],
    )
    welsh = land.bodies["welsh-act"].model_copy(update={
        "statutory_basis": StatutoryBasis(act="Social Services and Well-being (Wales) Act 2014")})
    assert accountability.body_side(land, welsh) == "devolved"
    assert accountability.body_side(land, land.bodies["mixed"]) is None
    assert accountability.body_side(land, land.bodies["all-non"]) == "non-devolved"


def test_line_of_sight() -> None:
    land = world(
        footprints=[fp("area", "local_authority", "A"), fp("wales", "nation", "A")],
        orgs=[org("welsh-gov", "devolved_government")],
        bodies=[
            body("top", "wales", level="national"),
            body("d1", "area", level="regional", lines=[line("top", REPORTS)]),
            body("d2", "area", lines=[line("d1", SUB)]),
            body("d3", "area", lines=[line("d2", SUB)]),
            body("d4", "area", level="sub_local", lines=[line("d3", SUB)]),
            body("direct", "area", lines=[line("welsh-gov")]),
            body("adrift", "area"),
        ],
    )
    rows = {r["body"]: r for r in line_of_sight(land)}
    assert rows["top"]["depth"] == 0
    assert rows["d3"]["depth"] == 3
    assert rows["d4"]["route_names"] == ["D4", "D3", "D2", "D1", "Top"]
    assert rows["direct"]["depth"] == 1 and rows["adrift"]["depth"] is None
    # longest first, unreachable last
    assert next(r["body"] for r in line_of_sight(land)) == "d4"
    assert [r["body"] for r in line_of_sight(land)][-1] == "adrift"
    [long] = [f for f in accountability.findings(land) if f.code == "long-line-of-sight"]
    assert long.subjects == ("d4", "d3", "d2", "d1", "top")
    assert long.message == "D4 is 4 steps below national level: D4 → D3 → D2 → D1 → Top."


def test_orphaned_sub_group_needs_the_history() -> None:
    ended = PartialDate.parse("2015-04-01")
    land = world(
        footprints=[fp("area", "local_authority", "A")],
        orgs=[org("council", elected=True)],
        bodies=[body("old-board", "area", end_date=ended, lines=[line("council")]),
                body("sub", "area", lines=[line("old-board", SUB)])],
    )
    on = dt.date(2017, 1, 1)
    dated = land.as_at(on)
    # in the dated view the line has gone with the board: the sub-group answers to nobody
    assert _codes(accountability.findings(dated), "no-upward-line") == {"sub"}
    [orphan] = orphaned_sub_groups(land, on)
    assert orphan.subjects == ("sub", "old-board") and orphan.severity == "high"
    assert orphan.message == ("Sub is still recorded as a sub-group of Old Board, which ended "
                              "on 2015-04-01.")
    assert orphaned_sub_groups(land, dt.date(2014, 1, 1)) == []
    # without a date: the sub-group outlives its parent
    assert len(orphaned_sub_groups(land)) == 1
    both = accountability.findings(dated, history=land, on=on)
    assert _codes(both, "orphaned-sub-group") == {"sub"}


def test_sovereign_bodies_are_exempt() -> None:
    land = world(footprints=[fp("x", "nation", "A")],
                 bodies=[body("parliament", "x", level="national", kind="other")])
    assert _codes(accountability.findings(land), "no-upward-line") == {"parliament"}
    sovereign = land.bodies["parliament"].model_copy(update={"kind": "legislature"})
    exempt = world(footprints=[fp("x", "nation", "A")], bodies=[sovereign])
    assert accountability.findings(exempt) == []
