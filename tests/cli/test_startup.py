"""``govmap --help`` builds every sub-command's parser without importing the heavy libraries
(issue 12: it took 2.5 s). The times themselves are measured by bench/startup.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govmap.cli import main

from ..conftest import ROOT

HEAVY = ("pandas", "matplotlib", "streamlit", "networkx", "pydantic", "openpyxl", "jinja2",
         "numpy")


def imported_after(code: str) -> set[str]:
    """The top-level packages of HEAVY that a fresh interpreter has imported after ``code``."""
    found = "{m.split('.')[0] for m in sys.modules}"
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({found} & {set(HEAVY)!r})))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_help_imports_nothing_heavy() -> None:
    assert imported_after("import govmap.cli\ngovmap.cli.build_parser().format_help()") == set()


def test_every_sub_command_help_imports_nothing_heavy() -> None:
    code = ("import contextlib, io, govmap.cli\n"
            "for name in govmap.cli.command_modules():\n"
            "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "        govmap.cli.main([name.replace('_', '-'), '--help'])")
    assert imported_after(code) == set()


def test_validate_imports_no_picture_or_table_library() -> None:
    found = imported_after("import govmap.cli\ngovmap.cli.main(['validate'])")
    assert not found & {"pandas", "matplotlib", "streamlit", "openpyxl", "jinja2"}


def test_a_missing_dependency_is_named_not_an_internal_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import govmap.cli.schema as schema

    def run(args: object) -> int:
        raise ModuleNotFoundError("No module named 'jsonschemax'", name="jsonschemax")

    monkeypatch.setattr(schema, "run", run)
    assert main(["schema"]) == 1
    err = capsys.readouterr().err
    assert "govmap schema: needs the Python package 'jsonschemax', which is not installed" in err
    assert "internal error" not in err


def test_a_command_whose_set_up_fails_leaves_the_others_working(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import govmap.cli.schema as schema

    def register(subparsers: object) -> None:
        raise RuntimeError("broken set-up")

    monkeypatch.setattr(schema, "register", register)
    with pytest.raises(SystemExit) as done:
        main(["summary", "--help"])
    assert done.value.code == 0
    capsys.readouterr()
    assert main(["schema"]) == 70
    err = capsys.readouterr().err
    assert "RuntimeError: broken set-up" in err
    assert "Traceback" not in err
