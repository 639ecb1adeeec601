"""write_output: atomic, never over an input, readable like any other file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from govmap.files import OutputError, write_output


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = write_output(tmp_path / "report.md", "# Report\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_text() == "# Report\n"


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    write_output(tmp_path / "a.json", "{}")
    with pytest.raises(OutputError):
        write_output(tmp_path / "a.json", "[]")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]
    assert (tmp_path / "a.json").read_text() == "{}"


def test_an_input_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    land = tmp_path / "land.yaml"
    land.write_text("areas: []\n")
    with pytest.raises(OutputError, match="refusing to write over an input"):
        write_output(land, "oops", force=True, inputs=[land])
    with pytest.raises(OutputError, match="refusing to write over an input"):
        write_output(tmp_path / "other.yaml", "x", force=True, inputs=[tmp_path])
    assert land.read_text() == "areas: []\n"


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_output(tmp_path / "nope" / "out.md", "x")


@pytest.mark.parametrize(("code", "cause"), [
    (errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied"),
    (errno.EROFS, "the file system is read-only"),
])
def test_a_failed_write_names_its_cause_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, cause: str) -> None:
    (tmp_path / "old.md").write_text("before")

    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("govmap.files.os.replace", fail)  # root may write anywhere: simulate
    for name in ("new.md", "old.md"):
        with pytest.raises(OutputError, match=cause) as caught:
            write_output(tmp_path / name, "x" * 1000, force=True)
        assert caught.value.exit_code == 1  # not a usage error: the cause is the machine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.md"]  # no temporary file left
    assert (tmp_path / "old.md").read_text() == "before"
