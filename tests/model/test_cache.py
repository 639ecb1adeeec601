"""The cache of checked landscapes: same answer as a fresh load, and never a stale one."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

import govmap
from govmap.cli import main
from govmap.model import cache
from govmap.model.cache import cache_dir, cached_check, cached_check_bytes
from govmap.model.load import LoadResult, check

from ..conftest import MINI


@pytest.fixture
def landscape_dir(tmp_path: Path) -> Path:
    """A copy of the mini landscape that a test may change."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


@pytest.fixture
def fresh_loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records every load that did not come from the cache."""
    calls: list[object] = []

    def counting(paths: Any = None, *, strict: bool = False, seeds: Any = None) -> LoadResult:
        calls.append(paths)
        return check(paths, strict=strict, seeds=seeds)

    monkeypatch.setattr(cache, "check", counting)
    return calls


def entries() -> list[Path]:
    folder = cache_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def same(a: LoadResult, b: LoadResult) -> bool:
    assert a.landscape is not None and b.landscape is not None
    return (a.landscape == b.landscape and a.landscape.locations == b.landscape.locations
            and a.problems == b.problems and a.files == b.files)


def test_a_second_load_comes_from_the_cache_and_equals_a_fresh_load(
        landscape_dir: Path, fresh_loads: list[object]) -> None:
    first = cached_check([landscape_dir])
    second = cached_check([landscape_dir])
    assert len(fresh_loads) == 1
    fresh = check([landscape_dir])
    assert first.ok and same(second, fresh)
    assert second.landscape is not None and fresh.landscape is not None
    assert list(second.landscape.bodies) == list(fresh.landscape.bodies)  # the same order


def test_the_embedded_data_round_trips_with_its_locations(fresh_loads: list[object]) -> None:
    cached_check()
    again = cached_check()
    assert len(fresh_loads) == 1
    fresh = check()
    assert same(again, fresh)
    assert again.landscape is not None and again.landscape.locations  # findings can point back


def test_the_cache_is_kept_in_the_cache_folder_for_the_owner_only(landscape_dir: Path) -> None:
    before = sorted(p.name for p in landscape_dir.rglob("*"))
    cached_check([landscape_dir])
    assert sorted(p.name for p in landscape_dir.rglob("*")) == before  # nothing beside the input
    assert len(entries()) == 1
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700


def test_a_changed_file_is_read_afresh(landscape_dir: Path, fresh_loads: list[object]) -> None:
    cached_check([landscape_dir])
    boards = landscape_dir / "boards.yaml"
    boards.write_text(boards.read_text().replace("Cardiff Council", "Cyngor Caerdydd"))
    result = cached_check([landscape_dir])
    assert len(fresh_loads) == 2
    assert result.landscape is not None
    assert result.landscape.organisations["council-cardiff"].name == "Cyngor Caerdydd"


def test_an_added_file_is_read_afresh(landscape_dir: Path, fresh_loads: list[object]) -> None:
    cached_check([landscape_dir])
    (landscape_dir / "more.yaml").write_text(
        "areas:\n  - {id: W06000021, name: Monmouthshire}\n")
    result = cached_check([landscape_dir])
    assert len(fresh_loads) == 2
    assert result.landscape is not None and "W06000021" in result.landscape.areas


def test_a_deleted_file_is_read_afresh(landscape_dir: Path, fresh_loads: list[object]) -> None:
    (landscape_dir / "extra.yaml").write_text(
        "areas:\n  - {id: W06000021, name: Monmouthshire}\n")
    cached_check([landscape_dir])
    (landscape_dir / "extra.yaml").unlink()
    result = cached_check([landscape_dir])
    assert len(fresh_loads) == 2
    assert result.landscape is not None and "W06000021" not in result.landscape.areas


def test_another_govmap_version_reads_afresh(landscape_dir: Path, fresh_loads: list[object],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cached_check([landscape_dir])
    monkeypatch.setattr(govmap, "__version__", "99.0.0")
    assert cached_check([landscape_dir]).ok
    assert len(fresh_loads) == 2


def test_strict_is_part_of_the_key(fresh_loads: list[object]) -> None:
    cached_check(strict=False)
    cached_check(strict=True)
    assert len(fresh_loads) == 2


def _cites_line_5(folder: Path) -> None:
    """A landscape citing line 5 of a registered seed text, tiny.txt."""
    (folder / "sources.yaml").write_text(
        "documents:\n  - {key: tiny.txt, title: A tiny seed text}\n")
    (folder / "cited.yaml").write_text(
        "areas:\n  - {id: W06000021, name: Monmouthshire, sources: ['tiny.txt:L5']}\n")


def test_seeds_that_appear_after_a_load_are_checked(
        tmp_path: Path, fresh_loads: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    """A load made while the seed folder was absent could not check the cited line; once
    the seeds are there, the line beyond the seed's end must be reported, not the entry."""
    folder = tmp_path / "cites"
    folder.mkdir()
    _cites_line_5(folder)
    seeds = tmp_path / "seeds"
    monkeypatch.setenv("GOVMAP_SEEDS", str(seeds))
    assert cached_check([folder]).ok  # no seeds: nothing to check the line against
    assert len(entries()) == 1
    seeds.mkdir()
    (seeds / "tiny.txt").write_text("one\ntwo\nthree\n")
    # the same process sees the seed that appeared (the explorer runs for days)
    result = cached_check([folder])
    assert len(fresh_loads) == 2 and not result.ok
    assert "cites line 5, but tiny.txt has only 3 lines" in str(result.errors[0])
    # an explicit seed folder is part of the key in the same way
    assert not cached_check([folder], seeds=seeds).ok
    assert cached_check([folder], seeds=tmp_path / "elsewhere").ok


def test_a_changed_seed_text_is_checked_again(
        tmp_path: Path, fresh_loads: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cites"
    folder.mkdir()
    _cites_line_5(folder)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "tiny.txt").write_text("".join(f"line {i}\n" for i in range(1, 8)))
    monkeypatch.setenv("GOVMAP_SEEDS", str(seeds))
    assert cached_check([folder]).ok and cached_check([folder]).ok
    assert len(fresh_loads) == 1
    (seeds / "tiny.txt").write_text("line 1\nline 2\n")  # cut short
    # the same process reads the changed seed afresh
    result = cached_check([folder])
    assert len(fresh_loads) == 2
    assert "cites line 5, but tiny.txt has only 2 lines" in str(result.errors[0])


@pytest.mark.parametrize("damage", [
    b"", b"not json at all", b'{"format": 1}', b"\xff\xfe\x00garbage",
])
def test_a_corrupt_entry_is_ignored_and_rebuilt(landscape_dir: Path, fresh_loads: list[object],
                                                damage: bytes) -> None:
    cached_check([landscape_dir])
    [entry] = entries()
    entry.write_bytes(damage)
    result = cached_check([landscape_dir])
    assert len(fresh_loads) == 2 and same(result, check([landscape_dir]))
    assert entry.read_bytes() != damage  # rebuilt
    cached_check([landscape_dir])
    assert len(fresh_loads) == 2


def test_an_entry_holding_another_landscape_is_not_used(
        landscape_dir: Path, fresh_loads: list[object]) -> None:
    cached_check()  # the embedded data
    [wales] = entries()
    cached_check([landscape_dir])
    [mini] = [e for e in entries() if e != wales]
    shutil.copyfile(wales, mini)  # the mini landscape's entry now holds Wales
    result = cached_check([landscape_dir])
    assert len(fresh_loads) == 3
    assert result.landscape is not None and len(result.landscape.bodies) == 4


def test_an_input_with_problems_is_never_cached(landscape_dir: Path,
                                                fresh_loads: list[object]) -> None:
    boards = landscape_dir / "boards.yaml"
    boards.write_text(boards.read_text().replace("footprint: la-cardiff", "footprint: la-nowhere"))
    for _ in range(2):
        result = cached_check([landscape_dir])
        assert not result.ok and "la-nowhere" in str(result.errors[0])
    assert len(fresh_loads) == 2
    assert entries() == []


def test_warnings_are_cached_with_the_landscape(landscape_dir: Path,
                                                fresh_loads: list[object]) -> None:
    (landscape_dir / "duty.yaml").write_text(
        "duties:\n  - {id: duty-x, name: A duty, law: An Act 2000, applies_per: fire_area}\n")
    first = cached_check([landscape_dir])
    assert first.ok and first.warnings and not first.errors
    second = cached_check([landscape_dir])
    assert len(fresh_loads) == 1
    assert second.warnings == first.warnings


def test_uploaded_bytes_are_cached_by_content(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = cache.check_bytes

    def counting(files: Any, *, strict: bool = False, seeds: Any = None) -> LoadResult:
        calls.append(files)
        return real(files, strict=strict, seeds=seeds)

    monkeypatch.setattr(cache, "check_bytes", counting)
    files = [(f"mini/{p.name}", p.read_bytes()) for p in sorted(MINI.glob("*.yaml"))]
    first = cached_check_bytes(files)
    second = cached_check_bytes(files)
    assert len(calls) == 1 and same(first, second)
    changed = [(n, raw.replace(b"Cardiff Council", b"Cyngor Caerdydd")) for n, raw in files]
    third = cached_check_bytes(changed)
    assert len(calls) == 2
    assert third.landscape is not None
    assert third.landscape.organisations["council-cardiff"].name == "Cyngor Caerdydd"


def test_a_cache_folder_owned_by_someone_else_is_not_used(
        landscape_dir: Path, fresh_loads: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache.os, "getuid", lambda: 12345)
    assert cached_check([landscape_dir]).ok
    assert cached_check([landscape_dir]).ok
    assert len(fresh_loads) == 2 and entries() == []


def test_only_the_most_recent_entries_are_kept(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    for i in range(4):
        folder = tmp_path / f"l{i}"
        folder.mkdir()
        (folder / "a.yaml").write_text(f"areas:\n  - {{id: W0600002{i}, name: Area {i}}}\n")
        assert cached_check([folder]).ok
    assert len(entries()) == 2


# -- the command line ---------------------------------------------------------------------


def test_no_cache_reads_afresh_and_keeps_nothing(landscape_dir: Path, fresh_loads: list[object],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--no-cache", str(landscape_dir)]) == 0
    assert main(["validate", "--no-cache", str(landscape_dir)]) == 0
    assert entries() == []
    assert main(["summary", str(landscape_dir)]) == 0
    assert len(entries()) == 1
    loads = len(fresh_loads)
    assert main(["summary", str(landscape_dir)]) == 0
    assert main(["report", str(landscape_dir)]) == 0
    assert len(fresh_loads) == loads  # both from the cache
    assert main(["report", "--no-cache", str(landscape_dir)]) == 0
    assert main(["diff", "--no-cache", str(landscape_dir)]) == 0
    assert len(fresh_loads) == loads + 2


def test_a_command_after_an_edit_shows_the_edit(landscape_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json", str(landscape_dir)]) == 0
    assert "Cyngor Caerdydd" not in capsys.readouterr().out
    boards = landscape_dir / "boards.yaml"
    boards.write_text(boards.read_text().replace("Cardiff Council", "Cyngor Caerdydd"))
    assert main(["export", "--format", "json", str(landscape_dir)]) == 0
    assert "Cyngor Caerdydd" in capsys.readouterr().out
