"""Duplication page: bodies that do the same job in the same place, and overlapping seats.

The findings and tables are those of ``govmap report`` (see :mod:`govmap.metrics.duplication`,
:mod:`govmap.metrics.seats` and :mod:`govmap.metrics.footprints` for their definitions).
"""

from __future__ import annotations

from govmap.app.findings_page import render_page


def render() -> None:
    """Draw the Duplication page."""
    render_page("duplication", "Duplication",
                "Bodies covering the same theme in the same area at the same level, pairs "
                "of bodies that look alike, and organisations sitting on parallel boards.")


if __name__ == "__main__":
    render()
