"""Duties: is every statutory duty discharged, once, by a body that the law would recognise?

Measures
--------
- :func:`duty_coverage`: for every duty and every unit it applies to, the bodies that
  discharge it there.
- :func:`findings`: ``duty-gap``, ``duty-duplication``, ``weaker-footing`` and
  ``non-statutory-discharge``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from govmap.metrics.common import (
    Row,
    and_list,
    body_areas,
    footprint_areas,
    label,
    namer,
    names,
    per_landscape,
    sorted_by_name,
)
from govmap.metrics.findings import Finding
from govmap.model import vocab
from govmap.model.entities import Body, Duty, Organisation
from govmap.model.landscape import Landscape

A = TypeVar("A", Body, Organisation)

GAP = "gap"
COVERED = "covered"
DUPLICATED = "duplicated"


def units(landscape: Landscape, duty: Duty) -> list[str]:
    """The footprints a duty applies to: every footprint of its ``applies_per`` family
    that covers at least one area, by name."""
    return sorted_by_name(landscape, [
        fid for fid, f in landscape.footprints.items()
        if f.family == duty.applies_per and f.areas
    ])


def missing_members(landscape: Landscape, body: Body, duty: Duty,
                    unit_areas: frozenset[str]) -> list[str]:
    """The organisation kinds ``duty`` requires that ``body`` lacks as statutory members for
    a unit, each written ``"police force"`` or ``"police force (South Wales Police attends
    only as invited participant)"``.

    A requirement is met by a member of that kind holding a statutory role (responsible
    authority or statutory member) whose home footprint shares an area with the unit (or
    who has no home footprint), or when the body is itself a sub-group of an organisation
    of that kind (a council's own scrutiny committee is the council acting).
    """
    return _Seats(landscape).missing(body, duty.required_kinds(landscape.as_at_date),
                                     unit_areas)


class _Seats:
    """:func:`missing_members` for many bodies and units of one landscape: each
    organisation's home areas are looked up once, and a member's home is looked at only
    when it is of the kind required."""

    def __init__(self, landscape: Landscape) -> None:
        self.landscape = landscape
        self.orgs = landscape.organisations
        self.index = namer(landscape)
        self.homes: dict[str, frozenset[str]] = {}

    def touches(self, org_id: str, org: Organisation, unit_areas: frozenset[str]) -> bool:
        """True when the organisation's home footprint touches the unit (or it has none)."""
        home = self.homes.get(org_id)
        if home is None:
            home = self.homes[org_id] = (footprint_areas(self.landscape, org.footprint)
                                         if org.footprint else frozenset())
        return not home or not home.isdisjoint(unit_areas)

    def missing(self, body: Body, kinds: Sequence[str], unit_areas: frozenset[str]
                ) -> list[str]:
        """:func:`missing_members`, given the kinds the duty requires that day."""
        orgs = self.orgs
        parents = {line.target for line in body.reporting_lines if line.type == "sub_group_of"}
        missing: list[str] = []
        for kind in kinds:
            weaker: list[str] = []
            met = any((org := orgs.get(parent)) is not None and org.kind == kind
                      and self.touches(parent, org, unit_areas) for parent in parents)
            for member in body.members:
                if met:
                    break
                # member.member, inline: this runs for every seat, for every kind and unit
                member_id = (member.organisation if member.organisation is not None
                             else str(member.body))
                org = orgs.get(member_id)
                if org is None or org.kind != kind or not self.touches(member_id, org, unit_areas):
                    continue
                if member.role in vocab.STATUTORY_ROLES:
                    met = True
                else:
                    weaker.append(f"{self.index.name(member_id)} attends only as "
                                  f"{label(member.role)}")
            if met:
                continue
            what = label(kind)
            missing.append(f"{what} ({'; '.join(weaker)})" if weaker else what)
        return missing


def _listing(actors: Iterable[A]) -> dict[str, list[A]]:
    """Duty id -> the actors that list it, in order."""
    listing: dict[str, list[A]] = defaultdict(list)
    for actor in actors:
        if not actor.discharges:  # most bodies
            continue
        for duty_id in dict.fromkeys(d.duty for d in actor.discharges):
            listing[duty_id].append(actor)
    return listing


#: What each body discharging a duty for a whole unit lacks ("; "-joined missing_members),
#: by (duty, unit, body), as duty_coverage worked it out, for the last few landscapes: the
#: weaker-footing findings say it again (a landscape is immutable, so it never goes stale).
@per_landscape
def _lacks_of(landscape: Landscape) -> dict[tuple[str, str, str], str]:
    """Filled by :func:`duty_coverage` (the one cache here that its users write to)."""
    return {}


def duty_coverage(landscape: Landscape) -> list[Row]:
    """For every duty and every unit it applies to, the bodies that discharge it there.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view: only active bodies and duty assignments count.

    Returns
    -------
    list of dict
        One row per (duty, unit), by duty then unit name: ``duty``, ``duty_name``,
        ``law``, ``unit``, ``unit_name``, ``bodies`` and ``body_names`` (bodies that
        discharge the duty there), ``organisations`` and ``organisation_names``
        (organisations the duty falls on there, from their own ``discharges``), ``status``
        (``gap``, ``covered`` or ``duplicated``),
        ``partial`` and ``partial_names`` (bodies that list the duty and cover only part of
        the unit), ``weaker_footing`` (bodies among ``bodies`` that lack a required
        statutory member for the unit) with ``weaker_footing_names``, and
        ``missing_members`` (``"body: what is missing"`` strings).

    Notes
    -----
    A duty's *units* are the footprints of the family it applies per (each council area
    for the Crime and Disorder Act strategy). A body *discharges* a duty in a unit when it
    lists the duty and its footprint contains every area of the unit. A duty may also fall
    on organisations (the Crime and Disorder Act s17 duty on each responsible authority):
    an organisation that lists the duty *holds* it in a unit when its home footprint
    contains every area of the unit (or it has no home footprint). A unit where no body
    discharges the duty and no organisation holds it is a **gap**; more than one body
    discharging it is a **duplication** (organisations each holding their own duty are
    not). A discharging body that lacks one of the
    duty's ``required_members`` as a statutory member (responsible authority or statutory
    member) whose home footprint touches the unit stands on a **weaker footing**: a public
    services board on which the police are only invited participants cannot bind them to
    a community safety strategy.

    Examples
    --------
    With the strategy duty requiring a council, the police and a health board: a PSB for
    Cardiff listing the duty, with Cardiff Council and the health board as statutory
    members and South Wales Police as an invited participant, discharges it for Cardiff
    on a weaker footing ("police force (South Wales Police attends only as invited
    participant)"); Newport, where nobody lists the duty, is a gap.
    """
    rows: list[Row] = []
    seats = _Seats(landscape)
    said = _lacks_of(landscape)
    index = seats.index
    # the organisations and the bodies that list each duty, in the landscape's order
    org_lists = _listing(landscape.organisations.values())
    body_lists = _listing(landscape.bodies.values())
    for duty in sorted(landscape.duties.values(), key=lambda d: (d.name.lower(), d.id)):
        kinds = duty.required_kinds(landscape.as_at_date)
        unit_ids = units(landscape, duty)
        unit_areas = {u: footprint_areas(landscape, u) for u in unit_ids}
        by_area: dict[str, list[str]] = defaultdict(list)
        for unit_id in unit_ids:
            for area in unit_areas[unit_id]:
                by_area[area].append(unit_id)
        full: dict[str, list[str]] = defaultdict(list)
        part: dict[str, list[str]] = defaultdict(list)
        held: dict[str, list[str]] = defaultdict(list)
        for org in org_lists.get(duty.id, ()):
            home = footprint_areas(landscape, org.footprint) if org.footprint else None
            for unit_id in unit_ids:
                if home is None or unit_areas[unit_id] <= home:
                    held[unit_id].append(org.id)
        for body in body_lists.get(duty.id, ()):
            covered = body_areas(landscape, body.id)
            touched = {u for area in covered for u in by_area.get(area, ())}
            for unit_id in touched:
                (full if unit_areas[unit_id] <= covered else part)[unit_id].append(body.id)
        for unit_id in unit_ids:
            bodies = sorted(full.get(unit_id, []), key=index.key)
            partial = sorted(part.get(unit_id, []), key=index.key)
            holders = sorted(held.get(unit_id, []), key=index.key)
            weaker: list[str] = []
            missing: list[str] = []
            for body_id in bodies:
                lacks = seats.missing(landscape.bodies[body_id], kinds, unit_areas[unit_id])
                said[duty.id, unit_id, body_id] = "; ".join(lacks)
                if lacks:
                    weaker.append(body_id)
                    missing.append(f"{index.name(body_id)}: {'; '.join(lacks)}")
            rows.append({
                "duty": duty.id, "duty_name": duty.name,
                "law": f"{duty.law} {duty.section or ''}".strip(),
                "unit": unit_id, "unit_name": index.name(unit_id),
                "bodies": bodies, "body_names": names(landscape, bodies),
                "organisations": holders, "organisation_names": names(landscape, holders),
                "status": (GAP if not bodies and not holders
                           else DUPLICATED if len(bodies) > 1 else COVERED),
                "partial": partial, "partial_names": names(landscape, partial),
                "weaker_footing": weaker, "weaker_footing_names": names(landscape, weaker),
                "missing_members": missing,
            })
    return rows


def findings(landscape: Landscape, coverage: Sequence[Row] | None = None) -> list[Finding]:
    """Duty findings.

    - ``duty-gap`` (high): nobody discharges a duty for a unit.
    - ``duty-duplication`` (medium): more than one body discharges it for a unit.
    - ``weaker-footing`` (medium): one per duty and body, listing the units where the
      body lacks a required statutory member.
    - ``non-statutory-discharge`` (medium): a body with no statutory basis lists a duty.
    """
    rows = duty_coverage(landscape) if coverage is None else coverage
    seats = _Seats(landscape)
    said = _lacks_of(landscape)
    # the kinds of member each duty requires on the landscape's day (every kind it ever
    # required, in an undated landscape), and in words
    kinds = {d: duty.required_kinds(landscape.as_at_date) for d, duty in landscape.duties.items()}
    required = {d: [label(kind) for kind in kinds[d]] for d in kinds}
    found: list[Finding] = []
    weaker: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row["status"] == GAP:
            partly = (f" ({and_list(row['partial_names'])} covers only part of it)"
                      if row["partial"] else "")
            found.append(Finding(
                code="duty-gap", severity="high", subjects=(row["duty"], row["unit"]),
                message=(f"Nobody discharges the {row['duty_name']} ({row['law']}) for "
                         f"{row['unit_name']}{partly}."),
                evidence={"duty": row["duty"], "duty_name": row["duty_name"],
                          "law": row["law"], "unit": row["unit"], "unit_name": row["unit_name"],
                          "required_members": list(required[row["duty"]]),
                          "partial": row["partial"], "partial_names": row["partial_names"]},
            ))
        elif row["status"] == DUPLICATED:
            found.append(Finding(
                code="duty-duplication", severity="medium",
                subjects=(row["duty"], row["unit"], *row["bodies"]),
                key=(row["duty"], row["unit"]),
                message=(f"{len(row['bodies'])} bodies discharge the {row['duty_name']} for "
                         f"{row['unit_name']}: {and_list(row['body_names'])}."),
                evidence={"duty": row["duty"], "duty_name": row["duty_name"],
                          "law": row["law"], "unit": row["unit"], "unit_name": row["unit_name"],
                          "bodies": row["bodies"], "body_names": row["body_names"]},
            ))
        for body_id in row["weaker_footing"]:
            what = said.get((row["duty"], row["unit"], body_id))
            if what is None:  # rows not from duty_coverage of this landscape
                what = "; ".join(seats.missing(landscape.bodies[body_id], kinds[row["duty"]],
                                               footprint_areas(landscape, row["unit"])))
            weaker[(row["duty"], body_id)].append({"unit": row["unit"],
                                                   "unit_name": row["unit_name"],
                                                   "lacks": what})
    for (duty_id, body_id), where in weaker.items():
        unit_names = [w["unit_name"] for w in where]
        lacks = sorted({w["lacks"] for w in where})
        found.append(Finding(
            code="weaker-footing", severity="medium",
            subjects=(body_id, duty_id, *(w["unit"] for w in where)), key=(body_id, duty_id),
            message=(f"{landscape.name_of(body_id)} discharges the "
                     f"{landscape.name_of(duty_id)} for {and_list(unit_names)} without a "
                     f"required statutory member: {'; '.join(lacks)}."),
            evidence={"duty": duty_id, "duty_name": landscape.name_of(duty_id),
                      "body": body_id, "body_name": landscape.name_of(body_id),
                      "units": [w["unit"] for w in where], "unit_names": unit_names,
                      "required_members": list(required[duty_id]),
                      "missing": lacks},
        ))
    for body in sorted((b for b in landscape.bodies.values() if b.discharges),
                       key=lambda b: b.id):
        if body.is_statutory:
            continue
        for duty_id in sorted({d.duty for d in body.discharges if d.duty in landscape.duties}):
            duty = landscape.duties[duty_id]
            found.append(Finding(
                code="non-statutory-discharge", severity="medium", subjects=(body.id, duty_id),
                message=(f"{body.name} has no statutory basis, yet discharges the "
                         f"{duty.name}, a duty under the {duty.law}."),
                evidence={"body": body.id, "body_name": body.name, "kind": body.kind,
                          "duty": duty_id, "duty_name": duty.name, "law": duty.law},
            ))
    return found

