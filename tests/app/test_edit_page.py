"""The Edit page, driven through Streamlit's AppTest on the mini landscape.

The mini landscape has 4 bodies (Cardiff CSP ended in 2014, so 3 on 2020-01-01) and no
sources at all, which `govmap validate --strict` would refuse: an edit must source what it
adds or changes, but old gaps elsewhere do not block it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from govmap.app import shell
from govmap.edit.session import EditSession

from ..conftest import MINI, ROOT

SOURCE = "public:Minutes of the Cardiff Youth Safety Board, March 2024"


@pytest.fixture(autouse=True)
def mini_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shell, "EMBEDDED_DIR", MINI)


def open_edit() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["date"] = "2024-06-01"
    at.run()
    at.switch_page("govmap/app/edit.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def by_key(widgets: object, ending: str) -> object:
    found = [w for w in widgets if str(w.key).endswith(ending)]  # type: ignore[attr-defined]
    assert len(found) == 1, (ending, [w.key for w in widgets])  # type: ignore[attr-defined]
    return found[0]


def submit(at: AppTest, label: str) -> None:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]


def add_body(at: AppTest) -> None:
    by_key(at.text_input, "___new___0_id").input("youth-safety-cardiff")
    by_key(at.text_input, "___new___0_name").input("Cardiff Youth Safety Board")
    by_key(at.selectbox, "___new___0_kind").set_value("community_safety_partnership")
    by_key(at.selectbox, "___new___0_level").set_value("local")
    by_key(at.selectbox, "___new___0_footprint").set_value("la-cardiff")
    by_key(at.date_input, "___new___0_start_date").set_value(dt.date(2024, 3, 1))
    by_key(at.text_area, "___new___0_sources").input(SOURCE)
    by_key(at.selectbox, "___new___0_confidence").set_value("stated")
    submit(at, "Check and add this body")


def add_member(at: AppTest, organisation: str, sourced: bool = True) -> None:
    by_key(at.selectbox, "_members_new_" + str(rev(at)) + "_organisation").set_value(
        organisation)
    by_key(at.selectbox, "_members_new_" + str(rev(at)) + "_role").set_value("member")
    by_key(at.text_area, "_members_new_" + str(rev(at)) + "_sources").input(
        SOURCE if sourced else "")
    by_key(at.selectbox, "_members_new_" + str(rev(at)) + "_confidence").set_value("stated")
    submit(at, "Check and add this member")


def rev(at: AppTest) -> int:
    return int(at.session_state["_edit_rev"]) if "_edit_rev" in at.session_state else 0


def test_add_a_body_with_members_see_a_missing_source_fix_it_and_see_it_everywhere(
        tmp_path: Path) -> None:
    at = open_edit()
    add_body(at)
    assert [s.value for s in at.success] == ["Added body 'Cardiff Youth Safety Board'."]
    add_member(at, "council-cardiff")
    add_member(at, "police-south-wales", sourced=False)
    errors = [e.value for e in at.error]
    assert any("Not applied: 1 problem(s)" in e for e in errors), errors
    assert any("error: body 'youth-safety-cardiff': membership 2 has no sources; cite "
               "'<seed file>:L<line>' or 'public:<document>'" in e
               and "members row 2" in e for e in errors), errors
    # the draft is shown beside its row
    members = [d.value for d in at.dataframe if "Problems" in d.value.columns]
    assert members and members[0]["Status"].tolist() == ["applied", "draft, not applied"]
    assert "membership 2 has no sources" in members[0]["Problems"].tolist()[1]
    # fix it: the draft's values are still in the form; add the source
    by_key(at.text_area, "_members_new_" + str(rev(at)) + "_sources").input(SOURCE)
    submit(at, "Check and add this member")
    assert not [e.value for e in at.error if "membership 2" in e.value]
    session = next(iter(at.session_state["_govmap_edit_sessions"].values()))
    body = session.current.landscape.bodies["youth-safety-cardiff"]
    assert [m.organisation for m in body.members] == ["council-cardiff", "police-south-wales"]
    assert not session.drafts

    # every page of this session shows the edit: the Network page counts 4 bodies, not 3
    at.switch_page("govmap/app/network.py").run()
    assert not at.exception
    counts = {m.label: m.value for m in at.metric}
    assert counts["Bodies"] == "4", counts
    # the zip holds the original files plus exactly the edit
    raw = editing_zip(session)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert archive.read("mini/footprints.yaml") == (
            MINI / "footprints.yaml").read_bytes()


def editing_zip(session: EditSession) -> bytes:
    from govmap.edit.export import export_zip

    return export_zip(session)


def test_another_session_does_not_see_the_edit() -> None:
    first = open_edit()
    add_body(first)
    assert first.success
    second = open_edit()
    second.switch_page("govmap/app/network.py").run()
    assert {m.label: m.value for m in second.metric}["Bodies"] == "3"
    assert "_govmap_edit_sessions" not in second.session_state or not any(
        s.changes for s in second.session_state["_govmap_edit_sessions"].values())


def test_uploaded_data_is_edited_in_memory_and_the_upload_is_kept() -> None:
    from govmap.edit.export import export_zip
    from govmap.files import content_key

    files = tuple((f"mine.zip/{p.name}", p.read_bytes()) for p in sorted(MINI.glob("*.yaml")))
    upload = shell.Upload(content_key(files), "mine.zip", files)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["_govmap_upload"] = upload
    at.query_params["date"] = "2024-06-01"
    at.query_params["data"] = upload.dataset
    at.run()
    at.switch_page("govmap/app/edit.py").run()
    assert not at.exception, [e.value for e in at.exception]
    add_body(at)
    assert [s.value for s in at.success] == ["Added body 'Cardiff Youth Safety Board'."]
    session = at.session_state["_govmap_edit_sessions"][upload.key]
    assert session.changed_files() == ["mine.zip/boards.yaml"]
    assert at.session_state["_govmap_upload"].files == files  # the upload is untouched
    with zipfile.ZipFile(io.BytesIO(export_zip(session))) as archive:
        assert sorted(archive.namelist()) == ["CHANGES.md", "boards.yaml", "footprints.yaml"]
    at.switch_page("govmap/app/data.py").run()
    assert any("uploaded data (mine.zip), with 1 edit is valid" in s.value for s in at.success)


def test_undo_from_the_changes_panel_takes_the_edit_off_every_page() -> None:
    at = open_edit()
    add_body(at)
    assert "Changes: 1 applied, 0 draft(s)" in [e.label for e in at.expander]
    submit(at, "Undo")
    assert [s.value for s in at.success] == ["Undid change 1."]
    assert "Changes: 0 applied, 0 draft(s)" in [e.label for e in at.expander]
    at.switch_page("govmap/app/network.py").run()
    assert {m.label: m.value for m in at.metric}["Bodies"] == "3"
