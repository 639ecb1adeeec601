"""Views of a landscape: the network (HTML, PNG, SVG) and the tile map of council areas.

Library code only: every function takes a landscape (and a filter) and returns text or
bytes; the CLI (``govmap render``) and the explorer decide where they go.
"""

from govmap.views.filters import ViewFilter, select
from govmap.views.layout import layered_positions
from govmap.views.network import network_data, network_html

__all__ = ["ViewFilter", "layered_positions", "network_data", "network_html", "select"]
