"""Every listed finding is a finding: each row on the embedded data meets its code's definition.

For each finding code, a check recomputes the definition from the landscape itself (not
from the metric's tables), on the embedded Wales data in mid-2017 and today. The data
changes, so nothing here counts findings; it checks that whatever is listed deserves to be,
and that the lists shown to people (body alignment, look-alike pairs, parallel seats,
straddles) hold only such rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from functools import cache

import pytest

from govmap.metrics.accountability import LONG_LINE_OF_SIGHT, NATIONAL_KINDS
from govmap.metrics.duplication import LIKELY_DUPLICATE, SUPPORT_KINDS, counted
from govmap.metrics.findings import CHECKED, CODES, THRESHOLDS, Finding
from govmap.metrics.seats import PARALLEL_SEATS
from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.report import LISTINGS, Report, build_report

DAYS = (dt.date(2017, 6, 30), dt.date.today())
UPWARD = vocab.UPWARD_LINE_TYPES


@cache
def wales() -> Landscape:
    return load()


@cache
def report(on: dt.date) -> Report:
    return build_report(wales(), on)


def view(on: dt.date) -> Landscape:
    return wales().as_at(on)


def _jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _ups(land: Landscape, actor_id: str) -> set[str]:
    actor = land.actor(actor_id)
    if actor is None:
        return set()
    return {ln.target for ln in actor.reporting_lines
            if ln.type in UPWARD and land.actor(ln.target) is not None}


def _above(land: Landscape, start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for up in _ups(land, stack.pop()):
            if up not in seen:
                seen.add(up)
                stack.append(up)
    return seen


def _ancestors(land: Landscape, body_id: str) -> set[str]:
    seen: set[str] = set()
    stack = [body_id]
    while stack:
        body = land.bodies.get(stack.pop())
        for ln in body.reporting_lines if body else ():
            if ln.type == "sub_group_of" and ln.target in land.bodies and ln.target not in seen:
                seen.add(ln.target)
                stack.append(ln.target)
    return seen


def _members(land: Landscape, body_id: str) -> set[str]:
    return {m.member for m in land.bodies[body_id].members}


def _straddles(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) and bool(a - b) and bool(b - a)


# -- one check per code: True when the finding meets its definition --------------------


def straddle(land: Landscape, f: Finding) -> bool:
    a, b = (land.footprints[x] for x in f.subjects)
    return a.family != b.family and _straddles(frozenset(a.areas), frozenset(b.areas))


def cuts_across(land: Landscape, f: Finding) -> bool:
    body, *cut = f.subjects
    homes = {land.organisations[o].footprint for o in _members(land, body)
             if o in land.organisations}
    return bool(cut) and all(
        fp in homes and _straddles(land.body_areas(body), land.footprint_areas(fp))
        for fp in cut)


def theme_duplication(land: Landscape, f: Finding) -> bool:
    theme, level = f.evidence["theme"], f.evidence["level"]
    bodies = [land.bodies[b] for b in f.subjects]
    return (len(bodies) >= 2
            and all(theme in b.themes and b.level == level for b in bodies)
            and all(b.kind != "scrutiny_committee" for b in bodies)
            and len({b.kind in SUPPORT_KINDS for b in bodies}) == 1
            and not any(a.id in _ancestors(land, b.id) for a in bodies for b in bodies)
            and bool(f.evidence["areas"])
            and all(set(f.evidence["areas"]) <= land.body_areas(b.id) for b in bodies))


def theme_gap(land: Landscape, f: Finding) -> bool:
    theme = f.evidence["theme"]
    covering = [b for b in land.bodies.values() if theme in b.themes]
    covered = {a for b in covering for a in land.body_areas(b.id)}
    worked = {a for b in land.bodies.values() if b.level != "national"
              for a in land.body_areas(b.id)}
    areas = set(f.subjects)
    boards = [b for b in covering if b.level in ("regional", "local")
              and b.kind not in SUPPORT_KINDS and b.kind != "scrutiny_committee"]
    return bool(boards) and bool(areas) and not areas & covered and areas <= worked


def likely_duplicate(land: Landscape, f: Finding) -> bool:
    a, b = (land.bodies[x] for x in f.subjects)
    score = (_jaccard(set(a.themes), set(b.themes))
             * _jaccard(land.body_areas(a.id), land.body_areas(b.id))
             * _jaccard(_members(land, a.id), _members(land, b.id)))
    return (score >= LIKELY_DUPLICATE and "scrutiny_committee" not in (a.kind, b.kind)
            and (a.kind in SUPPORT_KINDS) == (b.kind in SUPPORT_KINDS)
            and a.id not in _ancestors(land, b.id) and b.id not in _ancestors(land, a.id))


def parallel_seats(land: Landscape, f: Finding) -> bool:
    org, level = f.key
    boards = [land.bodies[b] for b in f.subjects[1:]]
    if not boards or any(org not in _members(land, b.id) or b.level != level
                         for b in boards):
        return False
    themes = {t for b in boards for t in b.themes}
    return max(len({b.footprint for b in boards if t in b.themes})
               for t in themes) >= PARALLEL_SEATS


def _discharging(land: Landscape, duty: str, unit: str) -> list[str]:
    areas = land.footprint_areas(unit)
    return [b.id for b in land.bodies.values() if any(d.duty == duty for d in b.discharges)
            and areas <= land.body_areas(b.id)]


def duty_gap(land: Landscape, f: Finding) -> bool:
    duty, unit = f.subjects
    return not _discharging(land, duty, unit)


def duty_duplication(land: Landscape, f: Finding) -> bool:
    duty, unit = f.key
    return len(_discharging(land, duty, unit)) >= 2


def weaker_footing(land: Landscape, f: Finding) -> bool:
    body_id, duty_id, *units = f.subjects
    body, duty = land.bodies[body_id], land.duties[duty_id]
    for unit in units:
        areas = land.footprint_areas(unit)
        if body_id not in _discharging(land, duty_id, unit):
            return False
        statutory_kinds = set()
        for m in body.members:
            org = land.organisations.get(m.organisation)
            home = land.footprint_areas(org.footprint) if org and org.footprint else frozenset()
            if org and m.role in vocab.STATUTORY_ROLES and (not home or home & areas):
                statutory_kinds.add(org.kind)
        parents = {land.organisations[ln.target].kind for ln in body.reporting_lines
                   if ln.type == "sub_group_of" and ln.target in land.organisations}
        if set(duty.required_members) <= statutory_kinds | parents:
            return False
    return bool(units)


def non_statutory_discharge(land: Landscape, f: Finding) -> bool:
    body, duty = f.subjects
    return not land.bodies[body].is_statutory and any(
        d.duty == duty for d in land.bodies[body].discharges)


def no_upward_line(land: Landscape, f: Finding) -> bool:
    return not _ups(land, f.subjects[0])


def _democratic(land: Landscape, actor_id: str) -> bool:
    actor = land.actor(actor_id)
    return actor is not None and (
        getattr(actor, "elected", False) or actor.kind in vocab.SOVEREIGN_KINDS)


def no_democratic_route(land: Landscape, f: Finding) -> bool:
    body = f.subjects[0]
    return not any(_democratic(land, a) for a in {body} | _above(land, body))


def too_many_masters(land: Landscape, f: Finding) -> bool:
    body = land.bodies[f.subjects[0]]
    return len({ln.target for ln in body.reporting_lines if ln.type == "accountable_to"
                and land.actor(ln.target) is not None}) >= 2


def reporting_cycle(land: Landscape, f: Finding) -> bool:
    members = set(f.subjects)
    return len(members) >= 2 and all(members - {m} <= _above(land, m) for m in members)


def no_scrutiny(land: Landscape, f: Finding) -> bool:
    body = f.subjects[0]
    chain = {body} | _above(land, body)
    for actor_id in chain:
        actor = land.actor(actor_id)
        assert actor is not None
        if actor.kind in vocab.SOVEREIGN_KINDS or any(
                ln.type == "scrutinised_by" and land.actor(ln.target) is not None
                for ln in actor.reporting_lines):
            return False
    return True


def orphaned_sub_group(land: Landscape, f: Finding, on: dt.date) -> bool:
    body, parent = f.subjects
    ended = wales().bodies[parent].end_date
    return body in land.bodies and parent not in land.bodies and ended is not None \
        and ended.first <= on


def devolution_crossing(land: Landscape, f: Finding) -> bool:
    sides = f.evidence["from_side"], f.evidence["to_side"]
    source = land.actor(f.subjects[0])
    return source is not None and sides[0] != sides[1] and any(
        ln.target == f.subjects[1] and ln.type == f.evidence["type"]
        for ln in source.reporting_lines)


def long_line_of_sight(land: Landscape, f: Finding) -> bool:
    route = list(f.subjects)
    top = land.actor(route[-1])
    national = top is not None and (getattr(top, "level", None) == "national"
                                    or top.kind in NATIONAL_KINDS)
    return (land.bodies[route[0]].level in ("local", "sub_local") and national
            and len(route) - 1 >= LONG_LINE_OF_SIGHT
            and all(b in _ups(land, a) for a, b in itertools.pairwise(route)))


CHECKS: dict[str, Callable[..., bool]] = {
    "straddle": straddle, "cuts-across": cuts_across,
    "theme-duplication": theme_duplication, "theme-gap": theme_gap,
    "likely-duplicate": likely_duplicate, "parallel-seats": parallel_seats,
    "duty-gap": duty_gap, "duty-duplication": duty_duplication,
    "weaker-footing": weaker_footing, "non-statutory-discharge": non_statutory_discharge,
    "no-upward-line": no_upward_line, "no-democratic-route": no_democratic_route,
    "too-many-masters": too_many_masters, "reporting-cycle": reporting_cycle,
    "no-scrutiny": no_scrutiny, "orphaned-sub-group": orphaned_sub_group,
    "devolution-crossing": devolution_crossing, "long-line-of-sight": long_line_of_sight,
}


def test_every_code_has_a_check_and_a_documented_threshold() -> None:
    assert set(CHECKS) == set(CODES) == set(THRESHOLDS)
    assert set(CHECKED) <= set(CODES)
    # the thresholds quote the constants the code uses
    assert f"{LIKELY_DUPLICATE}" in THRESHOLDS["likely-duplicate"]
    assert f"{PARALLEL_SEATS} or more" in THRESHOLDS["parallel-seats"]
    assert f"{LONG_LINE_OF_SIGHT} or more" in THRESHOLDS["long-line-of-sight"]


@pytest.mark.parametrize("on", DAYS, ids=str)
@pytest.mark.parametrize("code", sorted(CODES))
def test_every_listed_finding_meets_its_definition(code: str, on: dt.date) -> None:
    land = view(on)
    check = CHECKS[code]
    wrong = [f.message for f in report(on).findings if f.code == code
             and not (check(land, f, on) if code == "orphaned-sub-group" else check(land, f))]
    assert wrong == [], f"{len(wrong)} {code} findings do not meet the definition"


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_the_embedded_data_yields_findings_of_most_kinds(on: dt.date) -> None:
    # the checks above are not vacuous: the data gives findings for most codes
    codes = {f.code for f in report(on).findings}
    assert len(codes) >= 6
    assert {"no-democratic-route", "parallel-seats", "theme-duplication"} <= codes


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_finding_identities_are_unique(on: dt.date) -> None:
    ids = [f.identity for f in report(on).findings]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_every_body_listed_as_cutting_across_cuts_a_member_footprint(on: dt.date) -> None:
    land = view(on)
    listing = report(on).listing("body_alignment")
    assert listing.checked == len(report(on).body_alignment)
    for row in listing.rows:
        homes = {land.organisations[o].footprint for o in _members(land, row["body"])
                 if o in land.organisations}
        assert any(_straddles(land.body_areas(row["body"]), land.footprint_areas(fp))
                   for fp in homes if fp)
    # and every body that cuts across a member's footprint is listed
    listed = {r["body"] for r in listing.rows}
    for row in report(on).body_alignment:
        homes = {land.organisations[o].footprint for o in _members(land, row["body"])
                 if o in land.organisations}
        cuts = any(_straddles(land.body_areas(row["body"]), land.footprint_areas(fp))
                   for fp in homes if fp)
        assert cuts == (row["body"] in listed), row["body_name"]


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_every_pair_listed_as_looking_alike_scores_at_least_the_threshold(on: dt.date) -> None:
    land = view(on)
    listing = report(on).listing("duplicate_pairs")
    scores = [r["score"] for r in listing.rows]
    assert scores == sorted(scores, reverse=True)  # ranked, then cut at the threshold
    for row in listing.rows:
        a, b = land.bodies[row["a"]], land.bodies[row["b"]]
        score = (_jaccard(set(a.themes), set(b.themes))
                 * _jaccard(land.body_areas(a.id), land.body_areas(b.id))
                 * _jaccard(_members(land, a.id), _members(land, b.id)))
        assert score >= LIKELY_DUPLICATE
    assert listing.passed == sum(
        1 for r in report(on).duplicate_pairs
        if counted(r) and r["score"] < LIKELY_DUPLICATE)
    # the listed pairs are exactly the likely-duplicate findings
    found = {f.subjects for f in report(on).findings if f.code == "likely-duplicate"}
    assert {(r["a"], r["b"]) for r in listing.rows} == found


@pytest.mark.parametrize("on", DAYS, ids=str)
@pytest.mark.parametrize("table", sorted(LISTINGS))
def test_listed_rows_match_the_findings_of_their_code(table: str, on: dt.date) -> None:
    listing = report(on).listing(table)
    found = [f for f in report(on).findings if f.code == listing.code]
    assert listing.checked >= len(listing.rows)
    if table == "parallel_seats":  # rows per theme; findings per organisation and level
        assert {(r["organisation"], r["level"]) for r in listing.rows} == \
            {f.key for f in found}
    else:
        assert len(listing.rows) == len(found)
