"""Theme coverage and duplicate pairs."""

from __future__ import annotations

import pytest

from govmap.metrics import duplication
from govmap.metrics.duplication import duplicate_pairs, theme_coverage
from govmap.model.landscape import Landscape

from .build import body, fp, line, org, seat, world

CS, ASB, WB = "community_safety", "anti_social_behaviour", "well_being"


@pytest.fixture
def two_areas() -> Landscape:
    """Areas A and B; a CSP and a PSB in A, a regional board over both, a sub-group and a
    scrutiny committee in A, and two twin groups in B."""
    return world(
        footprints=[fp("la-a", "local_authority", "A"), fp("la-b", "local_authority", "B"),
                    fp("region", "region", "A", "B")],
        orgs=[org("council-a"), org("council-b"), org("police", "police_force"),
              org("health", "health_board")],
        bodies=[
            body("csp-a", "la-a", themes=[CS, ASB],
                 members=[seat("council-a", "responsible_authority"),
                          seat("police", "responsible_authority")]),
            body("psb-a", "la-a", themes=[WB, CS],
                 members=["council-a", seat("police", "invited_participant"), "health"]),
            body("regional", "region", level="regional", themes=[CS],
                 members=["council-a", "council-b", "police"]),
            body("task-group", "la-a", themes=[CS], members=["council-a"],
                 lines=[line("csp-a", "sub_group_of")]),
            body("scrutiny", "la-a", kind="scrutiny_committee", themes=[CS, "scrutiny"],
                 members=["council-a"]),
            body("twin-1", "la-b", themes=[CS], members=["council-b", "police"]),
            body("twin-2", "la-b", themes=[CS], members=["council-b", "police"]),
        ],
    )


def _cell(rows: list[dict[str, object]], area: str, theme: str) -> dict[str, object]:
    [row] = [r for r in rows if r["area"] == area and r["theme"] == theme]
    return row


def test_theme_coverage_by_level(two_areas: Landscape) -> None:
    rows = theme_coverage(two_areas)
    # themes in use, in vocabulary order; one row per area and theme
    assert [r["theme"] for r in rows if r["area"] == "A"] == [CS, ASB, WB, "scrutiny"]
    cs_a = _cell(rows, "A", CS)
    assert cs_a["local"] == ["csp-a", "psb-a", "scrutiny", "task-group"]
    assert cs_a["regional"] == ["regional"] and cs_a["bodies"] == 5
    # the CSP and the PSB duplicate each other; the CSP's own task group and the
    # scrutiny committee do not count
    assert cs_a["status"] == "duplicated" and cs_a["duplicated_levels"] == ["local"]
    assert _cell(rows, "A", ASB)["status"] == "covered"
    wb_b = _cell(rows, "B", WB)
    assert wb_b["status"] == "gap" and wb_b["bodies"] == 0


def test_no_gap_where_only_national_bodies_work() -> None:
    land = world(footprints=[fp("ew", "nation", "W", "E"), fp("w", "local_authority", "W")],
                 bodies=[body("national", "ew", level="national", themes=[CS]),
                         body("welsh", "w", themes=[WB])])
    rows = theme_coverage(land)
    assert _cell(rows, "W", WB)["status"] == "covered"
    assert _cell(rows, "E", WB)["status"] == "none"  # only national bodies work in E
    assert not [f for f in duplication.findings(land) if f.code == "theme-gap"]


def test_duplicate_pairs_scores_by_hand(two_areas: Landscape) -> None:
    pairs = {(r["a"], r["b"]): r for r in duplicate_pairs(two_areas)}
    csp_psb = pairs[("csp-a", "psb-a")]
    # themes {cs, asb} v {wb, cs}: 1/3; areas {A} v {A}: 1; members {council-a, police}
    # v {council-a, police, health}: 2/3
    assert csp_psb["theme_jaccard"] == pytest.approx(1 / 3)
    assert csp_psb["area_jaccard"] == 1.0
    assert csp_psb["member_jaccard"] == pytest.approx(2 / 3)
    assert csp_psb["score"] == pytest.approx(2 / 9)
    assert csp_psb["shared_themes"] == [CS] and csp_psb["shared_area_names"] == ["A"]
    assert csp_psb["shared_members"] == ["council-a", "police"]
    # themes 1/2, areas {A} v {A,B} 1/2, members 2/3
    assert pairs[("csp-a", "regional")]["score"] == pytest.approx(1 / 6)
    assert pairs[("twin-1", "twin-2")]["score"] == 1.0
    assert pairs[("csp-a", "task-group")]["sub_group"] is True
    assert pairs[("csp-a", "scrutiny")]["oversight"] is True
    # twins in B share no area with the bodies of A
    assert ("csp-a", "twin-1") not in pairs
    # highest score first
    assert next(iter(duplicate_pairs(two_areas)))["a"] == "twin-1"


def test_pairs_without_a_shared_member_can_be_left_out() -> None:
    land = world(footprints=[fp("x", "region", "A")],
                 orgs=[org("one"), org("two")],
                 bodies=[body("p", "x", themes=[CS], members=["one"]),
                         body("q", "x", themes=[CS], members=["two"])])
    [row] = duplicate_pairs(land)
    assert row["score"] == 0.0
    assert duplicate_pairs(land, positive_only=True) == []
    assert duplicate_pairs(land, min_score=0.1) == []


def test_duplication_findings(two_areas: Landscape) -> None:
    found = duplication.findings(two_areas)
    codes = {(f.code, f.subjects) for f in found}
    assert ("likely-duplicate", ("twin-1", "twin-2")) in codes
    assert ("theme-duplication", ("csp-a", "psb-a")) in codes
    assert ("theme-duplication", ("twin-1", "twin-2")) in codes
    [gap] = [f for f in found if f.code == "theme-gap" and f.evidence["theme"] == WB]
    assert gap.subjects == ("B",)
    # the sub-group and the scrutiny committee are never called duplicates
    assert not [f for f in found if "task-group" in f.subjects or "scrutiny" in f.subjects]
    [twins] = [f for f in found if f.code == "theme-duplication" and "twin-1" in f.subjects]
    assert twins.message == "Twin 1 and Twin 2 both cover community safety at local level in La B."


def test_a_team_or_network_never_duplicates_a_board_but_two_networks_can() -> None:
    # a safeguarding hub working for the safeguarding board shares its themes and most of
    # its members: that is how it serves the board, not a second board
    land = world(
        footprints=[fp("region", "region", "A", "B")],
        orgs=[org("council"), org("police", "police_force"), org("health", "health_board")],
        bodies=[
            body("board", "region", level="regional", kind="regional_safeguarding_board",
                 themes=["safeguarding_children"], members=["council", "police", "health"]),
            body("hub", "region", level="regional", kind="team",
                 themes=["safeguarding_children"], members=["council", "police", "health"]),
            body("net-1", "region", level="regional", kind="network", themes=[CS],
                 members=["council", "police"]),
            body("net-2", "region", level="regional", kind="professional_association",
                 themes=[CS], members=["council", "police"]),
        ])
    pairs = {(r["a"], r["b"]): r for r in duplicate_pairs(land)}
    assert pairs[("board", "hub")]["score"] == 1.0 and pairs[("board", "hub")]["support"]
    assert not pairs[("net-1", "net-2")]["support"]
    found = {(f.code, f.subjects) for f in duplication.findings(land)}
    assert ("likely-duplicate", ("net-1", "net-2")) in found
    assert ("theme-duplication", ("net-1", "net-2")) in found
    assert not any("hub" in subjects for _, subjects in found)


def test_a_theme_listed_only_by_a_hub_in_one_town_is_no_gap_elsewhere() -> None:
    # a sub-local team listing fire safety does not show that every area needs a board for it
    land = world(
        footprints=[fp("la-a", "local_authority", "A"), fp("la-b", "local_authority", "B")],
        bodies=[body("csp-a", "la-a", themes=[CS]), body("csp-b", "la-b", themes=[CS]),
                body("hub-a", "la-a", level="sub_local", kind="team",
                     themes=["fire_safety"]),
                body("wb-a", "la-a", themes=[WB])])
    gaps = {f.evidence["theme"]: f.subjects for f in duplication.findings(land)
            if f.code == "theme-gap"}
    assert gaps == {WB: ("B",)}
    rows = {(r["area"], r["theme"]): r["status"] for r in theme_coverage(land)}
    assert rows[("B", "fire_safety")] == "none" and rows[("B", WB)] == "gap"
