"""Footprint relations, family coterminosity, area complexity and body alignment."""

from __future__ import annotations

import pytest

from govmap.metrics import footprints
from govmap.metrics.footprints import (
    area_complexity,
    body_alignment,
    family_coterminosity,
    footprint_relations,
    relate,
)
from govmap.model.landscape import Landscape

from .build import area, body, fp, org, seat, world

# Five areas in a row with populations 100..500.
#   police:  pfa-1 {A,B,C}   pfa-2 {D,E}
#   health:  hb-1 {A,B}      hb-2 {C}       hb-3 {D,E}
#   fire:    fire-1 {B,C,D}  fire-2 {A}     fire-3 {E}
# fire-1 straddles pfa-1 (shares B,C; has D; lacks A), pfa-2 (shares D), hb-1 (shares B)
# and hb-3 (shares D); it contains hb-2.
AREAS = [area("A", 100), area("B", 200), area("C", 300), area("D", 400), area("E", 500)]
FOOTPRINTS = [
    fp("pfa-1", "police_force_area", "A", "B", "C"), fp("pfa-2", "police_force_area", "D", "E"),
    fp("hb-1", "health_board_area", "A", "B"), fp("hb-2", "health_board_area", "C"),
    fp("hb-3", "health_board_area", "D", "E"),
    fp("fire-1", "fire_area", "B", "C", "D"), fp("fire-2", "fire_area", "A"),
    fp("fire-3", "fire_area", "E"),
]


@pytest.fixture
def five() -> Landscape:
    return world(areas=AREAS, footprints=FOOTPRINTS)


def _pair(rows: list[dict[str, object]], a: str, b: str) -> dict[str, object]:
    [row] = [r for r in rows if {r["a"], r["b"]} == {a, b}]
    return row


def test_relate_names_each_case() -> None:
    assert relate({"A", "B"}, {"B", "A"}) == "equal"
    assert relate({"A", "B"}, {"A"}) == "contains"
    assert relate({"A"}, {"A", "B"}) == "within"
    assert relate({"A", "B"}, {"B", "C"}) == "overlaps"
    assert relate({"A"}, {"B"}) is None
    assert relate(set(), {"B"}) is None


def test_relations_of_hand_worked_pairs(five: Landscape) -> None:
    rows = footprint_relations(five)
    straddle = _pair(rows, "fire-1", "pfa-1")
    # fire-1 {B,C,D} v pfa-1 {A,B,C}: shared 2 of 4 areas; people 500 of 1000
    assert straddle["a"] == "fire-1" and straddle["relation"] == "overlaps"
    assert (straddle["shared"], straddle["only_a"], straddle["only_b"]) == (2, 1, 1)
    assert straddle["jaccard"] == pytest.approx(2 / 4)
    assert straddle["population_jaccard"] == pytest.approx(500 / 1000)
    assert straddle["shared_area_names"] == ["B", "C"]
    nested = _pair(rows, "hb-1", "pfa-1")
    assert nested["relation"] == "within"  # hb-1 is the smaller id: {A,B} within {A,B,C}
    assert nested["jaccard"] == pytest.approx(2 / 3)
    assert nested["population_jaccard"] == pytest.approx(300 / 600)
    same = _pair(rows, "hb-3", "pfa-2")
    assert same["relation"] == "equal" and same["jaccard"] == 1.0
    assert _pair(rows, "fire-1", "hb-2")["relation"] == "contains"


def test_footprints_sharing_nothing_are_not_paired(five: Landscape) -> None:
    pairs = {frozenset((r["a"], r["b"])) for r in footprint_relations(five)}
    assert frozenset(("fire-2", "pfa-2")) not in pairs  # {A} and {D,E}
    assert frozenset(("hb-2", "hb-1")) not in pairs
    # by hand: pfa-1 with hb-1, hb-2, fire-1, fire-2; pfa-2 with hb-3, fire-1, fire-3;
    # hb-1 with fire-1, fire-2; hb-2 with fire-1; hb-3 with fire-1, fire-3: 12 of 28 pairs
    expected = {frozenset((f.id, g.id)) for f in FOOTPRINTS for g in FOOTPRINTS
                if f.id < g.id and set(f.areas) & set(g.areas)}
    assert pairs == expected and len(expected) == 12


def test_unknown_population_gives_no_population_jaccard() -> None:
    land = world(areas=[area("A", 10), area("B")],
                 footprints=[fp("x", "region", "A", "B"), fp("y", "custom", "A")])
    [row] = footprint_relations(land)
    assert row["jaccard"] == 0.5 and row["population_jaccard"] is None


def test_straddles_are_the_overlapping_pairs(five: Landscape) -> None:
    pairs = {(r["a"], r["b"]) for r in footprints.straddles(footprint_relations(five))}
    assert pairs == {("fire-1", "pfa-1"), ("fire-1", "pfa-2"), ("fire-1", "hb-1"),
                     ("fire-1", "hb-3")}


def test_family_coterminosity_matrix(five: Landscape) -> None:
    cells = {(r["x"], r["y"]): r for r in family_coterminosity(five)}
    # 3 families -> 9 cells, the diagonal included
    assert len(cells) == 9
    # every health board area nests in (or equals) a police area
    assert cells[("health_board_area", "police_force_area")]["share"] == 1.0
    assert cells[("police_force_area", "health_board_area")]["share"] == 1.0
    # fire-1 straddles both police areas; fire-2 and fire-3 sit inside one: 2 of 3 clean
    fire_police = cells[("fire_area", "police_force_area")]
    assert (fire_police["footprints"], fire_police["clean"]) == (3, 2)
    assert fire_police["share"] == pytest.approx(2 / 3)
    assert fire_police["straddling"] == ["fire-1"] and fire_police["straddles"] == 2
    # both police areas are straddled by fire-1: 0 of 2 clean
    assert cells[("police_force_area", "fire_area")]["share"] == 0.0
    # hb-1 and hb-3 straddle fire-1, hb-2 lies within it: 1 of 3
    assert cells[("health_board_area", "fire_area")]["share"] == pytest.approx(1 / 3)
    assert cells[("health_board_area", "fire_area")]["straddling_names"] == ["Hb 1", "Hb 3"]
    assert cells[("fire_area", "fire_area")]["share"] == 1.0


def test_area_complexity_counts_groupings_not_footprints() -> None:
    land = world(
        footprints=[
            fp("pfa", "police_force_area", "A", "B", "C"), fp("hb", "health_board_area", "A", "B"),
            fp("same-as-pfa", "region", "A", "B", "C"), fp("wales", "nation", "A", "B", "C"),
            fp("la-a", "local_authority", "A"), fp("fire", "fire_area", "B", "C"),
        ],
        orgs=[org("council-a", footprint="la-a"),
              org("fire-service", "fire_and_rescue_authority", footprint="fire")],
        bodies=[body("police-board", "pfa", level="regional"),
                body("health-board", "hb", level="regional"),
                body("twin", "same-as-pfa", level="regional"),
                body("national", "wales", level="national"),
                body("local", "la-a")],
    )
    rows = {r["area"]: r for r in area_complexity(land)}
    # A: pfa {B,C}, same-as-pfa {B,C} (same grouping), hb {B}; the nation is left out
    assert rows["A"]["regional_footprints"] == 3 and rows["A"]["partner_sets"] == 2
    assert rows["A"]["partner_set_names"] == ["B", "B + C"]
    assert rows["A"]["council"] == "council-a" and rows["A"]["council_name"] == "Council A"
    assert rows["A"]["bodies"] == 5
    # B: {A,C} (pfa, twin), {A} (hb), {C} (the fire service's home footprint)
    assert rows["B"]["partner_sets"] == 3
    # most complex first
    assert next(r["area"] for r in area_complexity(land)) == "B"


def test_body_alignment_finds_split_member_areas() -> None:
    land = world(
        footprints=[fp("board-area", "region", "B", "C", "D"),
                    fp("hb-1", "health_board_area", "A", "B"),
                    fp("hb-2", "health_board_area", "C"), fp("far", "custom", "E")],
        orgs=[org("health-1", "health_board", footprint="hb-1"),
              org("health-2", "health_board", footprint="hb-2"),
              org("faraway", "other", footprint="far"), org("homeless", "other")],
        bodies=[body("board", "board-area", level="regional",
                     members=["health-1", "health-2", "faraway", "homeless"])],
    )
    [row] = body_alignment(land)
    assert row["members_checked"] == 3  # 'homeless' has no home footprint
    assert row["cuts_across"] == ["hb-1"] and row["cut_member_names"] == ["Health 1"]
    assert row["outside"] == ["faraway"]
    [finding] = [f for f in footprints.findings(land) if f.code == "cuts-across"]
    assert finding.subjects == ("board", "hb-1") and "Health 1" in finding.message


def test_straddle_findings_only_across_families(five: Landscape) -> None:
    found = [f for f in footprints.findings(five) if f.code == "straddle"]
    assert {f.subjects for f in found} == {("fire-1", "pfa-1"), ("fire-1", "pfa-2"),
                                           ("fire-1", "hb-1"), ("fire-1", "hb-3")}
    [police] = [f for f in found if f.subjects == ("fire-1", "pfa-1")]
    assert police.message == ("Fire 1 straddles Pfa 1: they share B and C, but Fire 1 has 1 "
                              "area outside Pfa 1 and Pfa 1 has 1 area outside it.")
    # two overlapping footprints of one family (an old and a new one) are not findings
    same_family = world(footprints=[fp("old", "region", "A", "B"), fp("new", "region", "B", "C")])
    assert footprints.findings(same_family) == []


def test_members_without_seats_are_ignored_by_alignment() -> None:
    land = world(footprints=[fp("x", "region", "A")], bodies=[body("lonely", "x")])
    assert body_alignment(land) == []
    assert seat("o").role == "member"
