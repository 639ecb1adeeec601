"""The explorer's frame: the view in the URL, the data, the sidebar and the navigation.

One run of the app goes:

1. On a session's first run, read the view from the URL (:func:`govmap.state.decode`) and
   put it into the widgets' session state, so a copied link opens the same view.
2. Choose the dataset (the embedded data, or what was uploaded on the Data page), load and
   check it, cached on a hash of its content, and date it.
3. Draw the shared sidebar (data, date), then run the page, which adds its own controls.
4. Write the view back into the URL (:func:`govmap.state.encode`), only when it changed.

Widgets keep their values in session state under ``v_<field of ViewState>``; page widgets
use ``persist_state="session"`` so that a filter set on one page survives a visit to another.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from govmap.app import cache, ui
from govmap.app.editing import overlay
from govmap.app.uploads import embedded_files
from govmap.files import content_key
from govmap.model.landscape import Landscape
from govmap.model.load import DATA_DIR, LoadResult
from govmap.model.problems import Problem
from govmap.state import (
    EMBEDDED,
    LIST_FIELDS,
    PAGES,
    ViewState,
    cli_command,
    decode,
    encode,
    restrict,
    share_path,
    unpack_scenario,
)
from govmap.views import timeline

HERE = Path(__file__).resolve().parent

#: The folder of the embedded data (tests point it at a fixture).
EMBEDDED_DIR = DATA_DIR

#: Each page: URL path, title, icon, module file (in this package).
PAGE_SPECS: tuple[tuple[str, str, str, str], ...] = (
    ("network", "Network", ":material/hub:", "network.py"),
    ("map", "Map", ":material/grid_view:", "tilemap.py"),
    ("duplication", "Duplication", ":material/content_copy:", "duplication.py"),
    ("accountability", "Accountability", ":material/account_tree:", "accountability.py"),
    ("duties", "Duties", ":material/gavel:", "duties.py"),
    ("scenarios", "Scenarios", ":material/alt_route:", "scenarios.py"),
    ("data", "Data", ":material/dataset:", "data.py"),
    ("edit", "Edit", ":material/edit:", "edit.py"),
    ("help", "Help", ":material/help:", "help.py"),
)
assert tuple(spec[0] for spec in PAGE_SPECS) == PAGES

#: The date slider's range starts here (the first seed document is from 2007).
EARLIEST = dt.date(2007, 1, 1)

_SEEDED = "_govmap_seeded"
_NOTICES = "_govmap_notices"
_UPLOAD = "_govmap_upload"
_CONTEXT = "_govmap_context"
_STOP = "_govmap_stop"

_LISTS = LIST_FIELDS  # one list, in govmap.state: the explorer had a copy that missed "expand"


def key(name: str) -> str:
    """The session-state key of a view-state field's widget."""
    return f"v_{name}"


@dataclass(frozen=True)
class Upload:
    """Data uploaded in this session (kept in memory only)."""

    key: str
    label: str
    files: tuple[tuple[str, bytes], ...]
    problems: tuple[Problem, ...] = ()

    @property
    def dataset(self) -> str:
        return f"upload-{self.key[:16]}"


@dataclass(frozen=True)
class Context:
    """What every page needs: the view, the data and its dated landscape."""

    state: ViewState
    page: str
    key: str
    source: str
    result: LoadResult
    day: dt.date
    full: Landscape | None = None
    landscape: Landscape | None = None
    notices: tuple[str, ...] = field(default=())

    def require(self) -> Landscape:
        """The dated landscape; if the data has errors, say so and stop the page."""
        if self.landscape is None:
            ui.show_problems(self.result.problems, title=(
                f"The {self.source} cannot be shown: it has {len(self.result.errors)} "
                "error(s). Fix them, or upload corrected files on the Data page."))
            st.page_link(str(HERE / "data.py"), label="Go to the Data page",
                         icon=":material/dataset:")
            st.stop()
        return self.landscape


def context() -> Context:
    """The context the shell computed for this run (for pages)."""
    found = st.session_state.get(_CONTEXT)
    if not isinstance(found, Context):
        st.error("Open the explorer with `streamlit run app.py` (the page was run on its own).")
        st.stop()
    return found


def upload() -> Upload | None:
    """The data uploaded in this session, if any."""
    found = st.session_state.get(_UPLOAD)
    return found if isinstance(found, Upload) else None


def set_upload(new: Upload | None, *, switch: bool) -> None:
    """Remember an upload (call from a widget callback); switch the view to it if asked."""
    st.session_state[_UPLOAD] = new
    if switch and new is not None:
        st.session_state[key("dataset")] = new.dataset
    elif new is None:
        st.session_state[key("dataset")] = EMBEDDED


# -- view state <-> session state -----------------------------------------------------------


def _seed(state: ViewState, today: dt.date) -> None:
    ss = st.session_state
    for name in ViewState.__dataclass_fields__:
        value: Any = getattr(state, name)
        if name in _LISTS:
            value = list(value)
        elif name == "as_at":
            value = value or today
        ss[key(name)] = value


def current_state(today: dt.date | None = None) -> ViewState:
    """The view the widgets show now."""
    today = today or dt.date.today()
    ss = st.session_state
    values: dict[str, Any] = {}
    defaults = ViewState()
    for name in ViewState.__dataclass_fields__:
        value = ss.get(key(name), getattr(defaults, name))
        if name in _LISTS:
            value = tuple(value or ())
        elif name == "as_at":
            value = None if value in (None, today) else value
        elif name == "search":
            value = value or ""
        values[name] = value
    return ViewState(**values)


def _sanitise(known: Mapping[str, Sequence[str]]) -> list[str]:
    """Drop ids the data does not have from the widgets (before they are drawn)."""
    ss = st.session_state
    state = current_state()
    kept, notices = restrict(state, known)
    if kept != state:
        for name in known:
            value = getattr(kept, name)
            ss[key(name)] = list(value) if name in _LISTS else value
    return notices


def known_values(full: Landscape) -> dict[str, list[str]]:
    """The values each filter may take in a landscape (what the widgets offer)."""
    kinds = sorted({b.kind for b in full.bodies.values()}
                   | {o.kind for o in full.organisations.values()})
    return {
        "kinds": kinds,
        "themes": sorted({t for b in full.bodies.values() for t in b.themes}),
        "areas": sorted(full.areas),
        "organisations": sorted(full.organisations),
        "focus": sorted([*full.bodies, *full.organisations]),
        "mark": sorted([*full.bodies, *full.organisations]),
        "family": sorted({f.family for f in full.footprints.values()}),
    }


# -- the run -------------------------------------------------------------------------------


def _dataset(today: dt.date) -> tuple[str, str, LoadResult]:
    """Content key, description and load result of the dataset the view names."""
    ss = st.session_state
    current = upload()
    wanted = ss.get(key("dataset"), EMBEDDED)
    if wanted != EMBEDDED and (current is None or current.dataset != wanted):
        ss.setdefault(_NOTICES, []).append(
            "This link shows data uploaded in another session; upload the same files on the "
            "Data page to see it. Showing the embedded Wales data.")
        ss[key("dataset")] = wanted = EMBEDDED
    if wanted != EMBEDDED and current is not None:
        result = cache.checked(current.key, current.files)
        return current.key, f"uploaded data ({current.label})", result
    files = embedded_files(EMBEDDED_DIR)
    data_key = content_key(files)
    return data_key, "embedded Wales data", cache.checked(data_key, tuple(files))


def _sidebar_top(ctx_source: str, result: LoadResult, today: dt.date, data_key: str) -> None:
    ss = st.session_state
    with st.sidebar:
        # Markdown without HTML: HTML in Markdown loads a 190 KB parser in a new session
        st.markdown("### govmap")
        st.caption("Who governs what in Welsh public services")
        current = upload()
        if current is not None:
            st.radio("Data", [EMBEDDED, current.dataset], key=key("dataset"),
                     format_func=lambda v: ("Embedded Wales data" if v == EMBEDDED
                                            else f"Uploaded: {ui.escape(current.label)}"))
        else:
            st.caption(f"Data: {ui.escape(ctx_source)} · {len(result.files)} file(s)")
        day = ss.get(key("as_at")) or today
        low = min(EARLIEST, day)
        high = max(today, day)
        st.date_input("As at", min_value=low, max_value=high, key=key("as_at"),
                      format="DD/MM/YYYY",
                      help="The landscape as it stood on this day: bodies, seats, lines and "
                      "duties that had started and not yet ended. Type a date, or step "
                      "with the buttons below.")
        _date_steps(data_key, result, day, low, high)


def _set_day(day: dt.date, low: dt.date, high: dt.date) -> None:
    st.session_state[key("as_at")] = min(high, max(low, day))


def _jump() -> None:
    chosen = st.session_state.get(_STOP)
    if isinstance(chosen, dt.date):
        st.session_state[key("as_at")] = chosen
    st.session_state[_STOP] = None


def _date_steps(data_key: str, result: LoadResult, day: dt.date, low: dt.date,
                high: dt.date) -> None:
    """Month steps, the previous and next change in the data, and a list of the changes."""
    full = result.landscape
    stops = cache.stops(data_key, full) if full is not None else []
    days = [s.day for s in stops if low <= s.day <= high]
    before, after = timeline.next_stop(days, day, -1), timeline.next_stop(days, day, 1)
    columns = st.columns(4, gap="small")
    columns[0].button("", icon=":material/first_page:", key="_govmap_prev_stop",
                      disabled=before is None, on_click=_set_day,
                      args=(before or day, low, high), width="stretch",
                      help=f"Previous change in the data: {before:%-d %B %Y}" if before
                      else "No earlier change in the data")
    columns[1].button("", icon=":material/chevron_left:", key="_govmap_prev_month",
                      on_click=_set_day, args=(timeline.add_months(day, -1), low, high),
                      width="stretch", help="One month earlier")
    columns[2].button("", icon=":material/chevron_right:", key="_govmap_next_month",
                      on_click=_set_day, args=(timeline.add_months(day, 1), low, high),
                      width="stretch", help="One month later")
    columns[3].button("", icon=":material/last_page:", key="_govmap_next_stop",
                      disabled=after is None, on_click=_set_day,
                      args=(after or day, low, high), width="stretch",
                      help=f"Next change in the data: {after:%-d %B %Y}" if after
                      else "No later change in the data")
    texts = {s.day: s.text for s in stops}
    st.selectbox("Go to a change", days, index=None, key=_STOP, on_change=_jump,
                 format_func=lambda d: f"{d:%-d %b %Y}: {texts[d]}",
                 placeholder="A day bodies start or end…",
                 help="The days on which bodies or organisations start or end, from the "
                 "data's own dates.")


def _sidebar_bottom(page: str, state: ViewState, day: dt.date) -> None:
    with st.sidebar:
        st.divider()
        st.toggle("Presenter mode", key=key("presenter"),
                  help="Hide the controls and enlarge labels, for a projector.")
        base = _base_url()
        data = None if state.dataset == EMBEDDED else "YOUR-FILES"
        # In a popover, which the browser draws only when it is opened: a code block loads
        # Streamlit's 1.5 MB syntax highlighter, whose start-up held back a new session's
        # network by about half a second (docs/performance.md).
        with st.popover("Link and command line", icon=":material/share:", width="stretch",
                        help="A link that opens this view, and the govmap command that "
                        "gives the same numbers."):
            st.caption("Link to this view (the address bar holds it too):")
            st.code(base + share_path(page, state), language=None, wrap_lines=True)
            st.caption("The same numbers from the command line:")
            st.code(cli_command(page, state, day, data=data), language="bash",
                    wrap_lines=True)


def _base_url() -> str:
    try:
        url = st.context.url
    except (AttributeError, RuntimeError):
        url = None
    if not url:
        return ""
    # Keep scheme, host and any path prefix before the page.
    without_query = str(url).split("?", 1)[0].rstrip("/")
    for page in PAGES:
        if without_query.endswith("/" + page):
            return without_query[: -len(page) - 1]
    return without_query


def _exit_presenter() -> None:
    st.session_state[key("presenter")] = False


def main() -> None:
    """Run the explorer once (Streamlit calls this on every interaction)."""
    # A local picture: a ":material/...:" page icon makes the browser fetch it from the web.
    st.set_page_config(page_title="govmap explorer", page_icon=str(HERE / "icon.png"),
                       layout="wide", initial_sidebar_state="expanded")
    ss = st.session_state
    today = dt.date.today()
    if not ss.get(_SEEDED):
        requested, link_notices = decode(st.query_params.to_dict())
        built = unpack_scenario(requested.built) if requested.built else None
        if built is not None and requested.as_at is None:
            # a built scenario applies on the date it was built on: open on that date
            with contextlib.suppress(TypeError, ValueError):
                requested = requested.with_(as_at=dt.date.fromisoformat(str(built["date"])))
        ss[_NOTICES] = link_notices
        _seed(requested, today)
        ss[_SEEDED] = True

    data_key, source, result = overlay(*_dataset(today))  # this session's edits, if any
    full = result.landscape
    if full is not None:
        ss.setdefault(_NOTICES, []).extend(_sanitise(known_values(full)))
    st.html(ui.BASE_CSS)
    _sidebar_top(source, result, today, data_key)
    day = ss.get(key("as_at")) or today
    landscape = cache.dated(data_key, day, full) if full is not None else None

    pages = [
        st.Page(HERE / module, title=title, icon=icon, url_path=slug, default=slug == "network")
        for slug, title, icon, module in PAGE_SPECS
    ]
    presenter = bool(ss.get(key("presenter")))
    nav = st.navigation(pages, position="top")
    page = next((slug for slug, title, _, _ in PAGE_SPECS if title == nav.title), "network")
    notices = tuple(ss.get(_NOTICES, []))
    ss[_CONTEXT] = Context(current_state(today), page, data_key, source, result, day, full,
                           landscape, notices)
    if presenter:
        st.html(ui.PRESENTER_CSS)
        st.button("Exit presenter mode", icon=":material/close_fullscreen:",
                  on_click=_exit_presenter, type="tertiary")
    if notices:
        with st.container():
            for notice in notices:
                st.warning(ui.escape(notice), icon=":material/link_off:")
            if st.button("Dismiss", key="_govmap_dismiss", type="tertiary"):
                ss[_NOTICES] = []
                st.rerun()
    nav.run()
    state = current_state(today)
    _sidebar_bottom(page, state, day)
    wanted = encode(state)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
