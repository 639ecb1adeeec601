"""Editing a landscape: each edit checked as `govmap validate` checks it, saved without loss."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from govmap.cli import main
from govmap.edit.export import CHANGE_LOG, change_log, export_zip, to_scenario
from govmap.edit.session import EditSession
from govmap.model.load import DATA_DIR, check
from govmap.scenario.diff import structural_diff

from ..conftest import MINI

SOURCE = ["public:Minutes of the Cardiff Youth Safety Board, March 2024"]
#: A citation of a seed document's lines (on CSP membership), valid in the embedded data.
SEED = ["004_1052c6d804dc056a.txt:L518-526"]


def mini_files() -> list[tuple[str, bytes]]:
    return [(f"mini/{p.name}", p.read_bytes()) for p in sorted(MINI.glob("*.yaml"))]


def new_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "youth-safety-cardiff", "name": "Cardiff Youth Safety Board",
        "kind": "community_safety_partnership", "level": "local", "footprint": "la-cardiff",
        "themes": ["youth_justice", "community_safety"],
        "members": [
            {"organisation": "council-cardiff", "role": "member", "sources": SOURCE,
             "confidence": "stated"},
            {"organisation": "police-south-wales", "role": "member", "sources": SOURCE,
             "confidence": "stated"},
        ],
        "reporting_lines": [{"target": "psb-cardiff", "type": "reports_to",
                             "sources": SOURCE, "confidence": "stated"}],
        "start_date": dt.date(2024, 3, 1), "sources": SOURCE, "confidence": "stated",
    }
    body.update(changes)
    return body


def unzip(raw: bytes, into: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        archive.extractall(into)
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def session() -> EditSession:
    return EditSession.start(mini_files())


def test_a_new_body_with_two_members_and_a_line_is_applied(session: EditSession,
                                                          tmp_path: Path) -> None:
    attempt = session.propose("bodies", "youth-safety-cardiff", new_body(), new=True)
    assert attempt.applied, [str(p) for p in attempt.problems]
    edited = attempt.session
    assert edited.changed_files() == ["mini/boards.yaml"]
    landscape = edited.current.landscape
    assert landscape is not None
    body = landscape.bodies["youth-safety-cardiff"]
    assert [m.organisation for m in body.members] == ["council-cardiff", "police-south-wales"]
    assert [(line.target, line.type) for line in body.reporting_lines] == [
        ("psb-cardiff", "reports_to")]
    # exactly the edit: one body, two seats and one line more, nothing else
    before = session.current.landscape
    assert before is not None
    change = structural_diff(before, landscape)
    assert change.bodies.added == ("youth-safety-cardiff",)
    assert not change.bodies.removed and not change.bodies.changed
    assert not change.organisations and not change.footprints and not change.duties
    assert len(change.seats_added) == 2 and not change.seats_removed
    assert len(change.lines_added) == 1 and not change.lines_removed
    # every line of the file is still there, in order: the body's lines were only inserted
    old = dict(session.files)["mini/boards.yaml"].decode().splitlines()
    new = dict(edited.files)["mini/boards.yaml"].decode().splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    assert {op[0] for op in matcher.get_opcodes()} == {"equal", "insert"}
    assert "  - id: youth-safety-cardiff" in new


def test_a_fact_without_a_source_is_a_located_draft_in_the_command_lines_words(
        session: EditSession, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = new_body()
    del body["members"][1]["sources"]
    attempt = session.propose("bodies", "youth-safety-cardiff", body, new=True)
    assert not attempt.applied
    errors = [p for p in attempt.problems if p.severity == "error"]
    assert len(errors) == 1
    problem = errors[0]
    assert (problem.section, problem.id, problem.part, problem.index) == (
        "bodies", "youth-safety-cardiff", "members", 1)
    assert problem.where == "body 'youth-safety-cardiff', members row 2, field 'sources'"
    # nothing applied, the draft kept
    assert attempt.session.files == session.files
    assert not attempt.session.changes
    assert attempt.session.drafts[("bodies", "youth-safety-cardiff")].problems == \
        attempt.problems
    # the same words and place as `govmap validate --strict` on the files as drafted
    folder = tmp_path / "mini"
    folder.mkdir()
    text = dict(session.files)["mini/boards.yaml"].decode() + "\n"
    from govmap.edit import yamltext
    drafted = yamltext.append_entity("mini/boards.yaml", text, "bodies", body)
    (folder / "boards.yaml").write_text(drafted)
    (folder / "footprints.yaml").write_bytes(dict(session.files)["mini/footprints.yaml"])
    capsys.readouterr()
    assert main(["validate", "--strict", str(folder)]) == 1
    err = capsys.readouterr().err
    assert str(problem.problem).split(": error: ")[1] in err
    assert "membership 2 has no sources" in str(problem)
    # fixing the draft applies it and forgets the draft
    body["members"][1]["sources"] = SOURCE
    fixed = attempt.session.propose("bodies", "youth-safety-cardiff", body, new=True)
    assert fixed.applied
    assert not fixed.session.drafts


def test_old_gaps_in_the_input_do_not_block_an_edit_but_new_ones_do(
        session: EditSession) -> None:
    # the mini landscape has no sources at all; renaming a body needs the body's sources
    psb = session.get("bodies", "psb-cardiff")
    assert psb is not None
    renamed = {**psb, "name": "Cardiff PSB"}
    refused = session.propose("bodies", "psb-cardiff", renamed)
    assert not refused.applied
    assert {(p.id, p.part, p.field) for p in refused.problems} == {
        ("psb-cardiff", None, "sources"), ("psb-cardiff", None, "confidence")}
    sourced = session.propose("bodies", "psb-cardiff",
                              {**renamed, "sources": SOURCE, "confidence": "stated"})
    assert sourced.applied  # its unsourced seats, which the edit left alone, do not block
    # a seat added needs its own sources, not the body's
    seat = {"organisation": "council-vale", "role": "observer"}
    members = [*psb["members"], seat]
    refused = session.propose("bodies", "psb-cardiff", {**psb, "members": members})
    assert {(p.part, p.index, p.field) for p in refused.problems} == {
        ("members", 3, "sources"), ("members", 3, "confidence")}
    members[-1] = {**seat, "sources": SOURCE, "confidence": "stated"}
    added = session.propose("bodies", "psb-cardiff", {**psb, "members": members})
    assert added.applied
    # and undoing restores the old gaps without asking for sources
    assert added.session.undo(0).session.files == session.files


def test_an_unknown_member_is_refused_with_the_loaders_hint(session: EditSession) -> None:
    body = new_body()
    body["members"][0]["organisation"] = "council-cardif"
    attempt = session.propose("bodies", "youth-safety-cardiff", body, new=True)
    assert not attempt.applied
    [problem] = [p for p in attempt.problems if p.severity == "error"]
    assert "refers to organisation 'council-cardif', which does not exist (did you mean " \
           "'council-cardiff'?)" in str(problem)
    assert (problem.part, problem.index) == ("members", 0)


def test_removing_an_organisation_others_need_is_refused_where_they_need_it(
        session: EditSession) -> None:
    attempt = session.propose("organisations", "pcc-south-wales", None)
    assert not attempt.applied
    assert {p.id for p in attempt.problems} == {"police-south-wales"}
    assert "refers to body or organisation 'pcc-south-wales', which does not exist" in \
        str(attempt.problems[0])


def test_an_id_already_used_is_refused(session: EditSession) -> None:
    attempt = session.propose("bodies", "csp-cardiff", new_body(id="csp-cardiff"), new=True)
    assert not attempt.applied
    assert any("duplicate id 'csp-cardiff'" in str(p) for p in attempt.problems)


def test_undo_each_change(session: EditSession) -> None:
    first = session.propose("bodies", "youth-safety-cardiff", new_body(), new=True).session
    vale = first.get("bodies", "csp-vale")
    assert vale is not None
    second = first.propose("bodies", "csp-vale", {**vale, "name": "Safer Vale",
                                                  "sources": SOURCE, "confidence": "stated",
                                                  "members": [
                                                      {**m, "sources": SOURCE,
                                                       "confidence": "stated"}
                                                      for m in vale["members"]]}).session
    assert len(second.changes) == 2
    undone = second.undo(0)
    assert undone.applied
    landscape = undone.session.current.landscape
    assert landscape is not None
    assert "youth-safety-cardiff" not in landscape.bodies
    assert landscape.bodies["csp-vale"].name == "Safer Vale"
    # undoing everything gives back the input, byte for byte
    assert undone.session.undo(0).session.files == session.files
    # a change to an entity that was changed again later waits for the later one
    again = second.propose("bodies", "youth-safety-cardiff",
                           new_body(name="Cardiff Youth Board")).session
    refused = again.undo(0)
    assert not refused.applied
    assert "undo the later change first" in str(refused.problems[0])


def test_undo_that_would_break_a_later_change_is_refused(session: EditSession) -> None:
    line = {"target": "youth-safety-cardiff", "type": "reports_to",
            "start_date": dt.date(2024, 3, 1), "sources": SOURCE, "confidence": "stated"}
    first = session.propose("bodies", "youth-safety-cardiff", new_body(), new=True).session
    gwent = first.get("bodies", "safer-gwent")
    assert gwent is not None
    sourced = {**gwent, "sources": SOURCE, "confidence": "stated",
               "members": [{**m, "sources": SOURCE, "confidence": "stated"}
                           for m in gwent["members"]],
               "reporting_lines": [{**r, "sources": SOURCE, "confidence": "stated"}
                                   for r in gwent["reporting_lines"]] + [line]}
    second = first.propose("bodies", "safer-gwent", sourced)
    assert second.applied, [str(p) for p in second.problems]
    refused = second.session.undo(0)
    assert not refused.applied
    assert any("'youth-safety-cardiff', which does not exist" in str(p)
               for p in refused.problems)


def test_the_zip_holds_the_input_layout_untouched_files_byte_for_byte(
        session: EditSession, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = session.propose("bodies", "youth-safety-cardiff", new_body(), new=True).session
    log = change_log(edited, source="the mini landscape")
    files = unzip(export_zip(edited, log), tmp_path)
    assert sorted(files) == [CHANGE_LOG, "mini/boards.yaml", "mini/footprints.yaml"]
    assert files["mini/footprints.yaml"] == (MINI / "footprints.yaml").read_bytes()
    assert files["mini/boards.yaml"] != (MINI / "boards.yaml").read_bytes()
    assert "## 1. Added body 'Cardiff Youth Safety Board' (youth-safety-cardiff) in " \
           "mini/boards.yaml" in log
    assert "- membership: South Wales Police (police-south-wales) as member" in log
    assert "- reporting line: reports to Cardiff Public Services Board (psb-cardiff)" in log
    assert "- kind: community safety partnership" in log
    assert "- footprint: Cardiff (la-cardiff)" in log
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "mini")]) == 0
    assert "7 organisations, 5 bodies" in capsys.readouterr().out


def test_the_scenario_file_runs_and_adds_the_body(session: EditSession, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    edited = session.propose("bodies", "youth-safety-cardiff", new_body(), new=True).session
    vale = edited.get("bodies", "csp-vale")
    assert vale is not None
    members = [m for m in vale["members"] if m["organisation"] != "council-vale"]
    edited = edited.propose("bodies", "csp-vale", {
        **vale, "sources": SOURCE, "confidence": "stated",
        "members": [{**m, "sources": SOURCE, "confidence": "stated"} for m in members]}).session
    base = session.current.landscape
    exported = to_scenario(edited, dt.date(2024, 6, 1), base=base)
    assert exported.problems == ()
    assert exported.operations == 2
    assert "body csp-vale: sources" in "; ".join(exported.left_out)
    path = tmp_path / "edits.yaml"
    path.write_text(exported.text)
    saved = tmp_path / "after.json"
    capsys.readouterr()
    assert main(["scenario", str(path), "--data", str(MINI), "--save-landscape",
                 str(saved)]) == 0
    after = check([saved]).landscape
    assert after is not None
    assert after.bodies["youth-safety-cardiff"].name == "Cardiff Youth Safety Board"
    assert "council-vale" not in {m.organisation for m in after.bodies["csp-vale"].members}


def test_an_edit_of_the_embedded_data_keeps_every_other_line_and_comment() -> None:
    from govmap.app.uploads import embedded_files

    before = {name: raw for name, raw in embedded_files()}
    session = EditSession.start(list(before.items()))
    name = session.file_of("bodies", "csp-cardiff")
    body = session.get("bodies", "csp-cardiff")
    assert body is not None and name is not None
    members = [*body["members"], {"organisation": "council-newport", "role": "observer",
                                  "sources": SEED, "confidence": "stated"}]
    attempt = session.propose("bodies", "csp-cardiff", {**body, "members": members})
    assert attempt.applied, [str(p) for p in attempt.problems]
    assert attempt.session.changed_files() == [name]
    old = before[name].decode().splitlines()
    new = attempt.session.text(name).splitlines()
    changed = [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    [line] = [x for x in old if x.strip() == "- id: csp-cardiff"]
    indent = " " * (len(line) - len(line.lstrip()) + 2)  # its keys, and its members' dashes
    assert changed == [f"+{indent}- organisation: council-newport", f"+{indent}  role: observer",
                       f"+{indent}  sources:", f"+{indent}  - {SEED[0]}",
                       f"+{indent}  confidence: stated"]
    assert new[0] == old[0] and new[0].startswith("#")  # the file's comments are kept
    # nothing was written to the embedded data
    assert {p: (DATA_DIR.parent / p).read_bytes() for p in before} == before


def test_dates_in_the_wrong_order_are_tied_to_the_body_not_to_a_field(
        session: EditSession) -> None:
    attempt = session.propose("bodies", "youth-safety-cardiff",
                              new_body(end_date=dt.date(2020, 1, 1)), new=True)
    assert not attempt.applied
    [problem] = [p for p in attempt.problems if p.severity == "error"]
    assert "end_date 2020-01-01 is before start_date 2024-03-01; swap them or correct one" \
        in str(problem)
    assert problem.where == "body 'youth-safety-cardiff'"


def test_a_new_source_document_is_registered_then_cited() -> None:
    from govmap.app.uploads import embedded_files

    session = EditSession.start(embedded_files())
    document = "public:Minutes of the Cardiff Youth Safety Board"
    body = new_body(sources=[f"{document}, March 2024"],
                    members=[], reporting_lines=[])
    refused = session.propose("bodies", "youth-safety-cardiff", body, new=True)
    assert not refused.applied
    assert any("not in the source registry" in str(p) for p in refused.problems)
    registered = session.propose("documents", document, {
        "key": document, "title": "Minutes of the Cardiff Youth Safety Board"}, new=True)
    assert registered.applied, [str(p) for p in registered.problems]
    added = registered.session.propose("bodies", "youth-safety-cardiff", body, new=True)
    assert added.applied, [str(p) for p in added.problems]
    assert len(added.session.changes) == 2
