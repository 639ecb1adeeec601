"""The landscape: every entity of a governance map, with each reference resolved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from govmap.model.dates import describe_period
from govmap.model.entities import (
    Area,
    Arrangement,
    Body,
    Document,
    Duty,
    DutyAssignment,
    Entity,
    Footprint,
    Membership,
    Organisation,
    Provenance,
    ReportingLine,
)
from govmap.model.problems import Location

T = TypeVar("T", bound=Provenance)


def _index(items: Iterable[T]) -> dict[str, T]:
    return {item.id: item for item in items}  # type: ignore[attr-defined]


@dataclass(frozen=True, order=True)
class Omission:
    """A reference a dated view left out, and why (nothing is dropped silently)."""

    owner: str
    """The id of the entity (or arrangement) that made the reference."""
    what: str
    """What kind of reference: member, chair, reporting line, duty, parent, footprint,
    predecessor, union, area, psb or csp."""
    target: str
    """The id it pointed at."""
    reason: str
    """Why it was left out, in words."""

    def __str__(self) -> str:
        return f"{self.owner}: {self.what} '{self.target}' left out: {self.reason}"


@dataclass(frozen=True)
class Landscape:
    """A governance landscape: areas, footprints, organisations, bodies and duties.

    Built by :func:`govmap.model.load.load` (which checks every reference) or by code that
    keeps the same guarantees (scenarios, generators). Each footprint's ``areas`` holds every
    area it covers, with unions already resolved. Treat it as immutable: derive a new one
    with :meth:`as_at` or :func:`dataclasses.replace`.

    ``locations`` remembers where each entity was defined (file, line) so findings can point
    back at the input; it is not part of equality.
    """

    areas: Mapping[str, Area] = field(default_factory=dict)
    footprints: Mapping[str, Footprint] = field(default_factory=dict)
    organisations: Mapping[str, Organisation] = field(default_factory=dict)
    bodies: Mapping[str, Body] = field(default_factory=dict)
    duties: Mapping[str, Duty] = field(default_factory=dict)
    as_at_date: dt.date | None = None
    locations: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)
    arrangements: Mapping[str, Arrangement] = field(default_factory=dict)
    documents: Mapping[str, Document] = field(default_factory=dict)
    """The source registry, by key (see :mod:`govmap.citations`)."""
    omitted: tuple[Omission, ...] = field(default=(), compare=False, repr=False)
    """What :meth:`as_at` left out of this view, and why."""

    @classmethod
    def build(
        cls,
        areas: Iterable[Area] = (),
        footprints: Iterable[Footprint] = (),
        organisations: Iterable[Organisation] = (),
        bodies: Iterable[Body] = (),
        duties: Iterable[Duty] = (),
        *,
        as_at_date: dt.date | None = None,
        locations: Mapping[str, Location] | None = None,
        arrangements: Iterable[Arrangement] = (),
        documents: Iterable[Document] = (),
    ) -> Landscape:
        """Make a landscape from sequences of entities (ids must be unique)."""
        return cls(
            _index(areas), _index(footprints), _index(organisations), _index(bodies),
            _index(duties), as_at_date, dict(locations or {}), _index(arrangements),
            {d.key: d for d in documents},
        )

    # -- lookups -----------------------------------------------------------------------

    def name_of(self, entity_id: str) -> str:
        """The display name of any entity, or the id itself when unknown."""
        for table in (self.bodies, self.organisations, self.footprints, self.areas, self.duties):
            if entity_id in table:
                return table[entity_id].name
        return entity_id

    def find(self, text: str) -> list[str]:
        """Ids of the entities whose name, Welsh name or any dated (former) name contains
        ``text`` (case-insensitive), in the landscape's order."""
        needle = text.casefold().strip()
        found = []
        for entity in self.entities():
            names = entity.all_names if isinstance(entity, Entity) else (
                entity.name, entity.name_cy or "")
            if needle and any(needle in n.casefold() for n in names if n):
                found.append(entity.id)
        return found

    def actor(self, entity_id: str) -> Body | Organisation | None:
        """The body or organisation with this id (reporting lines may point at either)."""
        return self.bodies.get(entity_id) or self.organisations.get(entity_id)

    def footprint_areas(self, footprint_id: str) -> frozenset[str]:
        """GSS codes of the areas a footprint covers (empty when the footprint is unknown)."""
        footprint = self.footprints.get(footprint_id)
        return frozenset(footprint.areas) if footprint else frozenset()

    def body_areas(self, body_id: str) -> frozenset[str]:
        """GSS codes of the areas a body covers, through its footprint."""
        return self.footprint_areas(self.bodies[body_id].footprint)

    def population(self, areas: Iterable[str]) -> int | None:
        """Total population of some areas, or None when any population is unknown."""
        total = 0
        for area_id in areas:
            people = self.areas[area_id].population
            if people is None:
                return None
            total += people
        return total

    def entities(self) -> Iterator[Area | Footprint | Organisation | Body | Duty]:
        """Every entity, in a stable order."""
        yield from self.areas.values()
        yield from self.footprints.values()
        yield from self.organisations.values()
        yield from self.bodies.values()
        yield from self.duties.values()

    # -- dated views -------------------------------------------------------------------

    def as_at(self, on: dt.date) -> Landscape:
        """The landscape as it stood on day ``on``.

        Keeps the entities, memberships, reporting lines, chairs, duty assignments, required
        members and arrangements active that day (see :mod:`govmap.model.dates` for what
        "active" means), gives each entity the name it had that day, and drops references to
        anything no longer there, so the result is itself a valid landscape. Every dropped
        reference of a fact that was itself active is listed in ``omitted`` with the reason.
        A footprint that has ended is kept while an active body, organisation or arrangement
        still uses it.
        """

        def active(item: Provenance) -> bool:
            # is_active(item.start_date, item.end_date, on), inline: this runs for every
            # fact of the landscape
            start, end = item.start_date, item.end_date
            return (start is None or on >= start.first) and (end is None or on < end.first)

        omitted: list[Omission] = []

        def keep(owner: str, what: str, target: str, table: Mapping[str, Provenance],
                 everything: Mapping[str, Provenance]) -> bool:
            if target in table:
                return True
            if target in everything:
                lived = everything[target]
                omitted.append(Omission(owner, what, target, (
                    f"'{target}' was not active on {on.isoformat()} (it exists "
                    f"{_period(lived)})")))
            return False

        def renamed(entity: T) -> T:
            dated = entity.name_on(on) if isinstance(entity, Entity) and entity.names else None
            if dated is None:
                return entity
            return entity.model_copy(update={"name": dated.name, "name_cy": dated.name_cy})

        areas = {k: v for k, v in self.areas.items() if active(v)}
        orgs = {k: v for k, v in self.organisations.items() if active(v)}
        bodies = {k: v for k, v in self.bodies.items() if active(v)}
        duties = {k: v for k, v in self.duties.items() if active(v)}
        arrangements = {k: v for k, v in self.arrangements.items() if active(v)}
        used = {b.footprint for b in bodies.values()} | {
            o.footprint for o in orgs.values() if o.footprint
        } | {a.footprint for a in arrangements.values()}
        footprints = {
            k: v for k, v in self.footprints.items() if active(v) or k in used
        }
        actors: dict[str, Provenance] = {**orgs, **bodies}
        all_actors: dict[str, Provenance] = {**self.organisations, **self.bodies}

        # Each reference below is checked with ``in`` first: keep() is called (to note an
        # omission) only for the few that are not there; and most bodies have no duties,
        # chairs or predecessors: an empty tuple stays the empty tuple.
        def members(k: str, body: Body) -> tuple[Membership, ...]:
            if not body.members:
                return ()
            kept = []
            for m in body.members:
                # active(m), m.member and m.member_is_body, inline: this runs for every seat
                start, end = m.start_date, m.end_date
                if (start is not None and on < start.first) or (
                        end is not None and on >= end.first):
                    continue
                member = m.organisation if m.organisation is not None else str(m.body)
                if m.body is not None:
                    if member in bodies or keep(k, "member", member, bodies, self.bodies):
                        kept.append(m)
                elif member in orgs or keep(k, "member", member, orgs, self.organisations):
                    kept.append(m)
            return tuple(kept)

        def lines(k: str, actor: Body | Organisation) -> tuple[ReportingLine, ...]:
            if not actor.reporting_lines:
                return ()
            return tuple(line for line in actor.reporting_lines if active(line) and (
                line.target in actors
                or keep(k, "reporting line", line.target, actors, all_actors)))

        def discharges(k: str, actor: Body | Organisation) -> tuple[DutyAssignment, ...]:
            if not actor.discharges:
                return ()
            return tuple(d for d in actor.discharges if active(d) and (
                d.duty in duties or keep(k, "duty", d.duty, duties, self.duties)))

        new_footprints = {
            k: renamed(v).model_copy(update={
                "areas": tuple(a for a in v.areas if keep(k, "area", a, areas, self.areas)),
                "union": tuple(u for u in v.union
                               if keep(k, "union", u, footprints, self.footprints)),
                "predecessors": tuple(p for p in v.predecessors
                                      if keep(k, "predecessor", p, footprints, self.footprints)),
            })
            for k, v in footprints.items()
        }
        new_orgs = {
            k: renamed(v).model_copy(update={
                "footprint": v.footprint if v.footprint and keep(
                    k, "footprint", v.footprint, footprints, self.footprints) else None,
                "parent": v.parent if v.parent and keep(
                    k, "parent", v.parent, orgs, self.organisations) else None,
                "reporting_lines": lines(k, v),
                "discharges": discharges(k, v),
                "predecessors": tuple(p for p in v.predecessors if keep(
                    k, "predecessor", p, orgs, self.organisations)),
            })
            for k, v in orgs.items()
        }
        new_bodies = {
            k: renamed(v).model_copy(update={
                "chair": v.chair if v.chair and keep(
                    k, "chair", v.chair, orgs, self.organisations) else None,
                "chairs": tuple(c for c in v.chairs if active(c) and keep(
                    k, "chair", c.organisation, orgs, self.organisations)) if v.chairs else (),
                "members": members(k, v),
                "reporting_lines": lines(k, v),
                "discharges": discharges(k, v),
                "predecessors": tuple(p for p in v.predecessors if keep(
                    k, "predecessor", p, bodies, self.bodies)) if v.predecessors else (),
            })
            for k, v in bodies.items()
        }
        new_duties = {
            k: renamed(v).model_copy(update={
                "required_members": tuple(r for r in v.required_members if active(r)),
            })
            for k, v in duties.items()
        }
        new_arrangements = {
            k: v.model_copy(update={
                "psb": v.psb if v.psb and keep(k, "psb", v.psb, bodies, self.bodies) else None,
                "csp": v.csp if v.csp and keep(k, "csp", v.csp, bodies, self.bodies) else None,
            })
            for k, v in arrangements.items()
        }
        return replace(
            self, areas=areas, footprints=new_footprints, organisations=new_orgs,
            bodies=new_bodies, duties=new_duties, arrangements=new_arrangements, as_at_date=on,
            omitted=tuple(sorted(set(omitted))),
        )

    def span(self) -> tuple[dt.date | None, dt.date | None]:
        """The earliest start date and the latest start or end date in the landscape."""
        days: list[dt.date] = []
        for entity in self.entities():
            for bound in (entity.start_date, entity.end_date):
                if bound is not None:
                    days.append(bound.first)
        return (min(days), max(days)) if days else (None, None)


def _period(item: Provenance) -> str:
    return describe_period(item.start_date, item.end_date)
