"""A small landscape built by hand, so every expected answer can be worked out on paper.

Three areas W1, W2, W3. A police force covers W1 and W2; Wales covers all three.

    board-wales (national advisory board)  <- wg (Welsh Government) sits on it
        ^ accountable_to
    rcsb (regional board on W1+W2)         <- police, council-1, council-2
        ^ reports_to
    csp-1 (local, W1)                      <- council-1 (RA), police (RA)
        ^ sub_group_of
    group-1 (sub-local, W1)                <- council-1 (member)
    csp-2 (local, W2)                      <- council-2 (RA), police (RA)
    psb-3 (local, W3)                      <- council-3 (statutory), charity (invited)
"""

from __future__ import annotations

from typing import Any

from govmap.model.entities import Area, Body, Footprint, Membership, Organisation, ReportingLine
from govmap.model.landscape import Landscape

HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"


def _org(oid: str, name: str, kind: str, footprint: str | None, **extra: Any) -> Organisation:
    return Organisation(id=oid, name=name, kind=kind, devolved=True, elected=False,
                        footprint=footprint, **extra)


def _body(bid: str, name: str, kind: str, level: str, footprint: str, themes: list[str],
          members: list[tuple[str, str]], lines: list[tuple[str, str]] | None = None,
          **extra: Any) -> Body:
    return Body(
        id=bid, name=name, kind=kind, level=level, footprint=footprint, themes=tuple(themes),
        members=tuple(Membership(organisation=o, role=r) for o, r in members),
        reporting_lines=tuple(ReportingLine(target=t, type=k) for t, k in lines or ()), **extra,
    )


def tiny(*, csp1_name: str = "Safer Town One", charity_name: str = "Town Voluntary Council",
         populations: tuple[int, int, int] = (100, 200, 300)) -> Landscape:
    """The landscape drawn in the module docstring."""
    areas = [Area(id=f"W{i}", name=f"Town {i}", population=populations[i - 1])
             for i in (1, 2, 3)]
    footprints = [
        Footprint(id="la-1", name="Town 1", family="local_authority", areas=("W1",)),
        Footprint(id="la-2", name="Town 2", family="local_authority", areas=("W2",)),
        Footprint(id="la-3", name="Town 3", family="local_authority", areas=("W3",)),
        Footprint(id="pfa", name="Police area", family="police_force_area", areas=("W1", "W2")),
        Footprint(id="nation", name="Wales", family="nation", areas=("W1", "W2", "W3")),
    ]
    organisations = [
        _org("council-1", "Town 1 Council", "local_authority", "la-1"),
        _org("council-2", "Town 2 Council", "local_authority", "la-2"),
        _org("council-3", "Town 3 Council", "local_authority", "la-3"),
        _org("police", "Area Police", "police_force", "pfa", sources=("public:Police Act",)),
        _org("wg", "Welsh Government", "devolved_government", "nation"),
        _org("charity", charity_name, "third_sector", None),
    ]
    bodies = [
        _body("board-wales", "Wales Board", "advisory_board", "national", "nation",
              ["community_safety"], [("wg", "member")]),
        _body("rcsb", "Regional Board", "regional_community_safety_board", "regional", "pfa",
              ["community_safety", "substance_misuse"],
              [("police", "member"), ("council-1", "member"), ("council-2", "member")],
              [("board-wales", "accountable_to")]),
        _body("csp-1", csp1_name, "community_safety_partnership", "local", "la-1",
              ["community_safety"],
              [("council-1", "responsible_authority"), ("police", "responsible_authority")],
              [("rcsb", "reports_to")], name_cy="Tref Ddiogel Un",
              sources=("001_3c8194f91326f886.txt:L308", "public:CSP list")),
        _body("csp-2", "Safer Town Two", "community_safety_partnership", "local", "la-2",
              ["community_safety"],
              [("council-2", "responsible_authority"), ("police", "responsible_authority")]),
        _body("psb-3", "Town 3 PSB", "public_services_board", "local", "la-3", ["well_being"],
              [("council-3", "statutory_member"), ("charity", "invited_participant")]),
        _body("group-1", "ASB Group", "delivery_group", "sub_local", "la-1",
              ["anti_social_behaviour"], [("council-1", "member")], [("csp-1", "sub_group_of")]),
    ]
    return Landscape.build(areas, footprints, organisations, bodies)


ALL_BODIES = {"board-wales", "rcsb", "csp-1", "csp-2", "psb-3", "group-1"}
ALL_ORGS = {"council-1", "council-2", "council-3", "police", "wg", "charity"}
