"""The example workbook in examples/ imports as the README says, and a sheet with errors
writes nothing (issue 12)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from openpyxl import load_workbook

from govmap.cli import main
from govmap.model.load import load

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "gwent-community-safety.xlsx"


def readme_import_command() -> list[str]:
    """The import-sheet command of the README's tour, without its comment."""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("govmap import-sheet "):
            return shlex.split(line.split("#")[0])[1:]
    raise AssertionError("the README shows no 'govmap import-sheet' command")


def test_the_readme_import_command_imports_the_example(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    argv = readme_import_command()
    output = argv[argv.index("-o") + 1]
    monkeypatch.chdir(ROOT)
    assert (ROOT / argv[1]).is_file(), f"the README imports {argv[1]}, which does not exist"
    argv[argv.index("-o") + 1] = str(tmp_path / output)
    assert main(argv) == 0, capsys.readouterr().err
    out, err = capsys.readouterr()
    assert "2 footprints, 3 organisations, 2 bodies" in out
    assert "warning" not in err  # the example is clean
    landscape = load([tmp_path / output])
    csp = landscape.bodies["csp-newport"]
    assert [(m.organisation, m.role) for m in csp.members] == [
        ("council-newport", "responsible_authority"), ("police-gwent", "responsible_authority")]
    assert landscape.bodies["safer-gwent"].level == "regional"
    assert landscape.footprint_areas("pfa-gwent") == {
        "W06000018", "W06000019", "W06000020", "W06000021", "W06000022"}
    assert main(["validate", "--strict", str(tmp_path / output)]) == 0  # sources on every fact


def test_the_script_rebuilds_the_committed_workbook(tmp_path: Path) -> None:
    import runpy

    build = runpy.run_path(str(ROOT / "examples" / "make_example_sheet.py"))["build"]
    fresh = build(tmp_path / "again.xlsx")

    def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
        book = load_workbook(path)
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}

    assert cells(fresh) == cells(EXAMPLE)  # regenerate it with the script after an edit


def test_a_sheet_with_errors_writes_nothing(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xlsx"
    book = load_workbook(EXAMPLE)
    book["Elements"]["G5"] = "la-newprot"  # Safer Newport's footprint, mistyped
    book.save(broken)
    out_dir = tmp_path / "mine"
    assert main(["import-sheet", str(broken), "-o", str(out_dir)]) == 1
    out, err = capsys.readouterr()
    assert f"{broken}:Elements:5:7: error: body 'csp-newport' refers to footprint " \
           "'la-newprot', which does not exist (did you mean 'la-newport'?)" in err
    assert "1 error(s), 0 warning(s): nothing was written" in err
    assert "wrote" not in out + err
    assert not out_dir.exists()
