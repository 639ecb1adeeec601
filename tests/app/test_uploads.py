"""Uploads: YAML files or a zip, read in memory, refused with a clear reason when unsafe."""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from govmap.app import uploads
from govmap.app.uploads import MAX_FILES, check_uploads, embedded_files, gather, read_zip, screen
from govmap.files import content_key
from govmap.model.load import check, check_bytes
from govmap.model.problems import Location, Problem

from ..conftest import MINI
from ..hostile import bombs


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def mini_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(MINI.glob("*.yaml"))}


def test_a_zip_of_a_landscape_loads_like_the_folder() -> None:
    raw = make_zip({f"mini/{name}": content for name, content in mini_files().items()})
    files, problems = read_zip("mini.zip", raw)
    assert problems == []
    assert [name for name, _ in files] == ["mini.zip/mini/boards.yaml",
                                           "mini.zip/mini/footprints.yaml"]
    from_zip = check_bytes(files).landscape
    assert from_zip is not None
    assert from_zip == check([MINI]).landscape


def test_errors_inside_a_zip_point_at_the_member() -> None:
    raw = make_zip({"broken/boards.yaml": b"bodies:\n  - id: x\n    name: X\n"})
    files, _ = read_zip("mine.zip", raw)
    result = check_bytes(files)
    assert result.landscape is None
    assert any(str(p.location).startswith("mine.zip/broken/boards.yaml:2:")
               for p in result.errors)


def test_the_zip_skips_what_the_loader_skips_in_a_folder() -> None:
    raw = make_zip({
        "land/boards.yaml": b"bodies: []\n", "land/scenarios/merge.yaml": b"name: x\n",
        "land/.hidden.yaml": b"x: 1\n", "__MACOSX/land/._boards.yaml": b"\0\0",
        "land/README.txt": b"hello", "land/sub/": b"",
    })
    files, problems = read_zip("land.zip", raw)
    assert problems == []
    assert [name for name, _ in files] == ["land.zip/land/boards.yaml"]


@pytest.mark.parametrize("member, reason", [
    ("../evil.yaml", "points outside the zip ('..')"),
    ("data/../../evil.yaml", "points outside the zip ('..')"),
    ("/etc/evil.yaml", "has an absolute path"),
    ("C:/evil.yaml", "has an absolute path"),
])
def test_unsafe_member_names_refuse_the_whole_zip(member: str, reason: str) -> None:
    raw = make_zip({"ok.yaml": b"areas: []\n", member: b"areas: []\n"})
    files, problems = read_zip("bad.zip", raw)
    assert files == []
    assert len(problems) == 1
    assert reason in problems[0].message and str(problems[0].location) == "bad.zip"


def test_too_many_files() -> None:
    raw = make_zip({f"f{i}.yaml": b"areas: []\n" for i in range(MAX_FILES + 1)})
    files, problems = read_zip("many.zip", raw)
    assert files == []
    assert problems[0].message.startswith(f"the zip holds {MAX_FILES + 1} files; govmap "
                                          f"opens at most {MAX_FILES}")


def test_too_big_once_uncompressed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "ZIP_LIMITS", replace(uploads.ZIP_LIMITS, max_total_bytes=1000))
    raw = make_zip({"a.yaml": b"#" * 600, "b.yaml": b"#" * 600})  # a few bytes compressed
    assert len(raw) < 1000
    files, problems = read_zip("bomb.zip", raw)
    assert files == []
    assert "more than 0.0 MB once uncompressed" in problems[0].message


def test_not_a_zip() -> None:
    files, problems = read_zip("notes.zip", b"this is text")
    assert files == [] and "not a readable zip file" in problems[0].message


def test_gather_mixes_files_and_zips_and_names_what_it_refuses() -> None:
    files, problems = gather([
        ("footprints.yaml", b"areas: []\n"),
        ("more.zip", make_zip({"boards.yml": b"bodies: []\n"})),
        ("photo.png", b"\x89PNG"),
    ])
    assert [name for name, _ in files] == ["footprints.yaml", "more.zip/boards.yml"]
    assert [str(p) for p in problems] == [
        "photo.png: error: not a landscape file; upload .yaml, .yml, .json, a spreadsheet in "
        "Kumu's layout (.xlsx, .csv) or a .zip of YAML files"]


def test_content_key_follows_content_not_order() -> None:
    files = list(mini_files().items())
    assert content_key(files) == content_key(list(reversed(files)))
    changed = [(files[0][0], files[0][1] + b"\n# edited\n"), files[1]]
    assert content_key(changed) != content_key(files)


def test_embedded_files_are_what_the_loader_reads(tmp_path: Path) -> None:
    (tmp_path / "boards").mkdir()
    (tmp_path / "scenarios").mkdir()
    for name, content in mini_files().items():
        (tmp_path / "boards" / name).write_bytes(content)
    (tmp_path / "scenarios" / "s.yaml").write_text("name: x\n")
    (tmp_path / "notes.md").write_text("# notes\n")
    found = embedded_files(tmp_path)
    assert [name for name, _ in found] == [f"{tmp_path.name}/boards/boards.yaml",
                                           f"{tmp_path.name}/boards/footprints.yaml"]
    assert check_bytes(found).landscape == check([tmp_path]).landscape


# -- spreadsheets, and the budget of an upload -----------------------------------------------

EXAMPLE_SHEET = Path(__file__).resolve().parents[2] / "examples" / "gwent-community-safety.xlsx"


def test_a_spreadsheet_upload_is_imported_as_import_sheet_would() -> None:
    checked = check_uploads([("gwent.xlsx", EXAMPLE_SHEET.read_bytes())])
    assert checked.valid, [str(p) for p in checked.problems]
    [(name, _)] = checked.files
    assert name == "gwent.xlsx.yaml"
    landscape = check_bytes(checked.files).landscape
    assert landscape is not None
    assert any(body.name == "Safer Gwent" for body in landscape.bodies.values())


def test_a_spreadsheets_problems_point_at_its_rows() -> None:
    raw = b"Label,Type\nCyngor Caerdydd,Organisation\nCSP,Community Safety Partnership\n"
    checked = check_uploads([("map.csv", raw)])
    assert not checked.valid
    # every problem names the CSV and its row, none the YAML made from it
    assert checked.problems and all(p.location.file == "map.csv" for p in checked.problems)


def test_the_screened_check_gives_what_the_check_gives() -> None:
    broken = [("boards.yaml", b"bodies:\n  - id: x\n    name: X\n")]
    checked = check_uploads(broken)
    assert not checked.valid and checked.problems
    # a refused upload: its problems only
    assert screen(broken) == uploads.Checked([], checked.problems, False)
    valid = list(mini_files().items())
    assert check_uploads(valid).valid
    assert screen([(name, memoryview(raw)) for name, raw in valid]) == check_uploads(valid)


def test_a_check_over_its_time_budget_is_stopped_and_said_so() -> None:
    checked = screen([("chain.yaml", bombs.reporting_chain(5_000))], seconds=0.01)
    assert checked == uploads.Checked([], [Problem(Location("chain.yaml"), (
        "this upload took longer than 0.01 s to check, so the check was stopped and nothing "
        "was loaded; check that these are the right files, or split the landscape and check "
        "it with 'govmap validate FILES' on the command line, which has no time limit"))],
        False)


def test_a_check_over_its_memory_budget_is_stopped_and_said_so() -> None:
    checked = screen([("m.yaml", bombs.misspelt(10_000)), ("n.yaml", b"areas: []\n")],
                     memory=200 * 1024 * 1024)
    assert not checked.valid and checked.files == []
    assert [str(p) for p in checked.problems] == [
        "m.yaml, n.yaml: error: this upload needed more than 200.0 MB of memory to check, so "
        "the check was stopped and nothing was loaded; check that these are the right files, "
        "or split the landscape and check it with 'govmap validate FILES' on the command line"]


def test_the_budget_can_be_set_for_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVMAP_UPLOAD_SECONDS", "12.5")
    monkeypatch.setenv("GOVMAP_UPLOAD_MEMORY_MB", "800")
    assert uploads.budget() == (12.5, 800 * 1024 * 1024)
    monkeypatch.setenv("GOVMAP_UPLOAD_SECONDS", "soon")
    assert uploads.budget()[0] == uploads.BUDGET_SECONDS


def test_an_upload_waits_its_turn_and_is_told_when_the_explorer_stays_busy(
        monkeypatch: pytest.MonkeyPatch) -> None:
    busy = threading.BoundedSemaphore(1)
    busy.acquire()  # another upload is being checked
    monkeypatch.setattr(uploads, "_CHECKS", busy)
    checked = screen([("boards.yaml", b"bodies: []\n")], seconds=0.2)
    assert [str(p) for p in checked.problems] == [
        "boards.yaml: error: the explorer was busy checking other uploads for 0.2 s, so this "
        "one was not checked; upload it again in a minute"]
    busy.release()
    assert screen([("boards.yaml", b"bodies: []\n")]).valid
