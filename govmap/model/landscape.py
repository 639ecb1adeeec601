"""The landscape: every entity of a governance map, with each reference resolved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from govmap.model.dates import is_active
from govmap.model.entities import (
    Area,
    Body,
    Duty,
    Footprint,
    Organisation,
    Provenance,
)
from govmap.model.problems import Location

T = TypeVar("T", bound=Provenance)


def _index(items: Iterable[T]) -> dict[str, T]:
    return {item.id: item for item in items}  # type: ignore[attr-defined]


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
    ) -> Landscape:
        """Make a landscape from sequences of entities (ids must be unique)."""
        return cls(
            _index(areas), _index(footprints), _index(organisations), _index(bodies),
            _index(duties), as_at_date, dict(locations or {}),
        )

    # -- lookups -----------------------------------------------------------------------

    def name_of(self, entity_id: str) -> str:
        """The display name of any entity, or the id itself when unknown."""
        for table in (self.bodies, self.organisations, self.footprints, self.areas, self.duties):
            if entity_id in table:
                return table[entity_id].name
        return entity_id

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

        Keeps the entities, memberships, reporting lines and duty assignments active that
        day (see :mod:`govmap.model.dates` for what "active" means) and drops references to
        anything no longer there, so the result is itself a valid landscape. A footprint
        that has ended is kept while an active body or organisation still uses it.
        """

        def active(item: Provenance) -> bool:
            return is_active(item.start_date, item.end_date, on)

        areas = {k: v for k, v in self.areas.items() if active(v)}
        orgs = {k: v for k, v in self.organisations.items() if active(v)}
        bodies = {k: v for k, v in self.bodies.items() if active(v)}
        duties = {k: v for k, v in self.duties.items() if active(v)}
        used = {b.footprint for b in bodies.values()} | {
            o.footprint for o in orgs.values() if o.footprint
        }
        footprints = {
            k: v for k, v in self.footprints.items() if active(v) or k in used
        }
        actors = orgs.keys() | bodies.keys()

        def fp_ok(fid: str) -> bool:
            return fid in footprints

        new_footprints = {
            k: v.model_copy(update={
                "areas": tuple(a for a in v.areas if a in areas),
                "union": tuple(u for u in v.union if fp_ok(u)),
                "predecessors": tuple(p for p in v.predecessors if fp_ok(p)),
            })
            for k, v in footprints.items()
        }
        new_orgs = {
            k: v.model_copy(update={
                "footprint": v.footprint if v.footprint and fp_ok(v.footprint) else None,
                "parent": v.parent if v.parent in orgs else None,
                "reporting_lines": tuple(
                    line for line in v.reporting_lines if active(line) and line.target in actors
                ),
                "predecessors": tuple(p for p in v.predecessors if p in orgs),
            })
            for k, v in orgs.items()
        }
        new_bodies = {
            k: v.model_copy(update={
                "chair": v.chair if v.chair in orgs else None,
                "members": tuple(
                    m for m in v.members if active(m) and m.organisation in orgs
                ),
                "reporting_lines": tuple(
                    line for line in v.reporting_lines if active(line) and line.target in actors
                ),
                "discharges": tuple(d for d in v.discharges if active(d) and d.duty in duties),
                "predecessors": tuple(p for p in v.predecessors if p in bodies),
            })
            for k, v in bodies.items()
        }
        return replace(
            self, areas=areas, footprints=new_footprints, organisations=new_orgs,
            bodies=new_bodies, duties=duties, as_at_date=on,
        )

    def span(self) -> tuple[dt.date | None, dt.date | None]:
        """The earliest start date and the latest start or end date in the landscape."""
        days: list[dt.date] = []
        for entity in self.entities():
            for bound in (entity.start_date, entity.end_date):
                if bound is not None:
                    days.append(bound.first)
        return (min(days), max(days)) if days else (None, None)
