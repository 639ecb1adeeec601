"""Network page: who sits on what and who answers to whom, drawn in layers.

The picture is :func:`govmap.views.network.network_html`, the same self-contained document
``govmap render`` writes and the "Download this view" button saves; the counts above it
come from :func:`govmap.summary.summarise` (``govmap summary --as-at DAY``) and
:func:`govmap.views.filters.select`.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from govmap.app import cache, shell, ui
from govmap.app.shell import key
from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.report import Report
from govmap.state import GROUP_BY, MAX_DEPTH, MIN_DEPTH, SIZE_BY, ViewState
from govmap.views import grouping
from govmap.views.network import count_findings, network_html

SIZE_LABELS = {"seats": "Seats held or filled", "betweenness": "Betweenness (brokers)",
               "findings": "Findings concerning it", "population": "Population covered",
               "none": "Same size"}

GROUP_LABELS = {"": "No grouping", "kind": "By kind", "footprint": "By footprint"}

TITLE = "Who governs what"


def describe(state: ViewState, full: Landscape) -> str:
    """One line saying what the view shows, with names (for the title block)."""
    parts: list[str] = []
    if state.levels:
        parts.append("level: " + ", ".join(ui.humanise(v) for v in state.levels))
    if state.kinds:
        parts.append("kind: " + ", ".join(ui.humanise(v) for v in state.kinds))
    if state.themes:
        parts.append("theme: " + ", ".join(ui.humanise(v) for v in state.themes))
    if state.areas:
        parts.append("area: " + ", ".join(full.name_of(v) for v in state.areas))
    if state.organisations:
        parts.append("organisation: " + ", ".join(full.name_of(v)
                                                  for v in state.organisations))
    if state.focus:
        steps = "step" if state.depth == 1 else "steps"
        parts.append(f"around {full.name_of(state.focus)} ({state.depth} {steps})")
    if state.search:
        parts.append(f"names containing “{state.search}”")
    if state.mark:
        parts.append("picked out: " + ui.names([full.name_of(v) for v in state.mark]))
    text = "; ".join(parts)
    # only the first letter: the names inside keep their capitals ("Around Safer Gwent")
    return text[:1].upper() + text[1:] if parts else "Every body and organisation"


def _sidebar(full: Landscape) -> None:
    known = shell.known_values(full)
    with st.sidebar:
        st.subheader("Find", divider="gray")
        st.text_input("Search names", key=key("search"), placeholder="e.g. Cardiff, Gwent",
                      persist_state="session", icon=":material/search:")
        focus_options = sorted(known["focus"], key=lambda i: full.name_of(i).casefold())
        st.selectbox("Focus on", focus_options, index=None, key=key("focus"),
                     format_func=full.name_of, persist_state="session",
                     placeholder="A body or organisation…",
                     help="Show only what is linked to it, up to the depth below.")
        st.slider("Depth", MIN_DEPTH, MAX_DEPTH, key=key("depth"), persist_state="session",
                  disabled=st.session_state.get(key("focus")) is None,
                  help="How many links away from the focus to go.")
        st.subheader("Filter", divider="gray")
        st.multiselect("Level", list(vocab.LEVELS), key=key("levels"),
                       format_func=ui.humanise, persist_state="session",
                       placeholder="All levels")
        st.multiselect("Kind", known["kinds"], key=key("kinds"), format_func=ui.humanise,
                       persist_state="session", placeholder="All kinds")
        st.multiselect("Theme", known["themes"], key=key("themes"), format_func=ui.humanise,
                       persist_state="session", placeholder="All themes")
        st.multiselect("Area", known["areas"], key=key("areas"), format_func=full.name_of,
                       persist_state="session", placeholder="All of Wales",
                       help="Bodies whose footprint covers any of these council areas.")
        st.multiselect("Organisation", sorted(known["organisations"],
                                              key=lambda i: full.name_of(i).casefold()),
                       key=key("organisations"), format_func=full.name_of,
                       persist_state="session", placeholder="Any organisation",
                       help="Only the bodies these organisations sit on or answer to.")
        st.subheader("Display", divider="gray")
        st.selectbox("Node size", list(SIZE_BY), key=key("size_by"),
                     format_func=lambda v: SIZE_LABELS.get(v, v), persist_state="session",
                     help="Seats: members of a body, or bodies an organisation sits on. "
                     "Betweenness: how much of the network of seats runs through it (the "
                     "Duplication page's brokers). Findings: how many of the report's "
                     "findings concern it.")
        st.selectbox("Group", ["", *GROUP_BY], key=key("group"),
                     format_func=lambda v: GROUP_LABELS.get(v, v), persist_state="session",
                     on_change=_close_groups,
                     help="Draw the bodies (and the organisations) of each kind or footprint "
                     "as one node, with its count, and the links between groups counted. "
                     "Open a group again with the buttons above the picture.")
        st.toggle("Physics", key=key("physics"), persist_state="session",
                  help="Let the nodes move and settle. Off keeps the layered layout, the "
                  "same every time.")
        st.subheader("Compare", divider="gray")
        st.date_input("With the day", value=None, key=key("compare"),
                      min_value=shell.EARLIEST, max_value=dt.date.today(),
                      format="DD/MM/YYYY",
                      help="Draw the landscape of both days on one picture, with what "
                      "started, ended or changed between them ringed (the same as "
                      "govmap diff). Filters do not apply to the comparison.")


def _clear_mark() -> None:
    st.session_state[key("mark")] = []


def _close_groups() -> None:
    st.session_state[key("expand")] = []


def _open_groups(chosen: list[str], by: str, landscape: Landscape) -> None:
    """The buttons that open and close groups (the choice is the view's ``open=``)."""
    options = grouping.choices(landscape, chosen, by)
    ss = st.session_state
    # only what this view can open: a kind or footprint the filters left out is dropped
    ss[key("expand")] = [v for v in ss.get(key("expand")) or () if v in options]
    if not options:
        st.caption("Every kind or footprint here has a single body or organisation: "
                   "nothing to group.")
        return
    picked, close = st.columns([8, 1], vertical_alignment="bottom")
    with picked:
        st.multiselect(f"Open groups ({len(options)} can be opened)", list(options),
                       key=key("expand"), format_func=lambda v: options.get(v, v),
                       persist_state="session", placeholder="Pick a group to draw its "
                       "bodies or organisations one by one…",
                       help="Each group is drawn as one hexagon, named with how many it "
                       "holds. Pick it here to draw its members; remove it to close it.")
    close.button("Close all", on_click=_close_groups, icon=":material/unfold_less:",
                 disabled=not ss.get(key("expand")), width="stretch",
                 help="Draw every group as one node again.")


@st.cache_data(max_entries=32, show_spinner="Drawing the network…")
def _grouped_network(data_key: str, day: dt.date, choice: cache.FilterKey, size_by: str,
                     physics: bool, presenter: bool, title: str, subtitle: str, source: str,
                     group: str, expand: tuple[str, ...], _landscape: Landscape,
                     asset_url: str | None = None, spotlight: tuple[str, ...] = (),
                     _report: Report | None = None) -> str:
    """The network grouped by kind or footprint (:mod:`govmap.views.grouping`), cached on
    the data's content and the view's choices like :func:`govmap.app.cache.network`."""
    counts = count_findings(_report.findings) if _report is not None else None
    return str(network_html(_landscape, cache.view_filter(choice), title=title,
                            subtitle=subtitle, presenter=presenter, physics=physics,
                            size_by=size_by, source=source, asset_url=asset_url,
                            spotlight=spotlight or None, finding_counts=counts,
                            group_by=group, expanded=expand))


def render() -> None:
    """Draw the Network page."""
    ctx = shell.context()
    landscape = ctx.require()
    assert ctx.full is not None
    _sidebar(ctx.full)
    state = shell.current_state()
    if not ctx.state.presenter:
        st.title("Network")
        st.caption("Boards and partnerships (circles) and the organisations that sit on them "
                   "(squares), national at the top and local at the bottom. Hover over a "
                   "node for its details and sources; scroll to zoom, drag to move.")

    summary = cache.summary(ctx.key, ctx.day, landscape)
    chosen = cache.selected(ctx.key, ctx.day, cache.filter_key(state), landscape)
    counts = summary["counts"]
    columns = st.columns(5)
    columns[0].metric("Bodies", counts["bodies"], border=True,
                      help="Boards, partnerships and groups active on this day.")
    columns[1].metric("Organisations", counts["organisations"], border=True)
    columns[2].metric("Seats", counts["memberships"], border=True,
                      help="Memberships: an organisation's seat on a body.")
    columns[3].metric("Reporting lines", counts["reporting_lines"], border=True)
    columns[4].metric("In this view", len(chosen), border=True,
                      help="Bodies and organisations the filters, focus and search keep.")

    if state.mark:
        names = ui.names([ctx.full.name_of(v) for v in state.mark])
        note, clear = st.columns([6, 1], vertical_alignment="center")
        note.info(f"Picked out: {ui.escape(names)}. Everything else is dimmed; hover or "
                  "click a node to see its neighbours.", icon=":material/my_location:")
        clear.button("Clear", on_click=_clear_mark, icon=":material/close:",
                     help="Show the network without anything picked out.")

    subtitle = describe(state, ctx.full)
    full = ctx.full
    report = (cache.report(ctx.key, ctx.day, ctx.full) if state.size_by == "findings"
              else None)

    comparing = bool(state.compare and state.compare != ctx.day)
    if state.group and not comparing:
        _open_groups(chosen, state.group, landscape)
        state = shell.current_state()

    def view(asset_url: str | None) -> str:
        if state.compare and state.compare != ctx.day:
            return cache.compared_network(ctx.key, ctx.day, state.compare, state.presenter,
                                          f"{TITLE}: two days", f"govmap, {ctx.source}",
                                          full, asset_url)
        if state.group:
            return _grouped_network(ctx.key, ctx.day, cache.filter_key(state), state.size_by,
                                    state.physics, state.presenter, TITLE, subtitle,
                                    f"govmap, {ctx.source}", state.group, state.expand,
                                    landscape, asset_url, state.mark, report)
        return cache.network(ctx.key, ctx.day, cache.filter_key(state), state.size_by,
                             state.physics, state.presenter, TITLE, subtitle,
                             f"govmap, {ctx.source}", (), landscape, asset_url,
                             state.mark, report)

    if state.compare and state.compare != ctx.day:
        st.info(f"Two days on one picture: {ctx.day:%-d %B %Y} and "
                f"{state.compare:%-d %B %Y}. Ringed: what started, ended or changed between "
                "them. The filters and the grouping do not apply here; clear **With the "
                "day** in the sidebar to go back.", icon=":material/compare_arrows:")

    # on screen the vis-network files are served once and cached by the browser; the
    # download inlines them, built only when someone asks for it
    st.iframe(view(cache.asset_url()), height=940 if state.presenter else 880,
              alt=f"Network of bodies and organisations: {subtitle}")
    left, right = st.columns([1, 3])
    left.download_button(
        "Download this view", lambda: view(None),
        file_name=f"govmap-network-{ctx.day.isoformat()}.html",
        mime="text/html", icon=":material/download:", type="primary",
        help="One HTML file that works offline: open it in any browser, no internet needed.")
    right.caption("The download is the picture above as a single file, with its legend and "
                  "title block; the same as `govmap render` with these filters.")


if __name__ == "__main__":
    render()
