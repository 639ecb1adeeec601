"""A scenario's report after is worked out from the report before (issue 18): it must be
the report a fresh run gives, and the diff built on it the diff of two whole reports."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govmap.metrics.duplication import duplicate_pairs, update_pairs
from govmap.model.entities import Area, Body, Duty, Footprint, Organisation
from govmap.model.landscape import Landscape
from govmap.report import build_report, reports_to_compare, update_report
from govmap.scenario.apply import run
from govmap.scenario.diff import diff, report_data
from govmap.scenario.format import RemoveLine, RemoveMember
from tests.scenario.test_properties import (
    DAY,
    LINES,
    ROLES,
    SETTINGS,
    ground,
    ops_for,
    scenario,
)

THEMES = ("community_safety", "substance_misuse", "anti_social_behaviour")
#: Boards, and the kinds the pairs flag (a scrutiny committee, a team).
KINDS = ("community_safety_partnership", "public_services_board", "scrutiny_committee",
         "team")


@st.composite
def themed_landscapes(draw: st.DrawFn) -> Landscape:
    """Small landscapes whose bodies share themes, areas and members, so that they make
    duplicate pairs (with sub-groups, scrutiny committees and teams among them)."""
    areas, footprints, orgs = ground(draw, 4)
    fids = [f.id for f in footprints]
    oids = [o.id for o in orgs]
    bodies: list[Body] = []
    for i in range(draw(st.integers(2, 8))):
        members = draw(st.dictionaries(st.sampled_from(oids), st.sampled_from(ROLES),
                                       min_size=1))
        seats = [{"organisation": o, "role": r} for o, r in members.items()]
        if bodies and draw(st.booleans()):
            seats.append({"body": draw(st.sampled_from([b.id for b in bodies])),
                          "role": "member"})
        targets = [b.id for b in bodies] + oids
        lines = draw(st.dictionaries(st.sampled_from(targets), st.sampled_from(LINES),
                                     max_size=2))
        bodies.append(Body.model_validate({
            "id": f"body-{i}", "name": f"Body {i}", "kind": draw(st.sampled_from(KINDS)),
            "level": draw(st.sampled_from(["local", "regional"])),
            "footprint": draw(st.sampled_from(fids)),
            "themes": sorted(draw(st.sets(st.sampled_from(THEMES), min_size=1))),
            "members": seats,
            "reporting_lines": [{"target": t, "type": k} for t, k in lines.items()],
            "discharges": ["duty"] if draw(st.booleans()) else [],
        }))
    duty = Duty(id="duty", name="Duty", law="Some Act", applies_per="local_authority")
    return Landscape.build(areas, footprints, orgs, bodies, [duty])


def applied(data: st.DataObject, before: Landscape) -> Landscape:
    """``before`` after random operations, keeping each that applies."""
    current = before
    for op in ops_for(data.draw, before):
        step, _ = run(current, scenario([op]))
        if step is not None:
            current = step
    return current


@SETTINGS
@given(st.data())
def test_the_report_after_a_scenario_is_the_report_a_fresh_run_gives(data: st.DataObject
                                                                       ) -> None:
    before = data.draw(themed_landscapes()).as_at(DAY)
    after = applied(data, before)
    first = build_report(before)
    updated = update_report(before, first, after)
    fresh = build_report(after)
    assert updated == fresh
    assert updated.duplicate_pairs == fresh.duplicate_pairs  # rows, scores and their order
    # and the diff made from it is the diff of two whole reports
    whole = diff(before, after, reports=(report_data(first), report_data(fresh)))
    assert diff(before, after) == whole


@SETTINGS
@given(st.data())
def test_the_reports_a_diff_compares_count_the_pairs_they_leave_out(data: st.DataObject
                                                                    ) -> None:
    # they list only the pairs of what the change touched (the rest are the same rows on
    # both sides), but their totals, shown as the briefing's "Totals", are the whole ones
    before = data.draw(themed_landscapes()).as_at(DAY)
    after = applied(data, before)
    first, second = reports_to_compare(before, after)
    assert first.summary == build_report(before).summary
    assert second.summary == build_report(after).summary


@SETTINGS
@given(st.data())
def test_pairs_kept_from_before_are_the_pairs_of_the_bodies_left_alone(data: st.DataObject
                                                                        ) -> None:
    before = data.draw(themed_landscapes()).as_at(DAY)
    after = applied(data, before)
    for floor in (0.0, 0.2):
        rows = duplicate_pairs(before, min_score=floor)
        assert update_pairs(before, rows, after, min_score=floor) == \
            duplicate_pairs(after, min_score=floor)


def test_a_pair_between_bodies_a_change_left_alone_is_kept_and_a_touched_one_redone() -> None:
    areas = [Area(id="A", name="Area A")]
    footprints = [Footprint(id="fp", name="Footprint", family="local_authority", areas=("A",))]
    orgs = [Organisation(id=f"org-{i}", name=f"Org {i}", kind="local_authority",
                         devolved=True, elected=True)
            for i in range(3)]

    def board(ident: str, members: list[str]) -> Body:
        return Body.model_validate({
            "id": ident, "name": ident.title(), "kind": "community_safety_partnership",
            "level": "local", "footprint": "fp", "themes": ["community_safety"],
            "members": [{"organisation": o, "role": "member"} for o in members]})

    before = Landscape.build(areas, footprints, orgs, [
        board("x", ["org-0", "org-1"]), board("y", ["org-0", "org-1"]),
        board("z", ["org-0", "org-2"])], []).as_at(DAY)
    # org-1 leaves y: the x-y pair drops below 1, and the x-z pair is kept as it was
    after, problems = run(before, scenario([RemoveMember(body="y", organisation="org-1")]))
    assert after is not None, problems
    first = build_report(before)
    updated = update_report(before, first, after)
    scores = {(r["a"], r["b"]): r["score"] for r in updated.duplicate_pairs}
    assert scores == {(r["a"], r["b"]): r["score"]
                      for r in build_report(after).duplicate_pairs}
    assert scores[("x", "y")] < 1.0
    kept = next(r for r in updated.duplicate_pairs if (r["a"], r["b"]) == ("x", "z"))
    assert kept is next(r for r in first.duplicate_pairs if (r["a"], r["b"]) == ("x", "z"))



def test_a_pair_whose_sub_group_link_went_with_a_line_elsewhere_is_redone() -> None:
    # x is a sub-group of y, itself a sub-group of z: x and z are a body and its sub-group.
    # Removing y's line to z leaves x and z untouched, but no longer related.
    areas = [Area(id="A", name="Area A")]
    footprints = [Footprint(id="fp", name="Footprint", family="local_authority", areas=("A",))]
    orgs = [Organisation(id="org", name="Org", kind="local_authority", devolved=True,
                         elected=True)]

    def board(ident: str, parent: str | None) -> Body:
        return Body.model_validate({
            "id": ident, "name": ident.title(), "kind": "community_safety_partnership",
            "level": "local", "footprint": "fp", "themes": ["community_safety"],
            "members": [{"organisation": "org", "role": "member"}],
            "reporting_lines": [{"target": parent, "type": "sub_group_of"}] if parent else []})

    before = Landscape.build(areas, footprints, orgs, [
        board("x", "y"), board("y", "z"), board("z", None)], []).as_at(DAY)
    after, problems = run(before, scenario([RemoveLine(body="y", to="z")]))
    assert after is not None, problems
    assert after.bodies["x"] is before.bodies["x"] and after.bodies["z"] is before.bodies["z"]
    first = build_report(before)
    related = {(r["a"], r["b"]): r["sub_group"] for r in
               update_report(before, first, after).duplicate_pairs}
    assert related[("x", "z")] is False
    assert {(r["a"], r["b"]): r["sub_group"] for r in first.duplicate_pairs}[("x", "z")]
