"""Each operation on the toy landscape (see toy.py), with results worked out by hand."""

from __future__ import annotations

import pytest

from govmap.scenario.apply import ScenarioError, apply, dangling_references, run
from govmap.scenario.format import (
    AddBody,
    AddLine,
    AddMember,
    Dissolve,
    Merge,
    MoveLine,
    Regionalise,
    RemoveBody,
    RemoveLine,
    RemoveMember,
    SetFootprint,
    SetRole,
    TransferDuty,
)
from govmap.scenario.operations import derive_id, derive_name

from .toy import DAY, duties_of, lines_of, roles, scenario, toy


def errors(*ops: object) -> list[str]:
    result, problems = run(toy(), scenario(*ops))  # type: ignore[arg-type]
    assert result is None
    return [p.message for p in problems]


# -- merge --------------------------------------------------------------------------------


def test_merge_makes_one_body_with_union_footprint_strongest_roles_lines_and_duties() -> None:
    after = apply(toy(), scenario(Merge(bodies=("csp-a", "csp-b"))))
    assert "csp-a" not in after.bodies and "csp-b" not in after.bodies
    merged = after.bodies["csp-a-b"]
    assert merged.name == "A and B Community Safety Partnership"
    # A+B is exactly the East police area, so that footprint is reused, not a new one
    assert merged.footprint == "pfa-east" and set(after.footprints) == set(toy().footprints)
    # health is 'member' on A and 'observer' on B: the stronger role is kept
    assert roles(merged) == {"council-a": "responsible_authority",
                             "police-east": "responsible_authority",
                             "health": "member", "council-b": "responsible_authority"}
    assert lines_of(merged) == {("council-a", "accountable_to"), ("council-b", "accountable_to")}
    assert duties_of(merged) == {"strategy"}
    assert merged.level == "regional"  # two local CSPs over two areas
    assert merged.statutory_basis is not None
    assert merged.start_date is not None and merged.start_date.first == DAY
    # the sub-group of csp-a now hangs off the merged body
    assert lines_of(after.bodies["group-a"]) == {("csp-a-b", "sub_group_of")}
    assert dangling_references(after) == []


def test_merge_into_an_existing_body_keeps_its_identity() -> None:
    after = apply(toy(), scenario(Merge(bodies=("csp-a", "board-east"), into="board-east")))
    board = after.bodies["board-east"]
    assert board.name == "East Board" and board.kind == "regional_community_safety_board"
    assert board.footprint == "pfa-east"
    assert roles(board) == {"police-east": "responsible_authority",
                            "council-a": "responsible_authority", "health": "member"}
    # the board had no statutory basis; it takes the CSP's
    assert board.statutory_basis is not None and board.statutory_basis.act.startswith("Crime")
    assert duties_of(board) == {"strategy"}
    assert lines_of(board) == {("police-east", "reports_to"), ("council-a", "accountable_to")}
    assert lines_of(after.bodies["group-a"]) == {("board-east", "sub_group_of")}
    assert "csp-a" not in after.bodies


def test_merge_across_regions_makes_a_new_region_footprint() -> None:
    after = apply(toy(), scenario(Merge(bodies=("csp-a", "csp-c"), into="csp-ac",
                                        name="A and C")))
    merged = after.bodies["csp-ac"]
    footprint = after.footprints[merged.footprint]
    assert merged.footprint not in toy().footprints
    assert footprint.family == "region" and footprint.areas == ("A", "C")
    # police-east and police-west both stay, each with its own role
    assert roles(merged)["police-west"] == "responsible_authority"


def test_merge_a_body_with_itself_is_an_error() -> None:
    [message] = errors(Merge(bodies=("csp-a", "csp-a")))
    assert message == ("operation 1 (merge): 'csp-a' is listed twice: a body cannot be merged "
                       "with itself")


def test_merge_unknown_body_suggests_the_nearest_id() -> None:
    [message] = errors(Merge(bodies=("csp-a", "csp-bb")))
    assert "there is no body 'csp-bb' on 2020-01-01 (did you mean 'csp-b'?)" in message


def test_merge_into_an_organisation_id_is_refused() -> None:
    [message] = errors(Merge(bodies=("csp-a", "csp-b"), into="council-a"))
    assert "'council-a' is already the id of an organisation" in message


def test_derived_ids_and_names() -> None:
    assert derive_id(["csp-conwy", "csp-denbighshire"]) == "csp-conwy-denbighshire"
    assert derive_id(["psb-a", "csp-b"]) == "psb-a-csp-b"
    assert derive_name(["Safer Vale", "Cardiff PSB"]) == "Safer Vale and Cardiff PSB"
    assert derive_name(["X Board", "Y Board", "Z Board"]) == "X, Y and Z Board"


# -- dissolve -----------------------------------------------------------------------------


def test_dissolve_passes_duties_and_sub_groups_to_the_named_body() -> None:
    after = apply(toy(), scenario(Dissolve(body="csp-a", to="board-east")))
    assert "csp-a" not in after.bodies
    assert duties_of(after.bodies["board-east"]) == {"strategy"}
    assert lines_of(after.bodies["group-a"]) == {("board-east", "sub_group_of")}
    # members are not carried: council-a keeps only its seats elsewhere
    assert roles(after.bodies["board-east"]) == roles(toy().bodies["board-east"])


def test_dissolve_without_a_destination_goes_to_the_parent() -> None:
    # group-a is a sub-group of csp-a, with no duties or sub-groups of its own
    after = apply(toy(), scenario(Dissolve(body="group-a")))
    assert "group-a" not in after.bodies
    landscape = toy()
    after2 = apply(landscape, scenario(
        AddLine(body="csp-b", to="group-a", type="sub_group_of"), Dissolve(body="group-a")))
    # csp-b's line to group-a now points at group-a's parent, csp-a
    assert ("csp-a", "sub_group_of") in lines_of(after2.bodies["csp-b"])


def test_dissolve_with_duties_and_no_parent_body_is_an_error() -> None:
    [message] = errors(Dissolve(body="csp-a"))
    assert message == ("operation 1 (dissolve): 'csp-a' has 1 duty and 1 sub-group or line(s) "
                       "pointing at it but no parent body to pass them to; say where they go "
                       "with 'to:' (or use remove_body to drop them)")


# -- regionalise --------------------------------------------------------------------------


def test_regionalise_merges_each_police_areas_csps() -> None:
    after = apply(toy(), scenario(Regionalise(kind="community_safety_partnership",
                                              family="police_force_area")))
    csps = {b.id: b for b in after.bodies.values() if b.kind == "community_safety_partnership"}
    assert set(csps) == {"csp-pfa-east", "csp-pfa-west"}
    assert csps["csp-pfa-east"].footprint == "pfa-east"
    assert csps["csp-pfa-west"].footprint == "pfa-west"
    assert csps["csp-pfa-east"].name == "East police area community safety partnership"
    # police-west: responsible authority on C, member on D -> responsible authority
    assert roles(csps["csp-pfa-west"]) == {"council-c": "responsible_authority",
                                           "police-west": "responsible_authority",
                                           "council-d": "responsible_authority"}
    assert lines_of(after.bodies["group-a"]) == {("csp-pfa-east", "sub_group_of")}


def test_regionalise_templates_and_new_kind() -> None:
    after = apply(toy(), scenario(Regionalise(
        kind="community_safety_partnership", family="police_force_area", id="r-{footprint}",
        name="Safer {footprint}", new_kind="regional_community_safety_board")))
    assert after.bodies["r-pfa-west"].name == "Safer West police area"
    assert after.bodies["r-pfa-west"].kind == "regional_community_safety_board"


def test_regionalise_needs_a_family_that_exists() -> None:
    [message] = errors(Regionalise(kind="community_safety_partnership", family="fire_area"))
    assert message.startswith("operation 1 (regionalise): there is no footprint of family "
                              "'fire_area' on 2020-01-01; families in this landscape: ")


def test_regionalise_reports_bodies_that_straddle() -> None:
    [message] = errors(Regionalise(kind="advisory_board", family="police_force_area"))
    assert "1 body lies in no single 'police_force_area' footprint: National Board" in message


# -- duties, bodies, members, lines, footprints -------------------------------------------


def test_transfer_duty() -> None:
    after = apply(toy(), scenario(TransferDuty(duty="strategy", from_="csp-a", to="board-east")))
    assert duties_of(after.bodies["csp-a"]) == set()
    assert duties_of(after.bodies["board-east"]) == {"strategy"}


def test_transfer_duty_from_a_body_that_does_not_discharge_it() -> None:
    [message] = errors(TransferDuty(duty="strategy", from_="board-east", to="csp-a"))
    assert message == ("operation 1 (transfer_duty): East Board does not discharge 'strategy'; "
                       "it is discharged by A Community Safety Partnership, B Community Safety "
                       "Partnership, C Community Safety Partnership and D Community Safety "
                       "Partnership")


def test_add_and_remove_body() -> None:
    after = apply(toy(), scenario(
        AddBody(body={"id": "new", "name": "New Board", "kind": "other", "level": "regional",
                      "footprint": "pfa-west", "members": [{"organisation": "council-c",
                                                            "role": "member"}]}),
        RemoveBody(body="csp-a")))
    assert after.bodies["new"].start_date is not None
    assert after.bodies["new"].sources == ("public:test",)
    assert "csp-a" not in after.bodies
    # group-a's only line pointed at csp-a: it is dropped, not left dangling
    assert lines_of(after.bodies["group-a"]) == set()
    assert dangling_references(after) == []


def test_add_body_checks_its_references() -> None:
    [message] = errors(AddBody(body={"id": "new", "name": "N", "kind": "other",
                                     "level": "local", "footprint": "pfa-eats"}))
    assert message == ("operation 1 (add_body): there is no footprint 'pfa-eats' on "
                       "2020-01-01 (did you mean 'pfa-east'?)")
    [message] = errors(AddBody(body={"id": "csp-a", "name": "N", "kind": "other",
                                     "level": "local", "footprint": "la-a"}))
    assert "'csp-a' is already the id of a body" in message


def test_members() -> None:
    after = apply(toy(), scenario(
        AddMember(body="csp-c", organisation="health", role="statutory_member"),
        RemoveMember(body="csp-a", organisation="health"),
        SetRole(body="csp-d", organisation="police-west", role="responsible_authority")))
    assert roles(after.bodies["csp-c"])["health"] == "statutory_member"
    assert "health" not in roles(after.bodies["csp-a"])
    assert roles(after.bodies["csp-d"])["police-west"] == "responsible_authority"


def test_member_errors() -> None:
    assert errors(AddMember(body="csp-a", organisation="health")) == [
        "operation 1 (add_member): Health Board is already a member of A Community Safety "
        "Partnership (as member); use set_role to change its role"]
    assert errors(RemoveMember(body="csp-c", organisation="health")) == [
        "operation 1 (remove_member): Health Board is not a member of C Community Safety "
        "Partnership"]
    assert errors(SetRole(body="csp-a", organisation="csp-b", role="member")) == [
        "operation 1 (set_role): 'csp-b' is a body, not an organisation"]


def test_move_line_from_one_target_to_another_keeps_its_type() -> None:
    after = apply(toy(), scenario(MoveLine(body="csp-a", from_="council-a", to="board-east")))
    assert lines_of(after.bodies["csp-a"]) == {("board-east", "accountable_to")}


def test_move_line_without_from_replaces_every_upward_line() -> None:
    landscape = apply(toy(), scenario(
        AddLine(body="csp-a", to="national", type="reports_to"),
        AddLine(body="csp-a", to="police-east", type="funded_by"),
        MoveLine(body="csp-a", to="board-east", type="sub_group_of")))
    # accountable_to council-a and reports_to national are upward; funded_by is not
    assert lines_of(landscape.bodies["csp-a"]) == {("police-east", "funded_by"),
                                                   ("board-east", "sub_group_of")}


def test_line_errors() -> None:
    assert errors(MoveLine(body="csp-a", to="csp-a")) == [
        "operation 1 (move_line): a body cannot report to itself"]
    assert errors(RemoveLine(body="csp-c", to="council-c")) == [
        "operation 1 (remove_line): C Community Safety Partnership has no reporting line to "
        "C Council; it has no lines"]
    assert errors(AddLine(body="csp-a", to="council-a", type="accountable_to")) == [
        "operation 1 (add_line): A Community Safety Partnership already has this line to "
        "A Council"]


def test_remove_line() -> None:
    after = apply(toy(), scenario(RemoveLine(body="csp-a", to="council-a")))
    assert lines_of(after.bodies["csp-a"]) == set()


def test_set_footprint() -> None:
    after = apply(toy(), scenario(SetFootprint(body="csp-a", footprint="pfa-east",
                                               level="regional")))
    assert after.bodies["csp-a"].footprint == "pfa-east"
    assert after.bodies["csp-a"].level == "regional"
    with pytest.raises(ScenarioError, match="there is no footprint 'pfa-north'"):
        apply(toy(), scenario(SetFootprint(body="csp-a", footprint="pfa-north")))
