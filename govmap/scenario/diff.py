"""Compare two landscapes: what structure changed, and what that does to every measure.

``diff(before, after)`` compares two landscapes (a landscape and a scenario applied to it,
two versions of a data set, or one data set at two dates) and returns a :class:`Diff`:

- **bodies, organisations, footprints and duties** added, removed and changed, attribute
  by attribute (a body's members, lines and duties are compared separately, below);
- **memberships** (an organisation's seat on a body), **reporting lines** and **duty
  assignments** (a body discharging a duty) added, removed and changed;
- **duty homes**: for each duty, the areas where some body discharged it before and none
  does after (the duty has lost its home there) and the reverse;
- **metrics** (:mod:`govmap.scenario.deltas`): the change in every table and finding of the
  report, when the report module is available.

Entities are matched by id; a membership by (body, organisation), a line by (source,
target, type) and an assignment by (body, duty), so a merged body's seats show as seats
removed from the old bodies and added on the new one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel

from govmap.metrics.common import body_areas, paused_gc
from govmap.model.entities import Body, Organisation
from govmap.model.landscape import Landscape
from govmap.scenario.deltas import MetricsDiff, metrics_diff

#: Fields compared separately (as memberships, lines and assignments), not as attributes.
_RELATIONS = {"members", "reporting_lines", "discharges"}


@dataclass(frozen=True)
class Change:
    """One attribute that differs: its name and its two values (as JSON would show them)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class EntityChange:
    """An entity present on both sides whose attributes differ."""

    id: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class TableDiff:
    """Ids added and removed, and entities changed, in one table of the landscape."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[EntityChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Seat:
    """A membership: ``organisation`` sits on ``body`` as ``role``."""

    body: str
    organisation: str
    role: str


@dataclass(frozen=True)
class SeatChange:
    """A membership present on both sides whose role, dates or sources differ."""

    body: str
    organisation: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Line:
    """A reporting line from ``source`` (a body or organisation) to ``target``."""

    source: str
    target: str
    type: str


@dataclass(frozen=True)
class LineChange:
    """A line present on both sides whose dates or sources differ."""

    source: str
    target: str
    type: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Assignment:
    """A duty assignment: ``body`` discharges ``duty``."""

    body: str
    duty: str


@dataclass(frozen=True)
class DutyHome:
    """Where a duty gained or lost a body to discharge it.

    ``lost`` holds the areas covered by some body discharging the duty before and by none
    after: a statutory duty with no home there. ``gained`` is the reverse.
    """

    duty: str
    lost: tuple[str, ...] = ()
    gained: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeatCount:
    """How many bodies an organisation sits on, before and after (only when it changed)."""

    organisation: str
    before: int
    after: int


@dataclass(frozen=True)
class Diff:
    """Everything that differs between two landscapes (see the module docstring)."""

    before_date: dt.date | None
    after_date: dt.date | None
    bodies: TableDiff = TableDiff()
    organisations: TableDiff = TableDiff()
    footprints: TableDiff = TableDiff()
    duties: TableDiff = TableDiff()
    seats_added: tuple[Seat, ...] = ()
    seats_removed: tuple[Seat, ...] = ()
    seats_changed: tuple[SeatChange, ...] = ()
    lines_added: tuple[Line, ...] = ()
    lines_removed: tuple[Line, ...] = ()
    lines_changed: tuple[LineChange, ...] = ()
    assignments_added: tuple[Assignment, ...] = ()
    assignments_removed: tuple[Assignment, ...] = ()
    duty_homes: tuple[DutyHome, ...] = ()
    seat_counts: tuple[SeatCount, ...] = ()
    totals: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    metrics: MetricsDiff | None = None
    metrics_note: str | None = None
    names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def structural(self) -> bool:
        """True when the structure differs (any entity, seat, line or assignment)."""
        return bool(
            self.bodies or self.organisations or self.footprints or self.duties
            or self.seats_added or self.seats_removed or self.seats_changed
            or self.lines_added or self.lines_removed or self.lines_changed
            or self.assignments_added or self.assignments_removed
        )

    def is_empty(self) -> bool:
        """True when nothing differs: no structural change and no metric change."""
        return not self.structural and not self.duty_homes and (
            self.metrics is None or self.metrics.is_empty())

    def name(self, ident: str) -> str:
        """The display name of any id on either side."""
        return self.names.get(ident, ident)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: every section, with ids (and ``names`` to look them up)."""
        data = asdict(self)
        data["before_date"] = self.before_date.isoformat() if self.before_date else None
        data["after_date"] = self.after_date.isoformat() if self.after_date else None
        data["metrics"] = self.metrics.to_dict() if self.metrics is not None else None
        data["totals"] = {k: list(v) for k, v in self.totals.items()}
        data["names"] = dict(sorted(self.names.items()))
        return data


# -- comparing ----------------------------------------------------------------------------


def _dump(entity: BaseModel, exclude: set[str]) -> dict[str, Any]:
    return entity.model_dump(mode="json", exclude=exclude)


def _changes(a: BaseModel, b: BaseModel, exclude: set[str]) -> tuple[Change, ...]:
    left, right = _dump(a, exclude), _dump(b, exclude)
    return tuple(Change(k, left.get(k), right.get(k))
                 for k in sorted(left.keys() | right.keys()) if left.get(k) != right.get(k))


def _table(before: Mapping[str, BaseModel], after: Mapping[str, BaseModel],
           exclude: set[str] = frozenset(),  # type: ignore[assignment]
           touched: Iterable[str] | None = None) -> TableDiff:
    """Ids added and removed and entities changed; only ``touched`` (see :func:`_touched`)
    can differ, when given."""
    added = tuple(sorted(k for k in after if k not in before))
    removed = tuple(sorted(k for k in before if k not in after))
    changed = []
    for key in sorted(before.keys() & after.keys() if touched is None
                      else {k for k in touched if k in before and k in after}):
        a, b = before[key], after[key]
        if a is b or a == b:
            continue
        changes = _changes(a, b, exclude)
        if changes:
            changed.append(EntityChange(key, changes))
    return TableDiff(added, removed, tuple(changed))


def _touched(before: Mapping[str, BaseModel], after: Mapping[str, BaseModel]) -> set[str]:
    """Ids whose entity is not the very same object on both sides (changed, added or
    removed): what a scenario left alone is shared by the landscape before and after (see
    :func:`govmap.scenario.apply.run`), so only these can differ."""
    found = {k for k, v in before.items() if after.get(k) is not v}
    found.update(k for k in after if k not in before)
    return found


def _keyed(items: Iterable[tuple[tuple[str, ...], BaseModel]]
           ) -> dict[tuple[str | int, ...], BaseModel]:
    """Index relation items by key, numbering repeats of a key (a seat held twice)."""
    out: dict[tuple[str | int, ...], BaseModel] = {}
    counts: dict[tuple[str, ...], int] = {}
    for key, item in items:
        n = counts.get(key, 0)
        counts[key] = n + 1
        out[(*key, n)] = item
    return out


# A relation's key starts with the id of the body (or organisation) that holds it, so the
# relations of a body that is the same object on both sides are the same on both sides:
# each of these reads only the bodies (and organisations) given, and a diff gives those it
# touched.


def _bodies(landscape: Landscape, ids: Iterable[str] | None) -> Iterable[Body]:
    if ids is None:
        return landscape.bodies.values()
    return [landscape.bodies[i] for i in ids if i in landscape.bodies]


def _seats(landscape: Landscape, ids: Iterable[str] | None = None
           ) -> Iterator[tuple[tuple[str, ...], BaseModel]]:
    for body in _bodies(landscape, ids):
        for member in body.members:
            yield (body.id, member.member), member


def _lines(landscape: Landscape, ids: Iterable[str] | None = None
           ) -> Iterator[tuple[tuple[str, ...], BaseModel]]:
    actors: list[Body | Organisation]
    if ids is None:
        actors = [*landscape.bodies.values(), *landscape.organisations.values()]
    else:  # a body's lines before an organisation's of the same id, as above
        ids = list(ids)
        actors = [*_bodies(landscape, ids),
                  *(landscape.organisations[i] for i in ids if i in landscape.organisations)]
    for actor in actors:
        for line in actor.reporting_lines:
            yield (actor.id, line.target, line.type), line


def _assignments(landscape: Landscape, ids: Iterable[str] | None = None
                 ) -> Iterator[tuple[tuple[str, ...], BaseModel]]:
    for body in _bodies(landscape, ids):
        for assignment in body.discharges:
            yield (body.id, assignment.duty), assignment


def _relation(before: dict[tuple[str | int, ...], BaseModel],
              after: dict[tuple[str | int, ...], BaseModel], exclude: set[str]
              ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]],
                         list[tuple[tuple[Any, ...], tuple[Change, ...]]]]:
    added = sorted(((k, v) for k, v in after.items() if k not in before), key=_first)
    removed = sorted(((k, v) for k, v in before.items() if k not in after), key=_first)
    changed = []
    for key, a in before.items():
        b = after.get(key)
        if b is None or a is b or a == b:
            continue
        changes = _changes(a, b, exclude)
        if changes:
            changed.append((key, changes))
    changed.sort(key=_first)
    return ([(*k[:-1], v) for k, v in added], [(*k[:-1], v) for k, v in removed], changed)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _covered(landscape: Landscape) -> dict[str, set[str]]:
    """For each duty, the areas covered by the bodies that discharge it."""
    covered: dict[str, set[str]] = {}
    for body in landscape.bodies.values():
        if not body.discharges:
            continue
        areas = body_areas(landscape, body.id)
        for assignment in body.discharges:
            covered.setdefault(assignment.duty, set()).update(areas)
    return covered


def duty_homes(before: Landscape, after: Landscape) -> tuple[DutyHome, ...]:
    """Where each duty lost or gained a body to discharge it (see :class:`DutyHome`)."""
    a, b = _covered(before), _covered(after)
    homes = []
    for duty in sorted(a.keys() | b.keys()):
        lost = tuple(sorted(a.get(duty, set()) - b.get(duty, set())))
        gained = tuple(sorted(b.get(duty, set()) - a.get(duty, set())))
        if lost or gained:
            homes.append(DutyHome(duty, lost, gained))
    return tuple(homes)


def _seats_per_organisation(landscape: Landscape, ids: Iterable[str] | None = None
                            ) -> Counter[str]:
    counts: Counter[str] = Counter()
    for body in _bodies(landscape, ids):
        counts.update({m.member for m in body.members})
    return counts


def seat_counts(before: Landscape, after: Landscape, touched: Iterable[str] = (),
                bodies: Collection[str] | None = None) -> tuple[SeatCount, ...]:
    """Seats (bodies it is a member of) of each organisation whose seats changed.

    Listed: every organisation whose count changed, and those in ``touched`` (an
    organisation that leaves one body and joins another keeps its count but moves).
    ``bodies``, when given, holds the ids of every body that is not the same object on
    both sides (the counts after are then the counts before, moved by those bodies).
    """
    a = _seats_per_organisation(before)
    if bodies is None:
        b = _seats_per_organisation(after)
    else:
        b = a.copy()
        b.subtract(_seats_per_organisation(before, bodies))
        b.update(_seats_per_organisation(after, bodies))
    keep = set(touched)
    return tuple(SeatCount(org, a.get(org, 0), b.get(org, 0))
                 for org in sorted(a.keys() | b.keys() | keep)
                 if a.get(org, 0) != b.get(org, 0) or org in keep)


def names_of(*landscapes: Landscape) -> dict[str, str]:
    """Display names of every id in the landscapes (the later landscape wins)."""
    names: dict[str, str] = {}
    for landscape in landscapes:
        for table in (landscape.areas, landscape.footprints, landscape.duties,
                      landscape.organisations, landscape.bodies):
            names.update({k: v.name for k, v in table.items()})
    return names


def structural_diff(before: Landscape, after: Landscape) -> Diff:
    """The structural part of :func:`diff` (no metrics).

    Costs what differs: a body or organisation that is the same object on both sides (as
    a scenario leaves what it does not touch) is not compared, nor are its relations.
    """
    bodies = _touched(before.bodies, after.bodies)
    actors = bodies | _touched(before.organisations, after.organisations)
    seats = _relation(_keyed(_seats(before, bodies)), _keyed(_seats(after, bodies)),
                      {"organisation"})
    lines = _relation(_keyed(_lines(before, actors)), _keyed(_lines(after, actors)),
                      {"target", "type"})
    duties = _relation(_keyed(_assignments(before, bodies)),
                       _keyed(_assignments(after, bodies)), {"duty"})
    return Diff(
        before_date=before.as_at_date,
        after_date=after.as_at_date,
        bodies=_table(before.bodies, after.bodies, _RELATIONS, bodies),
        organisations=_table(before.organisations, after.organisations, {"reporting_lines"},
                             actors),
        footprints=_table(before.footprints, after.footprints),
        duties=_table(before.duties, after.duties),
        seats_added=tuple(Seat(b, o, m.role) for b, o, m in seats[0]),
        seats_removed=tuple(Seat(b, o, m.role) for b, o, m in seats[1]),
        seats_changed=tuple(SeatChange(k[0], k[1], c) for k, c in seats[2]),
        lines_added=tuple(Line(s, t, k) for s, t, k, _ in lines[0]),
        lines_removed=tuple(Line(s, t, k) for s, t, k, _ in lines[1]),
        lines_changed=tuple(LineChange(k[0], k[1], k[2], c) for k, c in lines[2]),
        assignments_added=tuple(Assignment(b, d) for b, d, _ in duties[0]),
        assignments_removed=tuple(Assignment(b, d) for b, d, _ in duties[1]),
        duty_homes=duty_homes(before, after),
        seat_counts=seat_counts(before, after, {o for _, o, _ in seats[0] + seats[1]}
                                | {k[1] for k, _ in seats[2]}, bodies),
        totals={
            "bodies": (len(before.bodies), len(after.bodies)),
            "organisations": (len(before.organisations), len(after.organisations)),
            "seats": (sum(len(b.members) for b in before.bodies.values()),
                      sum(len(b.members) for b in after.bodies.values())),
            "statutory bodies": (sum(b.is_statutory for b in before.bodies.values()),
                                 sum(b.is_statutory for b in after.bodies.values())),
        },
        names=names_of(before, after),
    )


def report_data(report: Any) -> dict[str, Any]:
    """A report's tables and findings as plain data, the shape of ``Report.to_dict()``.

    Cheaper than ``to_dict()`` (no deep copy or rounding: :mod:`govmap.scenario.deltas`
    rounds the numbers it compares), which matters when a scenario is tried many times.
    """
    from govmap.report import TABLES  # type: ignore[import-not-found,unused-ignore]

    data: dict[str, Any] = {"as_at": report.as_at, "summary": report.summary}
    for name in TABLES:
        data[name] = getattr(report, name)
    data["findings"] = [{"code": f.code, "severity": f.severity, "subjects": list(f.subjects),
                         "key": list(f.key or f.subjects), "message": f.message,
                         "evidence": f.evidence} for f in report.findings]
    return data


def build_reports(before: Landscape, after: Landscape
                  ) -> tuple[Mapping[str, Any], Mapping[str, Any]] | str:
    """The report of each landscape as plain data, or why it could not be made."""
    try:
        from govmap.report import (  # type: ignore[import-not-found,unused-ignore]
            reports_to_compare,
        )
    except ImportError:
        return "the report module (govmap.report) is not available, so metric changes are " \
            "not shown"
    # the duplicate pairs of what the change left alone are the same on both sides: the
    # two reports leave them out and count them (see reports_to_compare)
    first, second = reports_to_compare(before, after)
    return report_data(first), report_data(second)


def diff(before: Landscape, after: Landscape, *,
         reports: tuple[Mapping[str, Any], Mapping[str, Any]] | None = None,
         metrics: bool = True) -> Diff:
    """Compare two landscapes.

    Parameters
    ----------
    before, after : Landscape
        The two landscapes, usually dated views (``landscape.as_at(day)``).
    reports : (dict, dict), optional
        ``Report.to_dict()`` of each side, if already computed; otherwise they are built.
    metrics : bool
        Compare the reports too (the structural diff alone is much cheaper).

    Returns
    -------
    Diff
        Empty (``diff.is_empty()``) exactly when the two landscapes hold the same entities,
        seats, lines and duty assignments, and every measure is unchanged.

    Examples
    --------
    >>> diff(landscape, landscape).is_empty()  # doctest: +SKIP
    True
    """
    # the collector would rescan the millions of rows of two reports again and again
    # (see govmap.metrics.common.paused_gc); nothing here makes reference cycles
    with paused_gc():
        result = structural_diff(before, after)
        if not metrics:
            return result
        if reports is None:
            built = build_reports(before, after)
            if isinstance(built, str):
                return _with(result, metrics_note=built)
            reports = built
        return _with(result, metrics=metrics_diff(reports[0], reports[1]))


def _with(result: Diff, **changes: Any) -> Diff:
    from dataclasses import replace

    return replace(result, **changes)
