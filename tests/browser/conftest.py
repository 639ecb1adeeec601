"""Shared settings for tests that drive Debian's Chromium through Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

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
