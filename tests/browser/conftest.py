"""Shared settings for tests that drive Debian's Chromium through Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govmap.app.serve import wait_until_serving

CHROMIUM = Path("/usr/bin/chromium")
#: Flags Chromium needs here: no sandbox as root, no GPU, and no background traffic (the
#: machine's closed network refuses it, noisily).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

#: Every browser test: marked ``browser`` and skipped, saying why, where Chromium is missing
#: (a developer machine without it; ``make test`` and ``.ci/run`` install it).
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed: run "
                       "'apt-get install chromium' (make test and .ci/run do it)"),
]


def free_port() -> int:
    """A port nothing on this machine listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def streamlit_app(log_name: str) -> Iterator[str]:
    """`streamlit run app.py` on a free port (its output in ``artifacts/LOG_NAME``), until
    the block ends; yields the address. Fails the test, naming the log, if it never serves."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / log_name
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ARTIFACTS.parent, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if not wait_until_serving(base, process, 60):
                pytest.fail(f"the explorer did not start; see {log}")
            yield base
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server as SIGTERM asks it to; kill it if it has not gone within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, for the tests of one module."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
