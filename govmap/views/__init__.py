"""Views of a landscape: the network (HTML, PNG, SVG) and the tile map of council areas.

Library code only: every function takes a landscape (and a filter) and returns text or
bytes; the CLI (``govmap render``) and the explorer decide where they go. The names below
are imported on first use, so that ``govmap.views.style`` (and ``govmap render --help``)
does not pay for networkx and jinja2.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govmap.views.filters import ViewFilter, select
    from govmap.views.layout import layered_positions
    from govmap.views.network import network_data, network_html

__all__ = ["ViewFilter", "layered_positions", "network_data", "network_html", "select"]

_LAZY = {"ViewFilter": "govmap.views.filters", "select": "govmap.views.filters",
         "layered_positions": "govmap.views.layout", "network_data": "govmap.views.network",
         "network_html": "govmap.views.network"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'govmap.views' has no attribute '{name}'")
