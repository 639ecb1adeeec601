"""Shared fixtures: paths and a small real landscape."""

from __future__ import annotations

from pathlib import Path

import pytest

from govmap.model.landscape import Landscape
from govmap.model.load import load

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini() -> Landscape:
    """Three councils in south-east Wales with their CSPs, a PSB and Safer Gwent."""
    return load([MINI])


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root so that file names in messages are stable."""
    monkeypatch.chdir(ROOT)
    return ROOT
