"""``python -m govmap.app.serve`` (what ``make run`` runs): where it writes, what it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from govmap.app import serve
from govmap.views.assets import CSS_NAME, JS_NAME


def test_it_writes_the_launcher_and_static_files_in_the_cache_not_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = serve.explorer_folder()
    assert folder.is_relative_to(tmp_path)
    launcher = serve.prepare(folder)
    assert launcher.parent == folder
    assert "from govmap.app.shell import main" in launcher.read_text(encoding="utf-8")
    assert {p.name for p in (folder / "static").iterdir()} >= {JS_NAME, CSS_NAME}


def test_it_serves_this_machine_only_unless_told_otherwise(tmp_path: Path) -> None:
    args = serve.command(tmp_path / "app.py", ["--server.port", "8600"])
    assert args[1:4] == ["-m", "streamlit", "run"]
    assert args[args.index("--server.address") + 1] == "127.0.0.1"
    assert args[args.index("--server.port") + 1] == "8600"
    assert args[args.index("--server.headless") + 1] == "true"

    team = serve.command(tmp_path / "app.py", ["--server.address", "0.0.0.0"])
    assert team.count("--server.address") == 1
    assert team[team.index("--server.address") + 1] == "0.0.0.0"
    team = serve.command(tmp_path / "app.py", ["--server.address=0.0.0.0"])
    assert "127.0.0.1" not in team
