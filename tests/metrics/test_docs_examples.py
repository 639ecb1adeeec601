"""The worked examples of docs/metrics.md, run against the data they name.

Each ``*Example.*`` paragraph of the page has a test here, found by the heading it sits
under. A test first checks that the paragraph still says what the test checks (so the text
cannot change without the test), then computes it: on the small landscape the example
describes, or on the embedded Wales data at the date it names. A new example with no test
fails ``test_every_example_is_run``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from govmap.metrics import accountability, duplication, footprints, seats
from govmap.model.load import load
from govmap.report import Report, build_report

from .build import body, fp, line, org, seat, world

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
MID_2017 = dt.date(2017, 6, 30)


def examples() -> dict[str, str]:
    """Heading -> the text of the example paragraph under it (whitespace folded)."""
    found: dict[str, str] = {}
    heading = ""
    for block in DOC.read_text(encoding="utf-8").split("\n\n"):
        text = " ".join(block.split())
        if text.startswith("#"):
            heading = text.lstrip("#").strip()
        elif text.startswith("*Example.*"):
            found[heading] = text
    return found


def says(heading: str, *phrases: str) -> None:
    """The example under ``heading`` still says each phrase."""
    text = examples()[heading]
    for phrase in phrases:
        assert phrase in text, f"docs/metrics.md, {heading}: no longer says {phrase!r}"


@cache
def wales_report(on: dt.date) -> Report:
    return build_report(load(), on)


# -- examples on small landscapes -------------------------------------------------------


def relation_of_two_footprints() -> None:
    says("Relation of two footprints (`footprint_relations`)",
         "Fire area {Swansea, Neath Port Talbot, Powys}",
         "police area {Swansea, Neath Port Talbot, Cardiff}", "`overlaps`", "shared 2",
         "only in A 1, only in B 1", "Jaccard 2/4 = 0.5")
    land = world(footprints=[fp("fire", "fire_area", "swansea", "npt", "powys"),
                             fp("police", "police_force_area", "swansea", "npt", "cardiff")])
    [row] = footprints.footprint_relations(land)
    assert (row["relation"], row["shared"], row["only_a"], row["only_b"]) == \
        ("overlaps", 2, 1, 1)
    assert row["jaccard"] == 0.5


def family_coterminosity() -> None:
    says("Family coterminosity (`family_coterminosity`)",
         "share(health, police) = 2/2 = 1.0", "share(fire, health) = 0/1",
         "share(health, fire) = 1/2")
    land = world(footprints=[fp("hb-ab", "health_board_area", "a", "b"),
                             fp("hb-c", "health_board_area", "c"),
                             fp("police", "police_force_area", "a", "b", "c"),
                             fp("fire", "fire_area", "b", "c")])
    cells = {(r["x"], r["y"]): r["share"] for r in footprints.family_coterminosity(land)}
    assert cells[("health_board_area", "police_force_area")] == 1.0
    assert cells[("fire_area", "health_board_area")] == 0.0
    assert cells[("health_board_area", "fire_area")] == 0.5


def body_alignment() -> None:
    says("Body alignment (`body_alignment`)",
         "A board on {Swansea, Neath Port Talbot, Bridgend}",
         "({Bridgend, Rhondda Cynon Taf, Merthyr Tydfil}) as a member cuts across it")
    land = world(
        footprints=[fp("board", "region", "swansea", "npt", "bridgend"),
                    fp("hb-ctm", "health_board_area", "bridgend", "rct", "merthyr")],
        orgs=[org("ctm", "health_board", footprint="hb-ctm")],
        bodies=[body("b", "board", level="regional", members=["ctm"])])
    [row] = footprints.body_alignment(land)
    assert row["cuts_across"] == ["hb-ctm"] and row["cut_members"] == ["ctm"]


def duplicate_pairs() -> None:
    says("Duplicate pairs (`duplicate_pairs`)",
         "A {community safety, ASB} on {Cardiff}, members {council, police}",
         "B {community safety} on {Cardiff, Vale}, members {council, police, health}",
         "theme 1/2 × area 1/2 × member 2/3 = 1/6")
    land = world(
        footprints=[fp("cardiff", "local_authority", "cardiff"),
                    fp("cv", "region", "cardiff", "vale")],
        orgs=[org("council"), org("police", "police_force"), org("health", "health_board")],
        bodies=[body("a", "cardiff", themes=["community_safety", "anti_social_behaviour"],
                     members=["council", "police"]),
                body("b", "cv", themes=["community_safety"],
                     members=["council", "police", "health"])])
    [pair] = duplication.duplicate_pairs(land)
    assert (pair["theme_jaccard"], pair["area_jaccard"]) == (0.5, 0.5)
    assert pair["member_jaccard"] == pytest.approx(2 / 3)
    assert pair["score"] == pytest.approx(1 / 6)


def seat_load() -> None:
    says("Seat load (`seat_load`) and parallel seats (`parallel_seats`)",
         "a responsible authority on the community safety partnerships of three council "
         "areas and an invited participant on one public services board",
         "4 seats, local 4, responsible_authority 3, invited_participant 1, and `parallel` 3")
    areas = ("x", "y", "z")
    land = world(
        footprints=[fp(f"la-{a}", "local_authority", a) for a in areas],
        orgs=[org("police", "police_force")],
        bodies=[*(body(f"csp-{a}", f"la-{a}", themes=["community_safety"],
                       members=[seat("police", "responsible_authority")]) for a in areas),
                body("psb-x", "la-x", themes=["well_being"],
                     members=[seat("police", "invited_participant")])])
    [row] = seats.seat_load(land)
    assert (row["seats"], row["local"], row["responsible_authority"],
            row["invited_participant"], row["parallel"]) == (4, 4, 3, 1, 3)


def brokers() -> None:
    says("Brokers (`brokers`)", "Organisation X sits on boards P and Q; Y only on P, Z only "
         "on Q", "X lies on 4 of the 6 shortest paths between the other four: 0.67")
    land = world(footprints=[fp("f", "local_authority", "a")],
                 orgs=[org("x"), org("y"), org("z")],
                 bodies=[body("p", "f", members=["x", "y"]), body("q", "f", members=["x", "z"])])
    values = {r["organisation"]: r["betweenness"] for r in seats.brokers(land)}
    assert round(values["x"], 2) == 0.67


def line_of_sight() -> None:
    says("Line of sight (`line_of_sight`)", "A task group, sub-group of a community safety "
         "partnership, which reports to a regional board, which is accountable to the Welsh "
         "Government: 3")
    land = world(
        footprints=[fp("f", "local_authority", "a"), fp("r", "region", "a", "b")],
        orgs=[org("welsh-government", "devolved_government")],
        bodies=[body("task", "f", level="sub_local", lines=[line("csp", "sub_group_of")]),
                body("csp", "f", lines=[line("board", "reports_to")]),
                body("board", "r", level="regional", lines=[line("welsh-government")])])
    depth = {r["body"]: r["depth"] for r in accountability.line_of_sight(land)}
    assert depth["task"] == 3


# -- examples on the embedded Wales data ------------------------------------------------


def area_complexity() -> None:
    says("Area complexity (`area_complexity`)", "Bridgend in 2017", "3 partner sets",
         "Flintshire", ": 1.")
    rows = {r["area_name"]: r for r in wales_report(MID_2017).area_complexity}
    bridgend = rows["Bridgend"]
    assert bridgend["partner_sets"] == 3
    sets = bridgend["partner_set_names"]
    assert "Neath Port Talbot + Swansea" in sets  # Abertawe Bro Morgannwg health board
    assert sorted(len(s.split(" + ")) for s in sets) == [2, 6, 9]  # health, police, fire
    assert rows["Flintshire"]["partner_sets"] == 1


def theme_coverage() -> None:
    says("Theme coverage (`theme_coverage`)", "Conwy in 2017",
         "the Conwy and Denbighshire Community Safety Partnership and the North Wales Area "
         "Planning Board both list substance misuse at regional level: `duplicated`, "
         "`regional`", "community safety in Cardiff is covered once at local level")
    rows = {(r["area_name"], r["theme"]): r for r in wales_report(MID_2017).theme_coverage}
    conwy = rows[("Conwy", "substance_misuse")]
    assert conwy["status"] == "duplicated" and "regional" in conwy["duplicated_levels"]
    assert {"Conwy and Denbighshire Community Safety Partnership",
            "North Wales Area Planning Board (substance misuse)"} <= set(conwy["regional_names"])
    cardiff = rows[("Cardiff", "community_safety")]
    assert "local" not in cardiff["duplicated_levels"]
    assert "Cardiff Public Services Board" not in cardiff["local_names"]


def duty_coverage() -> None:
    says("Duty coverage (`duty_coverage`)", "In 2017 the Cwm Taf Public Services Board "
         "(Rhondda Cynon Taf and Merthyr Tydfil)", "South Wales Police and the probation "
         "services attend it only as invited participants", "weaker footing in both units")
    rows = [r for r in wales_report(MID_2017).duty_coverage
            if "Cwm Taf Public Services Board" in r["weaker_footing_names"]]
    assert {r["unit_name"] for r in rows} == {"Rhondda Cynon Taf council area",
                                              "Merthyr Tydfil council area"}
    for row in rows:
        [missing] = row["missing_members"]
        assert "South Wales Police attends only as invited participant" in missing
        assert "probation (" in missing


RUN: dict[str, Callable[[], None]] = {
    "Relation of two footprints (`footprint_relations`)": relation_of_two_footprints,
    "Family coterminosity (`family_coterminosity`)": family_coterminosity,
    "Area complexity (`area_complexity`)": area_complexity,
    "Body alignment (`body_alignment`)": body_alignment,
    "Theme coverage (`theme_coverage`)": theme_coverage,
    "Duplicate pairs (`duplicate_pairs`)": duplicate_pairs,
    "Seat load (`seat_load`) and parallel seats (`parallel_seats`)": seat_load,
    "Brokers (`brokers`)": brokers,
    "Duty coverage (`duty_coverage`)": duty_coverage,
    "Line of sight (`line_of_sight`)": line_of_sight,
}


def test_every_example_is_run() -> None:
    assert set(examples()) == set(RUN), "add a test for each new *Example.* in the docs"


@pytest.mark.parametrize("heading", sorted(RUN))
def test_the_example_holds(heading: str) -> None:
    RUN[heading]()


def test_the_docs_quote_the_thresholds_the_code_uses() -> None:
    from govmap.metrics.findings import THRESHOLDS

    text = " ".join(DOC.read_text(encoding="utf-8").split())
    for code, threshold in THRESHOLDS.items():
        assert f"| `{code}` | {threshold} |" in text, code
    assert re.search(r"pairs scoring 0\.5 or more", text)
