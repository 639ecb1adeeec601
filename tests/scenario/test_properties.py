"""Invariants of apply() and diff() on random landscapes and random operations."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govmap.export.canonical import to_json
from govmap.model.entities import Area, Body, Duty, Footprint, Organisation
from govmap.model.landscape import Landscape
from govmap.model.load import check_bytes
from govmap.scenario.apply import dangling_references, run
from govmap.scenario.diff import diff
from govmap.scenario.format import (
    AddLine,
    AddMember,
    Dissolve,
    Merge,
    MoveLine,
    Operation,
    Regionalise,
    RemoveBody,
    RemoveLine,
    RemoveMember,
    Scenario,
    SetFootprint,
    SetRole,
    TransferDuty,
)

DAY = dt.date(2020, 1, 1)
ROLES = ("responsible_authority", "statutory_member", "member", "observer")
LINES = ("accountable_to", "reports_to", "sub_group_of", "scrutinised_by")
KINDS = ("community_safety_partnership", "public_services_board", "delivery_group")
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def ground(draw: st.DrawFn, most_areas: int
           ) -> tuple[list[Area], list[Footprint], list[Organisation]]:
    """Areas (2 to ``most_areas``), a council footprint each plus up to three others of
    other families, and one to four councils: what the random landscapes stand on."""
    area_ids = [f"A{i}" for i in range(draw(st.integers(2, most_areas)))]
    areas = [Area(id=a, name=f"Area {a}") for a in area_ids]
    footprints = [Footprint(id=f"la-{a}", name=f"LA {a}", family="local_authority", areas=(a,))
                  for a in area_ids]
    for j in range(draw(st.integers(0, 3))):
        chosen = draw(st.sets(st.sampled_from(area_ids), min_size=1))
        family = draw(st.sampled_from(["police_force_area", "region", "health_board_area"]))
        footprints.append(Footprint(id=f"fp-{j}", name=f"Footprint {j}", family=family,
                                    areas=tuple(sorted(chosen))))
    orgs = [Organisation(id=f"org-{i}", name=f"Org {i}", kind="local_authority",
                         devolved=True, elected=draw(st.booleans()))
            for i in range(draw(st.integers(1, 4)))]
    return areas, footprints, orgs


@st.composite
def landscapes(draw: st.DrawFn) -> Landscape:
    areas, footprints, orgs = ground(draw, 5)
    fids = [f.id for f in footprints]
    oids = [o.id for o in orgs]
    bodies: list[Body] = []
    for i in range(draw(st.integers(1, 7))):
        bid = f"body-{i}"
        members = draw(st.dictionaries(st.sampled_from(oids), st.sampled_from(ROLES)))
        targets = [b.id for b in bodies] + oids
        lines = draw(st.dictionaries(st.sampled_from(targets), st.sampled_from(LINES),
                                     max_size=2)) if targets else {}
        bodies.append(Body.model_validate({
            "id": bid, "name": f"Body {i}", "kind": draw(st.sampled_from(KINDS)),
            "level": draw(st.sampled_from(["local", "regional"])),
            "footprint": draw(st.sampled_from(fids)),
            "members": [{"organisation": o, "role": r} for o, r in members.items()],
            "reporting_lines": [{"target": t, "type": k} for t, k in lines.items()],
            "discharges": ["duty"] if draw(st.booleans()) else [],
        }))
    duty = Duty(id="duty", name="Duty", law="Some Act", applies_per="local_authority")
    return Landscape.build(areas, footprints, orgs, bodies, [duty])


def ops_for(draw: st.DrawFn, landscape: Landscape) -> list[Operation]:
    """Random operations naming ids of the landscape (or ids merges make), valid or not."""
    bids = [*landscape.bodies, "merged-0", "merged-1"]
    oids = list(landscape.organisations)
    fids = list(landscape.footprints)
    body, org = st.sampled_from(bids), st.sampled_from(oids)
    choices: list[st.SearchStrategy[Any]] = [
        st.builds(lambda b, i: Merge(bodies=tuple(b), into=f"merged-{i}"),
                  st.lists(body, min_size=2, max_size=3, unique=True), st.integers(0, 1)),
        st.builds(lambda b, t: Dissolve(body=b, to=t), body, st.none() | body),
        st.builds(lambda f: Regionalise(kind="community_safety_partnership", family=f),
                  st.sampled_from(["police_force_area", "region", "health_board_area"])),
        st.builds(lambda a, b: TransferDuty(duty="duty", from_=a, to=b), body, body),
        st.builds(lambda b: RemoveBody(body=b), body),
        st.builds(lambda b, o, r: AddMember(body=b, organisation=o, role=r), body, org,
                  st.sampled_from(ROLES)),
        st.builds(lambda b, o: RemoveMember(body=b, organisation=o), body, org),
        st.builds(lambda b, o, r: SetRole(body=b, organisation=o, role=r), body, org,
                  st.sampled_from(ROLES)),
        st.builds(lambda b, t: MoveLine(body=b, to=t), body, st.sampled_from(bids + oids)),
        st.builds(lambda b, t, k: AddLine(body=b, to=t, type=k), body,
                  st.sampled_from(bids + oids), st.sampled_from(LINES)),
        st.builds(lambda b, t: RemoveLine(body=b, to=t), body, st.sampled_from(bids + oids)),
        st.builds(lambda b, f: SetFootprint(body=b, footprint=f), body, st.sampled_from(fids)),
    ]
    return draw(st.lists(st.one_of(choices), min_size=1, max_size=5))


def scenario(ops: list[Operation]) -> Scenario:
    return Scenario(name="Random", date=DAY, operations=tuple(ops), sources=("public:test",))


def covered(landscape: Landscape) -> set[str]:
    return {a for b in landscape.bodies for a in landscape.body_areas(b)}


def check_valid(result: Landscape) -> None:
    assert dangling_references(result) == []
    for footprint in result.footprints.values():
        assert footprint.areas and set(footprint.areas) <= set(result.areas)
    # the result survives a round trip through the loader, which checks every rule
    loaded = check_bytes([("after.json", to_json(result).encode())])
    assert loaded.errors == []


@SETTINGS
@given(st.data())
def test_apply_leaves_no_dangling_reference_and_a_loadable_landscape(data: st.DataObject
                                                                       ) -> None:
    landscape = data.draw(landscapes())
    ops = ops_for(data.draw, landscape)
    untouched = copy.deepcopy(landscape)
    result, problems = run(landscape, scenario(ops))
    assert landscape == untouched  # pure: the input is never changed
    if result is None:
        assert problems and all(p.message.startswith("operation ") for p in problems)
    else:
        assert problems == []
        check_valid(result)
    # the same operations one at a time, keeping those that apply: every step is valid
    current = landscape
    for op in ops:
        step, _ = run(current, scenario([op]))
        if step is not None:
            check_valid(step)
            current = step


@SETTINGS
@given(st.data())
def test_a_merge_keeps_every_area_covered(data: st.DataObject) -> None:
    landscape = data.draw(landscapes().filter(lambda land: len(land.bodies) >= 2))
    group = data.draw(st.lists(st.sampled_from(list(landscape.bodies)), min_size=2,
                               unique=True))
    result, problems = run(landscape, scenario([Merge(bodies=tuple(group), into="merged")]))
    assert result is not None, problems
    assert covered(result) >= covered(landscape)
    union = set().union(*(landscape.body_areas(b) for b in group))
    assert set(result.body_areas("merged")) == union


@SETTINGS
@given(landscapes())
def test_the_diff_of_a_landscape_with_itself_is_empty(landscape: Landscape) -> None:
    assert diff(landscape, landscape, metrics=False).is_empty()
    assert diff(landscape, copy.deepcopy(landscape), metrics=False).is_empty()


@SETTINGS
@given(st.data())
def test_diff_reports_exactly_the_effects_of_seat_and_line_operations(data: st.DataObject
                                                                       ) -> None:
    landscape = data.draw(landscapes())
    seats = {(b.id, m.organisation): m.role for b in landscape.bodies.values()
             for m in b.members}
    lines = {(b.id, ln.target, ln.type) for b in landscape.bodies.values()
             for ln in b.reporting_lines}
    start_seats, start_lines = dict(seats), set(lines)
    touched: set[tuple[str, ...]] = set()
    ops: list[Operation] = []
    actors = [*landscape.bodies, *landscape.organisations]
    for _ in range(data.draw(st.integers(1, 6))):
        body = data.draw(st.sampled_from(list(landscape.bodies)))
        org = data.draw(st.sampled_from(list(landscape.organisations)))
        role = data.draw(st.sampled_from(ROLES))
        kind = data.draw(st.sampled_from(["seat", "line"]))
        if kind == "seat" and (body, org) not in touched:
            touched.add((body, org))
            if (body, org) not in seats:
                ops.append(AddMember(body=body, organisation=org, role=role))
                seats[(body, org)] = role
            elif data.draw(st.booleans()):
                ops.append(RemoveMember(body=body, organisation=org))
                del seats[(body, org)]
            else:
                ops.append(SetRole(body=body, organisation=org, role=role))
                seats[(body, org)] = role
        elif kind == "line":
            target = data.draw(st.sampled_from([a for a in actors if a != body]))
            line_type = data.draw(st.sampled_from(LINES))
            key = (body, target, line_type)
            if key in touched:
                continue
            touched.add(key)
            if key in lines:
                ops.append(RemoveLine(body=body, to=target, type=line_type))
                lines.discard(key)
            else:
                ops.append(AddLine(body=body, to=target, type=line_type))
                lines.add(key)
    if not ops:
        return
    result, problems = run(landscape, scenario(ops))
    assert result is not None, problems
    changes = diff(landscape, result, metrics=False)
    assert {(s.body, s.organisation, s.role) for s in changes.seats_added} == {
        (*k, r) for k, r in seats.items() if k not in start_seats}
    assert {(s.body, s.organisation, s.role) for s in changes.seats_removed} == {
        (*k, r) for k, r in start_seats.items() if k not in seats}
    assert {(s.body, s.organisation) for s in changes.seats_changed} == {
        k for k, r in seats.items() if k in start_seats and start_seats[k] != r}
    assert {(ln.source, ln.target, ln.type) for ln in changes.lines_added} == lines - start_lines
    assert {(ln.source, ln.target, ln.type) for ln in changes.lines_removed} == \
        start_lines - lines
    assert not (changes.bodies or changes.organisations or changes.footprints
                or changes.assignments_added or changes.assignments_removed)


def _identities(rows: Any) -> set[str]:
    return {row.identity for row in rows}


@SETTINGS
@given(st.data())
def test_each_finding_is_opened_closed_or_changed_at_most_once(data: st.DataObject) -> None:
    landscape = data.draw(landscapes())
    result, _ = run(landscape, scenario(ops_for(data.draw, landscape)))
    if result is None:
        return
    change = diff(landscape, result).metrics
    assert change is not None
    closed = _identities(change.findings_resolved)
    opened = _identities(change.findings_introduced)
    changed = _identities(change.findings_changed)
    # one finding, one list: a finding whose evidence moved is changed, not closed and opened
    assert not closed & opened and not closed & changed and not opened & changed
    assert len(closed) == len(change.findings_resolved)
    assert len(opened) == len(change.findings_introduced)
    for item in change.findings_changed:
        assert item.before.identity == item.after.identity
        assert item.changes or item.before.message != item.after.message


@SETTINGS
@given(landscapes())
def test_the_empty_scenario_changes_no_finding(landscape: Landscape) -> None:
    result, problems = run(landscape, scenario([]))
    assert result is not None, problems
    # a scenario applies to the landscape as at its date: compare that day with that day
    change = diff(landscape.as_at(result.as_at_date) if result.as_at_date else landscape, result)
    assert change.metrics is not None and change.metrics.is_empty()
    assert change.is_empty()
