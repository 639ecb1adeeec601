"""Duties page: is every statutory duty discharged, once, by a body on a sound footing?

The findings and the duty-coverage table are those of ``govmap report`` (see
:mod:`govmap.metrics.duties` for their definitions).
"""

from __future__ import annotations

from govmap.app.findings_page import render_page


def render() -> None:
    """Draw the Duties page."""
    render_page("duties", "Duties",
                "Each duty a law places on every council area, police area or other unit, "
                "and whether a body discharges it there with the members the law requires.")


if __name__ == "__main__":
    render()
