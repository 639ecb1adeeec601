"""Every option of every command, on every broken file of tests/: located problems or a
usage error, never an internal error (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govmap.cli import main

from ..conftest import MINI, ROOT

BROKEN = sorted((ROOT / "tests" / "model" / "broken").glob("*.yaml")) + sorted(
    p for p in (ROOT / "tests" / "hostile" / "corpus").iterdir() if p.is_file())
SCENARIO = ROOT / "data" / "scenarios" / "regional-csps.yaml"

#: One command line per option worth trying; ``{F}`` is the broken file, ``{O}`` a fresh
#: output name.
LINES: dict[str, list[str]] = {
    "validate": ["validate", "{F}"],
    "validate --strict": ["validate", "--strict", "{F}"],
    "validate --strict --as-at": ["validate", "--strict", "--as-at", "2017-06-01", "{F}"],
    "summary": ["summary", "{F}"],
    "summary --format json --as-at": ["summary", "--format", "json", "--as-at", "1990-01-01",
                                      "{F}"],
    **{f"report --format {fmt}": ["report", "{F}", "--format", fmt, "-o", "{O}." + fmt]
       for fmt in ("md", "html", "json", "csv", "xlsx")},
    "render network html": ["render", "{F}", "-o", "{O}.html", "--presenter"],
    "render network svg, filtered": ["render", "{F}", "-o", "{O}.svg", "--level", "local",
                                     "--search", "a"],
    "render network png --as-at": ["render", "{F}", "-o", "{O}.png", "--as-at", "2017-06-01"],
    "render network --focus": ["render", "{F}", "-o", "{O}.html", "--focus", "x"],
    "render tiles": ["render", "{F}", "--view", "tiles", "-o", "{O}.svg",
                     "--outline-family", "police_force_area"],
    **{f"export --format {fmt}": ["export", "{F}", "--format", fmt, "-o", "{O}." + fmt]
       for fmt in ("json", "xlsx", "gexf", "graphml", "popolo")},
    "diff A A": ["diff", "{F}", "{F}", "--as-at", "2017-06-01", "--to", "2021-06-01"],
    "diff A mini --format json": ["diff", "{F}", str(MINI), "--format", "json"],
    "scenario (the broken file as scenario)": ["scenario", "{F}", "--data", str(MINI)],
    "scenario --data": ["scenario", str(SCENARIO), "--data", "{F}", "--save-landscape",
                        "{O}.json"],
    "import-sheet (the broken file as sheet)": ["import-sheet", "{F}", "-o", "{O}"],
    "import-sheet --with": ["import-sheet", str(ROOT / "examples" / "gwent-community-safety.xlsx"),
                            "--with", "{F}", "-o", "{O}"],
}


@pytest.mark.parametrize("option", list(LINES))
def test_no_internal_error_on_any_broken_file(option: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    failures = []
    for i, broken in enumerate(BROKEN):
        out = str(tmp_path / f"out{i}")
        argv = [a.replace("{F}", str(broken)).replace("{O}", out) for a in LINES[option]]
        code = main(argv)
        err = capsys.readouterr().err
        if code not in (0, 1, 2) or "internal error" in err or "Traceback" in err:
            failures.append(f"govmap {' '.join(argv)} -> exit {code}: {err.strip()[-300:]}")
    assert not failures, "\n".join(failures)


def test_the_broken_files_are_there() -> None:
    assert len(BROKEN) > 50  # the corpus was found: the test above ran on something
