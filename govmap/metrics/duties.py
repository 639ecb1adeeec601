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
from collections.abc import Sequence

from govmap.metrics.common import (
    Row,
    and_list,
    body_areas,
    footprint_areas,
    label,
    names,
    sorted_by_name,
)
from govmap.metrics.findings import Finding
from govmap.model import vocab
from govmap.model.entities import Body, Duty
from govmap.model.landscape import Landscape

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
    parents = {line.target for line in body.reporting_lines if line.type == "sub_group_of"}
    missing: list[str] = []
    for kind in duty.required_kinds(landscape.as_at_date):
        weaker: list[str] = []
        met = any(_serves(landscape, parent, kind, unit_areas) for parent in parents)
        for member in body.members:
            if met or not _serves(landscape, member.member, kind, unit_areas):
                continue
            if member.role in vocab.STATUTORY_ROLES:
                met = True
            else:
                name = landscape.name_of(member.member)
                weaker.append(f"{name} attends only as {label(member.role)}")
        if met:
            continue
        what = label(kind)
        missing.append(f"{what} ({'; '.join(weaker)})" if weaker else what)
    return missing


def _serves(landscape: Landscape, org_id: str, kind: str, unit_areas: frozenset[str]) -> bool:
    """True when ``org_id`` is an organisation of ``kind`` whose home footprint touches the
    unit (or who has none)."""
    org = landscape.organisations.get(org_id)
    if org is None or org.kind != kind:
        return False
    home = footprint_areas(landscape, org.footprint) if org.footprint else frozenset()
    return not home or not home.isdisjoint(unit_areas)


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
    for duty in sorted(landscape.duties.values(), key=lambda d: (d.name.lower(), d.id)):
        unit_ids = units(landscape, duty)
        unit_areas = {u: footprint_areas(landscape, u) for u in unit_ids}
        by_area: dict[str, list[str]] = defaultdict(list)
        for unit_id in unit_ids:
            for area in unit_areas[unit_id]:
                by_area[area].append(unit_id)
        full: dict[str, list[str]] = defaultdict(list)
        part: dict[str, list[str]] = defaultdict(list)
        held: dict[str, list[str]] = defaultdict(list)
        for org in landscape.organisations.values():
            if not any(d.duty == duty.id for d in org.discharges):
                continue
            home = footprint_areas(landscape, org.footprint) if org.footprint else None
            for unit_id in unit_ids:
                if home is None or unit_areas[unit_id] <= home:
                    held[unit_id].append(org.id)
        for body in landscape.bodies.values():
            if not any(d.duty == duty.id for d in body.discharges):
                continue
            covered = body_areas(landscape, body.id)
            touched = {u for area in covered for u in by_area.get(area, ())}
            for unit_id in touched:
                (full if unit_areas[unit_id] <= covered else part)[unit_id].append(body.id)
        for unit_id in unit_ids:
            bodies = sorted_by_name(landscape, full.get(unit_id, []))
            partial = sorted_by_name(landscape, part.get(unit_id, []))
            holders = sorted_by_name(landscape, held.get(unit_id, []))
            weaker: list[str] = []
            missing: list[str] = []
            for body_id in bodies:
                lacks = missing_members(landscape, landscape.bodies[body_id], duty,
                                        unit_areas[unit_id])
                if lacks:
                    weaker.append(body_id)
                    missing.append(f"{landscape.name_of(body_id)}: {'; '.join(lacks)}")
            rows.append({
                "duty": duty.id, "duty_name": duty.name,
                "law": f"{duty.law} {duty.section or ''}".strip(),
                "unit": unit_id, "unit_name": landscape.name_of(unit_id),
                "bodies": bodies, "body_names": names(landscape, bodies),
                "organisations": holders, "organisation_names": names(landscape, holders),
                "status": (GAP if not bodies and not holders
                           else DUPLICATED if len(bodies) > 1 else COVERED),
                "partial": partial, "partial_names": names(landscape, partial),
                "weaker_footing": weaker, "weaker_footing_names": names(landscape, weaker),
                "missing_members": missing,
            })
    return rows


def _required(landscape: Landscape, duty_id: str) -> list[str]:
    """The kinds of member a duty requires on the landscape's day (every kind it ever
    required, in an undated landscape), in words."""
    return [label(kind) for kind in
            landscape.duties[duty_id].required_kinds(landscape.as_at_date)]


def findings(landscape: Landscape, coverage: Sequence[Row] | None = None) -> list[Finding]:
    """Duty findings.

    - ``duty-gap`` (high): nobody discharges a duty for a unit.
    - ``duty-duplication`` (medium): more than one body discharges it for a unit.
    - ``weaker-footing`` (medium): one per duty and body, listing the units where the
      body lacks a required statutory member.
    - ``non-statutory-discharge`` (medium): a body with no statutory basis lists a duty.
    """
    rows = duty_coverage(landscape) if coverage is None else coverage
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
                          "required_members": _required(landscape, row["duty"]),
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
            lacks = missing_members(landscape, landscape.bodies[body_id],
                                    landscape.duties[row["duty"]],
                                    footprint_areas(landscape, row["unit"]))
            weaker[(row["duty"], body_id)].append({"unit": row["unit"],
                                                   "unit_name": row["unit_name"],
                                                   "lacks": "; ".join(lacks)})
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
                      "required_members": _required(landscape, duty_id),
                      "missing": lacks},
        ))
    for body in sorted(landscape.bodies.values(), key=lambda b: b.id):
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

