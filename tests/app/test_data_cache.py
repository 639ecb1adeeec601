"""The explorer remembers the embedded data on disk, and never writes an upload there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govmap.app import cache
from govmap.app.uploads import embedded_files
from govmap.model import cache as model_cache
from govmap.model.cache import cache_dir

from ..conftest import MINI


def entries() -> list[Path]:
    folder = cache_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_the_embedded_data_is_remembered_across_restarts(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    files = tuple(embedded_files())
    cache.checked.clear()
    first = cache.checked("embedded", files)
    assert first.ok and len(entries()) == 1
    cache.checked.clear()  # a restart: Streamlit's own cache is empty again

    def no_fresh_check(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the files were checked again")

    monkeypatch.setattr(model_cache, "check_bytes", no_fresh_check)
    again = cache.checked("embedded", files)
    assert again.ok and again.landscape == first.landscape


def test_an_upload_is_checked_in_memory_only() -> None:
    files = tuple((f"mini/{p.name}", p.read_bytes()) for p in sorted(MINI.glob("*.yaml")))
    cache.checked.clear()
    result = cache.checked("upload", files)
    assert result.ok and result.landscape is not None and len(result.landscape.bodies) == 4
    assert entries() == []
