"""Small hand-built landscapes for metric tests: one line per entity, answers worked by hand."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from govmap.model.entities import (
    Area,
    Body,
    Duty,
    DutyAssignment,
    Footprint,
    Membership,
    Organisation,
    ReportingLine,
    StatutoryBasis,
)
from govmap.model.landscape import Landscape


def title(entity_id: str) -> str:
    return entity_id.replace("-", " ").title()


def area(entity_id: str, population: int | None = None) -> Area:
    return Area(id=entity_id, name=title(entity_id), population=population)


def fp(entity_id: str, family: str, *areas: str) -> Footprint:
    return Footprint(id=entity_id, name=title(entity_id), family=family, areas=tuple(areas))


def line(target: str, kind: str = "accountable_to", **dates: Any) -> ReportingLine:
    return ReportingLine(target=target, type=kind, **dates)


def org(entity_id: str, kind: str = "local_authority", *, footprint: str | None = None,
        devolved: bool = True, elected: bool = False,
        lines: Sequence[ReportingLine] = ()) -> Organisation:
    return Organisation(id=entity_id, name=title(entity_id), kind=kind, devolved=devolved,
                        elected=elected, footprint=footprint, reporting_lines=tuple(lines))


def seat(organisation: str, role: str = "member") -> Membership:
    return Membership(organisation=organisation, role=role)


def body(entity_id: str, footprint: str, *, level: str = "local", kind: str = "other",
         themes: Iterable[str] = (), members: Iterable[Membership | str] = (),
         lines: Sequence[ReportingLine] = (), duties: Iterable[str] = (),
         statutory: bool = True, **extra: Any) -> Body:
    return Body(
        id=entity_id, name=title(entity_id), kind=kind, level=level, footprint=footprint,
        themes=tuple(themes),
        members=tuple(m if isinstance(m, Membership) else seat(m) for m in members),
        reporting_lines=tuple(lines),
        discharges=tuple(DutyAssignment(duty=d) for d in duties),
        statutory_basis=StatutoryBasis(act="Some Act 2000") if statutory else None,
        **extra,
    )


def duty(entity_id: str, applies_per: str = "local_authority",
         required: Iterable[str] = ()) -> Duty:
    return Duty(id=entity_id, name=title(entity_id), law="Some Act 2000",
                applies_per=applies_per, required_members=tuple(required))


def world(*, areas: Iterable[Area] = (), footprints: Iterable[Footprint] = (),
          orgs: Iterable[Organisation] = (), bodies: Iterable[Body] = (),
          duties: Iterable[Duty] = ()) -> Landscape:
    """A landscape; with no areas given, one area per id found in the footprints."""
    footprints = list(footprints)
    areas = list(areas) or [area(a) for a in sorted({a for f in footprints for a in f.areas})]
    return Landscape.build(areas, footprints, list(orgs), list(bodies), list(duties))
