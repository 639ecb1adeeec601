""""Show on network": open the Network page with some nodes picked out and the rest dimmed.

The picked-out ids go into the view state (``mark``, so ``?mark=a,b`` in the URL): a link
reproduces the picture. The network's filters are cleared so that none hides them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from govmap.app import shell
from govmap.app.shell import key

_CLEARED: dict[str, object] = {"levels": [], "kinds": [], "themes": [], "areas": [],
                               "organisations": [], "focus": None, "search": ""}


def on_network(ids: Sequence[str]) -> list[str]:
    """The ids of a finding's subjects that the network draws (bodies and organisations)."""
    full = shell.context().full
    if full is None:
        return []
    return [i for i in dict.fromkeys(ids) if i in full.bodies or i in full.organisations]


def button(subjects: Sequence[str], *, widget_key: str) -> None:
    """A "Show on network" button for a finding's subjects, or a line saying why not."""
    ids = on_network(subjects)
    if not ids:
        st.caption("This finding concerns footprints, areas or duties rather than bodies "
                   "or organisations, so there is nothing to pick out on the network; the "
                   "Map page shows footprints.")
        return
    if st.button("Show on network", key=widget_key, icon=":material/my_location:",
                 on_click=_pick_out, args=(sorted(ids),),
                 help="Open the network with the bodies and organisations this finding "
                 "names picked out and everything else dimmed (filters are cleared)."):
        st.switch_page(Path(shell.HERE / "network.py"))


def _pick_out(ids: list[str]) -> None:
    """Set the view for the network page (a callback: it runs before any widget is drawn)."""
    ss = st.session_state
    # switching page drops the state of widgets drawn in the run that switches (the
    # sidebar's date, say) unless it was set by code: set it again
    for name in ("dataset", "as_at", "presenter", "size_by", "physics", "depth"):
        if key(name) in ss:
            ss[key(name)] = ss[key(name)]
    for name, value in _CLEARED.items():
        ss[key(name)] = value
    ss[key("mark")] = ids
