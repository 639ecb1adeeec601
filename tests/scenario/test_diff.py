"""diff(): what changed, attribute by attribute, and the change in every measure."""

from __future__ import annotations

from typing import Any

from govmap.scenario.apply import apply
from govmap.scenario.deltas import Gap, Pair, metrics_diff
from govmap.scenario.diff import Assignment, Line, Seat, diff
from govmap.scenario.format import (
    AddLine,
    AddMember,
    Merge,
    RemoveBody,
    SetFootprint,
    SetRole,
    TransferDuty,
)

from .toy import scenario, toy


def test_diff_of_a_landscape_with_itself_is_empty() -> None:
    landscape = toy()
    assert diff(landscape, landscape, metrics=False).is_empty()
    assert diff(landscape, toy()).is_empty()  # with the report's measures too


def test_membership_line_and_duty_changes() -> None:
    before = toy()
    after = apply(before, scenario(
        AddMember(body="csp-c", organisation="health"),
        SetRole(body="csp-d", organisation="police-west", role="statutory_member"),
        AddLine(body="national", to="police-east", type="funded_by"),
        TransferDuty(duty="strategy", from_="csp-d", to="national")))
    changes = diff(before, after, metrics=False)
    assert not changes.bodies.added and not changes.bodies.removed
    assert changes.seats_added == (Seat("csp-c", "health", "member"),)
    assert changes.seats_removed == ()
    [role] = changes.seats_changed
    assert (role.body, role.organisation) == ("csp-d", "police-west")
    assert [(c.field, c.before, c.after) for c in role.changes] == [
        ("role", "member", "statutory_member")]
    assert changes.lines_added == (Line("national", "police-east", "funded_by"),)
    assert changes.assignments_added == (Assignment("national", "strategy"),)
    assert changes.assignments_removed == (Assignment("csp-d", "strategy"),)
    # the national board covers D too, so the strategy keeps a home everywhere
    assert [h.duty for h in changes.duty_homes if h.lost] == []


def test_attribute_changes_and_a_duty_losing_its_home() -> None:
    before = toy()
    after = apply(before, scenario(SetFootprint(body="csp-a", footprint="pfa-east"),
                                   RemoveBody(body="csp-c")))
    changes = diff(before, after, metrics=False)
    [body] = changes.bodies.changed
    assert body.id == "csp-a"
    assert [(c.field, c.before, c.after) for c in body.changes] == [
        ("footprint", "la-a", "pfa-east")]
    assert changes.bodies.removed == ("csp-c",)
    [home] = changes.duty_homes
    assert (home.duty, home.lost, home.gained) == ("strategy", ("C",), ())
    assert {s.organisation for s in changes.seats_removed} == {"council-c", "police-west"}
    counts = {c.organisation: (c.before, c.after) for c in changes.seat_counts}
    # police-west sat on csp-c, csp-d and the national board
    assert counts == {"council-c": (1, 0), "police-west": (3, 2)}
    assert changes.totals["bodies"] == (7, 6)


def test_merge_shows_as_seats_moving() -> None:
    before = toy()
    after = apply(before, scenario(Merge(bodies=("csp-a", "csp-b"), into="ab")))
    changes = diff(before, after, metrics=False)
    assert changes.bodies.added == ("ab",) and changes.bodies.removed == ("csp-a", "csp-b")
    counts = {c.organisation: (c.before, c.after) for c in changes.seat_counts}
    # police-east sat on csp-a, csp-b, board-east, national: now on ab, board-east, national
    assert counts["police-east"] == (4, 3)
    assert counts["council-a"] == (3, 3)  # moves from csp-a to ab
    assert changes.name("ab") == "A and B Community Safety Partnership"


def test_metrics_diff_from_two_reports() -> None:
    before = {
        "seat_load": [{"organisation": "o1", "seats": 3}, {"organisation": "o2", "seats": 1}],
        "duplicate_pairs": [{"a": "x", "b": "y", "score": 0.5}],
        "findings": [{"code": "duty-gap", "severity": "high", "subjects": ["d", "u1"],
                      "message": "Nobody discharges D for U1."}],
        "duty_coverage": [{"duty": "d", "unit": "u1", "bodies": []},
                          {"duty": "d", "unit": "u2", "bodies": ["x"]}],
        "area_complexity": [{"area": "A", "area_name": "Area A", "bodies": 5}],
    }
    after = {
        "seat_load": [{"organisation": "o1", "seats": 1}, {"organisation": "o2", "seats": 1}],
        "duplicate_pairs": [{"a": "y", "b": "z", "score": 0.25}],
        "findings": [],
        "duty_coverage": [{"duty": "d", "unit": "u1", "bodies": ["z"]},
                          {"duty": "d", "unit": "u2", "bodies": []}],
        "area_complexity": [{"area": "A", "area_name": "Area A", "bodies": 4}],
    }
    delta = metrics_diff(before, after)
    assert [(s.organisation, s.before, s.after) for s in delta.seats] == [("o1", 3.0, 1.0)]
    assert delta.duplicates_resolved == (Pair("x", "y", 0.5),)
    assert delta.duplicates_introduced == (Pair("y", "z", 0.25),)
    assert [f.message for f in delta.findings_resolved] == ["Nobody discharges D for U1."]
    assert delta.gaps_closed == (Gap("d", "u1"),) and delta.gaps_opened == (Gap("d", "u2"),)
    [table] = delta.tables
    assert table.table == "area_complexity"
    assert [(r.status, r.key, r.changes) for r in table.rows] == [
        ("changed", (("area", "A"),), (("bodies", 5, 4),))]
    assert metrics_diff(before, before).is_empty()


def test_a_finding_whose_evidence_moves_is_changed_not_closed_and_opened() -> None:
    def report(boards: list[str]) -> dict[str, Any]:
        return {"findings": [{
            "code": "parallel-seats", "severity": "low", "subjects": ["police", *boards],
            "key": ["police", "local"], "message": f"Police sits on {len(boards)} boards.",
            "evidence": {"footprints": len(boards), "bodies": boards}}]}

    delta = metrics_diff(report(["a", "b", "c", "d"]), report(["a", "b", "c"]))
    assert delta.findings_resolved == () and delta.findings_introduced == ()
    [item] = delta.findings_changed
    assert item.identity == "parallel-seats/police/local"
    assert ("footprints", 4, 3) in item.changes
    assert item.before.message == "Police sits on 4 boards."
    assert metrics_diff(report(["a"]), report(["a"])).is_empty()


def test_changed_findings_as_a_table_for_people() -> None:
    from govmap.scenario.deltas import CHANGED_COLUMNS, changed_finding_rows

    def report(boards: list[str], severity: str, score: float) -> dict[str, Any]:
        names = {"a": "Alpha Board", "b": "Beta Board", "c": "Gamma Board"}
        return {"findings": [
            {"code": "parallel-seats", "severity": severity, "subjects": ["police", *boards],
             "key": ["police", "local"], "message": f"Police sits on {len(boards)} boards.",
             "evidence": {"footprints": len(boards), "bodies": boards,
                          "body_names": [names[b] for b in boards],
                          "themes": ["community_safety", "anti_social_behaviour"][:len(boards) - 1],
                          "score": score, "path": ["x"] * len(boards)}},
            {"code": "no-scrutiny", "severity": "high", "subjects": ["q"], "key": ["q"],
             "message": "Q answers to nobody.", "evidence": {"path": ["q"] * len(boards)}},
            {"code": "theme-gap", "severity": "info", "subjects": ["r"], "key": ["r"],
             "message": "R has no themes." if len(boards) > 2 else "R has one theme.",
             "evidence": {}},
        ]}

    delta = metrics_diff(report(["a", "b", "c"], "medium", 0.66666),
                         report(["a", "b"], "low", 0.5))
    rows = changed_finding_rows(delta.findings_changed, {"police": "Gwent Police"})
    assert all(list(row) == list(CHANGED_COLUMNS) for row in rows)
    police = {row["What changed"]: row for row in rows
              if row["Finding"] == "Police sits on 2 boards."}
    # names, not ids; a list by its length with what went; labels, not terms; rounded
    assert police["Bodies"]["Before"] == "3" and police["Bodies"]["After"] == "2"
    assert police["Bodies"]["Details"] == "gone: Gamma Board"
    assert police["Themes"]["Details"] == "gone: anti-social behaviour"
    assert (police["Score"]["Before"], police["Score"]["After"]) == ("0.67", "0.50")
    assert (police["Severity"]["Before"], police["Severity"]["After"]) == ("Medium", "Low")
    assert police["Footprints"]["Before"] == "3"
    assert {row["Severity"] for row in police.values()} == {"Low"}
    assert "Body names" not in police and "Path" not in police  # one item per list, no paths
    # a finding that changed only in a field for programs is not a visible change
    assert "Q answers to nobody." not in {row["Finding"] for row in rows}
    # a sentence that changed with no visible evidence: the two sentences side by side
    [sentence] = [row for row in rows if row["What changed"] == "Sentence"]
    assert (sentence["Before"], sentence["After"]) == ("R has no themes.", "R has one theme.")
    # the most severe first
    order = {"High": 0, "Medium": 1, "Low": 2, "Info": 3}
    assert [order[r["Severity"]] for r in rows] == sorted(order[r["Severity"]] for r in rows)
