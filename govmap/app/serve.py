"""Serve the explorer: ``python -m govmap.app.serve [STREAMLIT OPTIONS]`` (what ``make run`` runs).

Streamlit serves static files only from a ``static/`` folder beside the script it runs. So
that the explorer writes nothing into the checkout (or into a read-only install), this puts
a two-line launcher and the vis-network files in the user's cache folder and runs Streamlit
on that launcher, with the settings the explorer needs given on the command line (they do
not depend on the folder it is started from). By default it serves this machine only
(127.0.0.1); ``--server.address 0.0.0.0`` serves a team.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import platformdirs

from govmap.views.assets import write_assets

#: The environment variable that tells the explorer where its static folder is.
STATIC_ENV = "GOVMAP_STATIC_DIR"

LAUNCHER = '''"""govmap explorer launcher, written by govmap.app.serve; safe to delete."""
from govmap.app.shell import main

main()
'''

#: Settings the explorer relies on: offline, headless, no telemetry, no file watching, the
#: upload cap of the Data page, static serving for vis-network, and the house theme.
SETTINGS: dict[str, str] = {
    "server.headless": "true",
    "server.address": "127.0.0.1",
    "browser.gatherUsageStats": "false",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "server.maxUploadSize": "50",
    "server.enableStaticServing": "true",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "none",
    "theme.base": "light",
    "theme.primaryColor": "#138d75",
    "theme.font": "sans-serif",
}


def explorer_folder() -> Path:
    """The folder holding the launcher and ``static/``: in the user's cache, never the input."""
    return Path(platformdirs.user_cache_dir("govmap", appauthor=False)) / "explorer"


def prepare(folder: Path) -> Path:
    """Write the launcher and the static files into ``folder``; return the launcher's path."""
    folder.mkdir(parents=True, exist_ok=True)
    launcher = folder / "app.py"
    if not launcher.is_file() or launcher.read_text(encoding="utf-8") != LAUNCHER:
        launcher.write_text(LAUNCHER, encoding="utf-8")
    write_assets(folder / "static")
    return launcher


def command(launcher: Path, options: list[str]) -> list[str]:
    """The ``streamlit run`` command line; ``options`` given by the user win over defaults."""
    given = {option.split("=", 1)[0].removeprefix("--") for option in options
             if option.startswith("--")}
    defaults = [part for name, value in SETTINGS.items() if name not in given
                for part in (f"--{name}", value)]
    return [sys.executable, "-m", "streamlit", "run", str(launcher), *defaults, *options]


def wait_until_serving(base: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Wait until the explorer at ``base`` answers its health check; False if ``process``
    ends first or ``seconds`` pass (what the browser tests and benchmarks wait for)."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(OSError), urllib.request.urlopen(
                f"{base}/_stcore/health", timeout=2) as reply:
            if reply.status == 200:
                return True
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.3)


def main(argv: list[str] | None = None) -> None:
    options = list(sys.argv[1:] if argv is None else argv)
    folder = explorer_folder()
    launcher = prepare(folder)
    os.environ[STATIC_ENV] = str(folder / "static")
    args = command(launcher, options)
    # Replace this process, so that Ctrl+C and SIGTERM reach Streamlit itself.
    os.execv(args[0], args)


if __name__ == "__main__":
    main()
