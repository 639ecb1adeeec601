"""Each deliberately broken file gives exactly the expected located messages, never a traceback.

Every case in ``broken/`` is loaded beside the small valid landscape in ``fixtures/mini``
(so references have something to point at); ``NAME.expected`` holds the exact lines
``govmap validate`` prints for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govmap.cli import main
from govmap.model.load import check
from govmap.model.problems import format_problems

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.glob("*.yaml"))


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 26
    assert any("several" in name for name in CASES)


@pytest.mark.parametrize("case", CASES)
def test_messages_are_exactly_as_expected(case: str, in_root: Path) -> None:
    path = f"tests/model/broken/{case}"
    result = check(["tests/fixtures/mini", path])
    assert result.landscape is None
    expected = (BROKEN / case).with_suffix(".expected").read_text(encoding="utf-8")
    assert format_problems(result.problems) + "\n" == expected


@pytest.mark.parametrize("case", CASES)
def test_validate_exits_1_and_prints_located_errors(
    case: str, in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", "tests/fixtures/mini", f"tests/model/broken/{case}"])
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
