"""Each deliberately broken file gives exactly the expected located messages, never a traceback.

Every case in ``broken/`` is loaded beside the small valid landscape in ``fixtures/mini``
(so references have something to point at) with the tiny seed folder ``fixtures/seeds``;
``NAME.expected`` holds the exact lines ``govmap validate`` prints for it. A case whose
expected lines are all warnings (a reference outside its period, an unregistered citation)
loads, and under ``--strict`` gives the same lines as errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govmap.cli import main
from govmap.model.load import check
from govmap.model.problems import format_problems

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.glob("*.yaml"))
SEEDS = "tests/fixtures/seeds"


def _expected(case: str) -> str:
    return (BROKEN / case).with_suffix(".expected").read_text(encoding="utf-8")


WARNING_CASES = [c for c in CASES if ": error: " not in _expected(c)]


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 26
    assert any("several" in name for name in CASES)


@pytest.mark.parametrize("case", CASES)
def test_messages_are_exactly_as_expected(case: str, in_root: Path) -> None:
    path = f"tests/model/broken/{case}"
    result = check(["tests/fixtures/mini", path], seeds=SEEDS)
    expected = _expected(case)
    assert format_problems(result.problems) + "\n" == expected
    assert (result.landscape is not None) == (case in WARNING_CASES)


@pytest.mark.parametrize("case", WARNING_CASES)
def test_strict_makes_the_same_warnings_errors(case: str, in_root: Path) -> None:
    path = f"tests/model/broken/{case}"
    result = check(["tests/fixtures/mini", path], strict=True, seeds=SEEDS)
    assert result.landscape is None
    mine = [p for p in result.problems if p.location.file == path]
    assert format_problems(mine) + "\n" == _expected(case).replace(": warning: ", ": error: ")


def test_the_period_checks_cover_every_kind_of_reference() -> None:
    text = "".join(_expected(c) for c in WARNING_CASES)
    for what in ("member", "reporting line to", "parent", "chair", "footprint",
                 "predecessor", "duty", "psb"):
        assert f": {what} '" in text, what


@pytest.mark.parametrize("case", CASES)
def test_validate_exits_1_and_prints_located_errors(
    case: str, in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strict = ["--strict"] if case in WARNING_CASES else []
    code = main(["validate", *strict, "--seeds", SEEDS, "tests/fixtures/mini",
                 f"tests/model/broken/{case}"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    assert f"tests/model/broken/{case}" in captured.err
    assert ": error: " in captured.err


def test_several_problems_are_all_reported_in_one_pass(in_root: Path) -> None:
    result = check(["tests/fixtures/mini", "tests/model/broken/90-several-problems.yaml"])
    lines = [str(p) for p in result.problems]
    assert len(lines) == 7
    assert any("did you mean 'council-newport'" in line for line in lines)
    assert any("did you mean 'pcc-gwent'" in line for line in lines)
    assert any("duplicate id 'csp-cardiff'" in line for line in lines)
    assert any("2019 is before start_date 2020" in line for line in lines)
