"""Accountability page: who each body answers to, and where the chain breaks.

The findings and the line-of-sight table are those of ``govmap report`` (see
:mod:`govmap.metrics.accountability` for their definitions).
"""

from __future__ import annotations

from govmap.app.findings_page import render_page


def render() -> None:
    """Draw the Accountability page."""
    render_page("accountability", "Accountability",
                "Bodies that answer to nobody, or to nobody elected; bodies with several "
                "masters; reporting cycles; sub-groups left behind; lines that cross "
                "between devolved and non-devolved bodies.")


if __name__ == "__main__":
    render()
