"""Shared fixtures: paths and a small real landscape."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from govmap.model.cache import ENV as CACHE_ENV
from govmap.model.landscape import Landscape
from govmap.model.load import load

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"

# Property tests explore new examples on a developer's machine; in CI (CI=true, as .ci/run sets)
# they draw the same examples every run, so a run's result depends only on the commit. A
# failure found locally prints its example, to be pinned with @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Never write to the user's own cache of checked landscapes (subprocesses inherit this).
os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="govmap-test-cache-")
atexit.register(shutil.rmtree, os.environ[CACHE_ENV], ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                ) -> Path:
    """Each test starts with an empty cache of checked landscapes (govmap.model.cache)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def mini() -> Landscape:
    """Three councils in south-east Wales with their CSPs, a PSB and Safer Gwent."""
    return load([MINI])


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root so that file names in messages are stable."""
    monkeypatch.chdir(ROOT)
    return ROOT
