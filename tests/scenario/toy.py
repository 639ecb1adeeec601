"""A toy landscape small enough to work every scenario result out by hand.

Four areas A, B, C, D. Police area East = A+B, West = C+D, and "All" = A+B+C+D.
Each area has a CSP; csp-a has a sub-group (group-a); board-east is a non-statutory
regional board on East; a national board covers All. One duty, the strategy, applies per
council area and needs a council and a police force as statutory members.

    csp-a   A   council-a RA, police-east RA, health member    strategy   accountable_to council-a
    csp-b   B   council-b RA, police-east RA, health observer  strategy   accountable_to council-b
    csp-c   C   council-c RA, police-west RA                   strategy
    csp-d   D   council-d RA, police-west member               strategy
    board-east  A+B  police-east member, council-a member      reports_to police-east
    group-a     A    council-a member                          sub_group_of csp-a
    national    All  police-east member, police-west member
"""

from __future__ import annotations

import datetime as dt

from govmap.model.entities import (
    Area,
    Body,
    Duty,
    Footprint,
    Membership,
    Organisation,
    ReportingLine,
    StatutoryBasis,
)
from govmap.model.landscape import Landscape
from govmap.scenario.format import Operation, Scenario

DAY = dt.date(2020, 1, 1)
CDA = StatutoryBasis(act="Crime and Disorder Act 1998", section="s5-7")


def seat(org: str, role: str) -> Membership:
    return Membership(organisation=org, role=role)


def line(target: str, kind: str) -> ReportingLine:
    return ReportingLine(target=target, type=kind)


def toy() -> Landscape:
    areas = [Area(id=a, name=f"Area {a}", population=10 * (i + 1))
             for i, a in enumerate("ABCD")]
    footprints = [
        *(Footprint(id=f"la-{a.lower()}", name=f"{a} council area", family="local_authority",
                    areas=(a,)) for a in "ABCD"),
        Footprint(id="pfa-east", name="East police area", family="police_force_area",
                  areas=("A", "B")),
        Footprint(id="pfa-west", name="West police area", family="police_force_area",
                  areas=("C", "D")),
        Footprint(id="all", name="All areas", family="nation", areas=("A", "B", "C", "D")),
    ]
    orgs = [
        *(Organisation(id=f"council-{a.lower()}", name=f"{a} Council", kind="local_authority",
                       devolved=True, elected=True, footprint=f"la-{a.lower()}")
          for a in "ABCD"),
        Organisation(id="police-east", name="East Police", kind="police_force",
                     devolved=False, elected=False, footprint="pfa-east"),
        Organisation(id="police-west", name="West Police", kind="police_force",
                     devolved=False, elected=False, footprint="pfa-west"),
        Organisation(id="health", name="Health Board", kind="health_board", devolved=True,
                     elected=False, footprint="all"),
    ]

    def csp(a: str, members: list[Membership], lines: tuple[ReportingLine, ...] = ()) -> Body:
        return Body(id=f"csp-{a.lower()}", name=f"{a} Community Safety Partnership",
                    kind="community_safety_partnership", level="local",
                    footprint=f"la-{a.lower()}", themes=("community_safety",),
                    statutory_basis=CDA, members=tuple(members), reporting_lines=lines,
                    discharges=({"duty": "strategy"},))  # type: ignore[arg-type]

    bodies = [
        csp("A", [seat("council-a", "responsible_authority"),
                  seat("police-east", "responsible_authority"), seat("health", "member")],
            (line("council-a", "accountable_to"),)),
        csp("B", [seat("council-b", "responsible_authority"),
                  seat("police-east", "responsible_authority"), seat("health", "observer")],
            (line("council-b", "accountable_to"),)),
        csp("C", [seat("council-c", "responsible_authority"),
                  seat("police-west", "responsible_authority")]),
        csp("D", [seat("council-d", "responsible_authority"), seat("police-west", "member")]),
        Body(id="board-east", name="East Board", kind="regional_community_safety_board",
             level="regional", footprint="pfa-east", themes=("community_safety", "cctv"),
             members=(seat("police-east", "member"), seat("council-a", "member")),
             reporting_lines=(line("police-east", "reports_to"),)),
        Body(id="group-a", name="A Delivery Group", kind="delivery_group", level="sub_local",
             footprint="la-a", members=(seat("council-a", "member"),),
             reporting_lines=(line("csp-a", "sub_group_of"),)),
        Body(id="national", name="National Board", kind="advisory_board", level="national",
             footprint="all", members=(seat("police-east", "member"),
                                       seat("police-west", "member"))),
    ]
    duties = [Duty(id="strategy", name="The Strategy", law="Crime and Disorder Act 1998",
                   applies_per="local_authority",
                   required_members=("local_authority", "police_force"))]
    return Landscape.build(areas, footprints, orgs, bodies, duties)


def scenario(*operations: Operation, date: dt.date = DAY) -> Scenario:
    return Scenario(name="Test", date=date, operations=tuple(operations),
                    sources=("public:test",))


def roles(body: Body) -> dict[str, str]:
    return {m.organisation: m.role for m in body.members}


def lines_of(body: Body) -> set[tuple[str, str]]:
    return {(ln.target, ln.type) for ln in body.reporting_lines}


def duties_of(body: Body) -> set[str]:
    return {d.duty for d in body.discharges}
