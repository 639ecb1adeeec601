"""Two landscapes as one picture: what a scenario (or the passing of time) adds, removes
and changes, drawn on a single network.

:func:`combined` is the union of the two sides (the *after* version of anything both
have); :func:`marks` says which nodes were added, removed or changed, for
:func:`govmap.views.network.network_html`'s ``highlight``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from govmap.model.landscape import Landscape

SIDES = ("both", "before", "after")


def combined(before: Landscape, after: Landscape) -> Landscape:
    """Everything in either landscape: the *after* version of what both have, and what
    only *before* had (so a removed body is still there to be drawn as removed).

    Examples
    --------
    >>> combined(Landscape(), Landscape()) == Landscape()
    True
    """
    return replace(
        after,
        areas={**before.areas, **after.areas},
        footprints={**before.footprints, **after.footprints},
        organisations={**before.organisations, **after.organisations},
        bodies={**before.bodies, **after.bodies},
        duties={**before.duties, **after.duties},
        locations={**before.locations, **after.locations},
    )


def marks(added: Iterable[str], removed: Iterable[str], changed: Iterable[str],
          side: str) -> dict[str, str]:
    """Node id -> ``added``, ``removed`` or ``changed`` for one side of the comparison.

    *before* marks what is removed or changed, *after* what is added or changed, *both*
    all three.

    Examples
    --------
    >>> marks(("n",), ("o",), ("c",), "after")
    {'c': 'changed', 'n': 'added'}
    """
    if side not in SIDES:
        raise ValueError(f"unknown side '{side}'; use one of: {', '.join(SIDES)}")
    found: dict[str, str] = {}
    if side in {"before", "both"}:
        found.update({i: "removed" for i in removed})
    if side in {"after", "both"}:
        found.update({i: "added" for i in added})
    found.update({i: "changed" for i in changed})
    return dict(sorted(found.items()))
