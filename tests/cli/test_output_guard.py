"""Outputs never damage an input: the embedded data above all (issue 19).

Every command that writes is aimed, with every output option, at the embedded data folder
and at files in it; ``data/`` must stay byte-for-byte the same with nothing added. Then
``--force`` is aimed at a device node and at symbolic links, ``-o -`` and ``/dev/stdout`` at
standard output, and a full disk at ``/dev/full``.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from govmap.cli import build_parser, main
from govmap.model.load import DATA_DIR

from ..conftest import ROOT

SCENARIO = DATA_DIR / "scenarios" / "regional-csps.yaml"
SHEET = ROOT / "tests" / "hostile" / "sheets" / "utf16.csv"


def _digest(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with the hash of its content (or its kind)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink() or not path.is_file():
            found[rel] = "dir" if path.is_dir() else "other"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _aimed_at_data() -> Iterator[list[str]]:
    """Each writing command with each output option, aimed at data/ and at files in it."""
    data, existing = str(DATA_DIR), str(DATA_DIR / "duties.yaml")
    new, inside = str(DATA_DIR / "new-output.json"), str(DATA_DIR / "boards" / "out.md")
    files = [data, existing, new, inside]
    for target in files:
        for force in ([], ["--force"]):
            for fmt in ("json", "xlsx", "gexf", "graphml", "popolo"):
                yield ["export", "--format", fmt, "-o", target, *force]
            for fmt in ("md", "html", "json", "xlsx", "csv"):
                yield ["report", "--format", fmt, "-o", target, *force]
            for fmt in ("html", "png", "svg"):
                yield ["render", "--format", fmt, "-o", target, *force]
            yield ["render", "--view", "tiles", "-o", target, *force]
            yield ["scenario", str(SCENARIO), "--save-landscape", target, *force]
            yield ["scenario", str(SCENARIO), "-o", target, *force]
            yield ["diff", "-o", target, *force]
            yield ["schema", "-o", target, *force]
            yield ["import-sheet", str(SHEET), "-o", target, *force]
            # the data named as the input, too
            yield ["export", data, "-o", target, *force]
            yield ["report", existing, "--format", "csv", "-o", target, *force]


#: Commands with an output option that this file aims at the data (new ones must be added).
COVERED = {"export", "report", "render", "scenario", "diff", "schema", "import-sheet"}


def test_every_writing_command_is_covered() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands is not None
    writing = {name for name, sub in commands.items()
               if any("--output" in a.option_strings or "--save-landscape" in a.option_strings
                      for a in sub._actions)}
    assert writing == COVERED


def test_nothing_is_written_to_over_or_into_the_embedded_data(
        capsys: pytest.CaptureFixture[str]) -> None:
    before = _digest(DATA_DIR)
    for argv in _aimed_at_data():
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2, (argv, err)
        assert "internal error" not in err, argv
        assert _digest(DATA_DIR) == before, argv  # byte-for-byte, nothing added


def test_a_link_into_the_data_is_followed_and_refused(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = _digest(DATA_DIR)
    (tmp_path / "duties.yaml").symlink_to(DATA_DIR / "duties.yaml")
    (tmp_path / "data").symlink_to(DATA_DIR)
    assert main(["export", "-o", str(tmp_path / "duties.yaml"), "--force"]) == 2
    assert main(["export", "-o", str(tmp_path / "data" / "x.json")]) == 2
    assert "embedded data" in capsys.readouterr().err
    assert _digest(DATA_DIR) == before


def test_already_exists_is_a_usage_error_found_before_any_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.md"
    out.write_text("keep me")

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the landscape was loaded before the output was checked")

    # every command imports the loader when it runs, so patching it catches any early load
    monkeypatch.setattr("govmap.model.load.check", no_work)
    for argv in (["report"], ["export"], ["render"], ["diff"], ["scenario", str(SCENARIO)],
                 ["scenario", str(SCENARIO), "--save-landscape", str(out), "-o",
                  str(tmp_path / "brief.md")], ["schema"]):
        assert main([*argv, "-o", str(out)]) == 2, argv
        assert "already exists; use --force to replace it" in capsys.readouterr().err
    assert out.read_text() == "keep me"


def test_force_does_not_replace_a_symlink(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.json"
    real.write_text("mine")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["schema", "-o", str(link), "--force"]) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and real.read_text() == "mine"


def test_force_writes_into_a_device_and_never_replaces_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    link = tmp_path / "to-null.json"
    link.symlink_to(device)
    for target in (device, link):
        assert main(["schema", "-o", str(target), "--force"]) == 0
        capsys.readouterr()
    assert stat.S_ISCHR(device.lstat().st_mode), "the device was replaced by a file"
    assert link.is_symlink() and link.resolve() == device
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "to-null.json"]


def test_a_block_device_or_socket_is_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert main(["schema", "-o", str(path), "--force"]) == 2
    assert "is a socket; govmap writes only regular files" in capsys.readouterr().err
    assert stat.S_ISSOCK(path.lstat().st_mode)


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(tmp_path: Path, target: str) -> None:
    done = subprocess.run([sys.executable, "-m", "govmap", "schema", "-o", target],
                          capture_output=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"{") and b"wrote" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_binary_to_standard_output_when_piped(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "govmap", "export", "--format", "xlsx",
                           str(ROOT / "tests" / "fixtures" / "mini"), "-o", "-"],
                          capture_output=True, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"PK")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_named_as_the_cause(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "-o", "/dev/full"]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "internal error" not in err
    with open("/dev/full", "w") as full:  # standard output on a full disk
        done = subprocess.run([sys.executable, "-m", "govmap", "schema"], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=60,
                              check=False)
    assert done.returncode == 1
    assert "standard output: cannot write: the disk is full" in done.stderr


def test_csv_force_replaces_only_a_folder_govmap_wrote(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mini = str(ROOT / "tests" / "fixtures" / "mini")
    folder = tmp_path / "csv"
    assert main(["report", mini, "--format", "csv", "-o", str(folder)]) == 0
    assert main(["report", mini, "--format", "csv", "-o", str(folder), "--force"]) == 0
    (folder / "my-notes.txt").write_text("mine")
    assert main(["report", mini, "--format", "csv", "-o", str(folder), "--force"]) == 2
    assert "holds my-notes.txt, which govmap did not write" in capsys.readouterr().err
    assert (folder / "my-notes.txt").read_text() == "mine"


def test_a_file_name_cannot_forge_output(tmp_path: Path) -> None:
    bad = tmp_path / "x\nvalid: 9 file(s)\x1b]0;owned\x07.yaml"
    bad.write_text("areas:\n  - id: W1\n    name: [\n")
    done = subprocess.run([sys.executable, "-m", "govmap", "validate", str(bad)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert not any(line.startswith("valid:") for line in done.stderr.splitlines())
    assert "x\\nvalid: 9 file(s)\\x1b]0;owned\\x07.yaml" in done.stderr


def test_pipes_and_devices_given_as_input_are_named(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    done = subprocess.run([sys.executable, "-m", "govmap", "validate", str(fifo), str(zero)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 1
    assert "pipe.yaml: error: is a named pipe (FIFO), not a regular file" in done.stderr
    assert "zero.yaml: error: is a character device, not a regular file" in done.stderr
    folder = tmp_path / "land"
    folder.mkdir()
    (folder / "a.json").write_text('{"areas": [{"id": "W1", "name": "A"}]}')
    os.mkfifo(folder / "b.yaml")
    done = subprocess.run([sys.executable, "-m", "govmap", "validate", str(folder)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "b.yaml: warning: skipped: not a regular file" in done.stderr


def test_an_undecodable_file_name_is_carried_as_an_escape(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    land = folder + b"/land\xff.json"
    with open(land, "wb") as handle:
        handle.write(b'{"areas": [{"id": "W1", "name": "A"}], '
                     b'"footprints": [{"id": "fp", "name": "F", "family": "region", '
                     b'"areas": ["W1"]}]}')
    out = folder + b"/out\xfe.html"
    done = subprocess.run([sys.executable, "-m", "govmap", "render", os.fsdecode(land),
                           "-o", os.fsdecode(out)],
                          capture_output=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert b"wrote " in done.stderr and b"out\\xfe.html" in done.stderr
    with open(out, "rb") as handle:
        page = handle.read()
    page.decode("utf-8")  # valid UTF-8: the file name is written as an escape
