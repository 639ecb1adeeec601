"""Every expensive step of the explorer, cached on the content of the data.

Each function takes ``key`` (a hash of the data's file names and contents, see
:func:`govmap.app.uploads.content_key`) and the other hashable choices that define its
result, plus the landscape itself as an underscore argument, which Streamlit does not hash.
Equal data and equal choices therefore give a cache hit, however the data arrived, and a
mutable object is never part of a key.

Landscapes and reports are immutable, so they are kept with ``st.cache_resource`` (shared,
not copied on every rerun); text and tables use ``st.cache_data``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType
from typing import Any

import streamlit as st

from govmap.model.landscape import Landscape
from govmap.model.load import LoadResult, check_bytes
from govmap.summary import summarise
from govmap.views.filters import ViewFilter, select
from govmap.views.network import network_html


def optional(module: str) -> ModuleType | None:
    """A govmap module that may not exist yet in this checkout (None when missing)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


@st.cache_resource(max_entries=16, show_spinner="Reading and checking the data…")
def checked(key: str, _files: tuple[tuple[str, bytes], ...]) -> LoadResult:
    """Validate files (``check_bytes``), once per distinct content."""
    return check_bytes(list(_files))


@st.cache_resource(max_entries=128, show_spinner=False)
def dated(key: str, day: dt.date, _full: Landscape) -> Landscape:
    """The landscape as at ``day``."""
    return _full.as_at(day)


@st.cache_data(max_entries=128, show_spinner=False)
def summary(key: str, day: dt.date, _landscape: Landscape) -> dict[str, Any]:
    """:func:`govmap.summary.summarise` of the dated landscape."""
    return summarise(_landscape)


#: A network view's choices, as a hashable tuple: levels, kinds, themes, areas,
#: organisations, focus, depth, search.
FilterKey = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...],
                  tuple[str, ...], str | None, int, str]


def view_filter(choice: FilterKey) -> ViewFilter:
    """The :class:`govmap.views.filters.ViewFilter` for a filter key."""
    levels, kinds, themes, areas, organisations, focus, depth, search = choice
    return ViewFilter(levels=frozenset(levels), kinds=frozenset(kinds),
                      themes=frozenset(themes), areas=frozenset(areas),
                      organisations=frozenset(organisations), focus=focus, depth=depth,
                      search=search)


@st.cache_data(max_entries=64, show_spinner=False)
def selected(key: str, day: dt.date, choice: FilterKey, _landscape: Landscape) -> list[str]:
    """Ids of the bodies and organisations a view shows (:func:`~govmap.views.filters.select`)."""
    return sorted(select(_landscape, view_filter(choice)))


@st.cache_data(max_entries=64, show_spinner="Drawing the network…")
def network(key: str, day: dt.date, choice: FilterKey, size_by: str, physics: bool,
            presenter: bool, title: str, subtitle: str, source: str,
            highlight: tuple[tuple[str, str], ...], _landscape: Landscape) -> str:
    """The self-contained network document (:func:`govmap.views.network.network_html`)."""
    return str(network_html(_landscape, view_filter(choice), title=title, subtitle=subtitle,
                            presenter=presenter, physics=physics, size_by=size_by,
                            highlight=dict(highlight) or None, source=source))
