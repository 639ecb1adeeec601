"""Every expensive step of the explorer, cached on the content of the data.

Each function takes ``key`` (a hash of the data's file names and contents, see
:func:`govmap.files.content_key`) and the other hashable choices that define its
result, plus the landscape itself as an underscore argument, which Streamlit does not hash.
Equal data and equal choices therefore give a cache hit, however the data arrived, and a
mutable object is never part of a key.

Landscapes and reports are immutable, so they are kept with ``st.cache_resource`` (shared,
not copied on every rerun); text and tables use ``st.cache_data``.

What only some pages need (the report and its writers, scenarios, the tile map, the
comparison of two days) is imported by the function that needs it, so that the first
visitor after a start, who opens the Network page, does not wait for it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import streamlit as st

from govmap.app.uploads import embedded_files
from govmap.model.cache import cached_check_bytes
from govmap.model.landscape import Landscape
from govmap.model.load import DATA_DIR, LoadResult
from govmap.model.problems import Problem
from govmap.state import ViewState
from govmap.summary import summarise
from govmap.views import timeline
from govmap.views.assets import write_assets
from govmap.views.filters import ViewFilter, select
from govmap.views.network import count_findings, network_html

if TYPE_CHECKING:
    from govmap.report import Report
    from govmap.scenario.diff import Diff
    from govmap.scenario.format import Scenario


def optional(module: str) -> ModuleType | None:
    """A govmap module that may not exist yet in this checkout (None when missing)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


@st.cache_resource(max_entries=16, show_spinner="Reading and checking the data…")
def checked(key: str, _files: tuple[tuple[str, bytes], ...]) -> LoadResult:
    """Validate files (``check_bytes``), once per distinct content.

    The embedded data is also remembered across restarts in the cache of checked
    landscapes (:mod:`govmap.model.cache`); nothing uploaded is written to disk.
    """
    files = list(_files)
    return cached_check_bytes(files, use_cache=files == embedded_files())


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


def filter_key(state: ViewState) -> FilterKey:
    """The network choices of a view, as a hashable key."""
    return (state.levels, state.kinds, state.themes, state.areas, state.organisations,
            state.focus, state.depth, state.search)


def view_filter(choice: FilterKey) -> ViewFilter:
    """The :class:`govmap.views.filters.ViewFilter` for a filter key."""
    levels, kinds, themes, areas, organisations, focus, depth, search = choice
    return ViewFilter(levels=frozenset(levels), kinds=frozenset(kinds),
                      themes=frozenset(themes), areas=frozenset(areas),
                      organisations=frozenset(organisations), focus=focus, depth=depth,
                      search=search)


@st.cache_resource(max_entries=8, show_spinner=False)
def stops(key: str, _full: Landscape) -> list[timeline.Stop]:
    """The days bodies or organisations start or end (:func:`govmap.views.timeline.stops`)."""
    return timeline.stops(_full)


@st.cache_data(max_entries=64, show_spinner=False)
def selected(key: str, day: dt.date, choice: FilterKey, _landscape: Landscape) -> list[str]:
    """Ids of the bodies and organisations a view shows (:func:`~govmap.views.filters.select`)."""
    return sorted(select(_landscape, view_filter(choice)))


@st.cache_data(max_entries=64, show_spinner="Drawing the network…")
def network(key: str, day: dt.date, choice: FilterKey, size_by: str, physics: bool,
            presenter: bool, title: str, subtitle: str, source: str,
            highlight: tuple[tuple[str, str], ...], _landscape: Landscape,
            asset_url: str | None = None, spotlight: tuple[str, ...] = (),
            _report: Report | None = None) -> str:
    """The network document (:func:`govmap.views.network.network_html`): self-contained,
    or, with ``asset_url``, linking the vis-network files the explorer serves.

    ``spotlight`` picks nodes out (a finding's subjects); ``_report`` (the report of
    ``day``) gives the counts when nodes are sized by findings."""
    counts = count_findings(_report.findings) if _report is not None else None
    return str(network_html(_landscape, view_filter(choice), title=title, subtitle=subtitle,
                            presenter=presenter, physics=physics, size_by=size_by,
                            highlight=dict(highlight) or None, source=source,
                            asset_url=asset_url, spotlight=spotlight or None,
                            finding_counts=counts))


@st.cache_data(max_entries=16, show_spinner="Comparing the two days…")
def compared_network(key: str, day: dt.date, other: dt.date, presenter: bool, title: str,
                     source: str, _full: Landscape, asset_url: str | None = None) -> str:
    """The network of two days on one picture (:func:`govmap.views.compare.combined`),
    with what started, ended or changed between them ringed (as
    ``govmap diff --as-at OTHER --as-at DAY`` compares them)."""
    from govmap.scenario.diff import structural_diff
    from govmap.views import compare

    first, last = sorted((day, other))
    before, after = _full.as_at(first), _full.as_at(last)
    change = structural_diff(before, after)
    return str(network_html(
        compare.combined(before, after), ViewFilter(), title=title,
        subtitle=f"From {first:%-d %B %Y} to {last:%-d %B %Y}: ringed, what started "
        "(added), ended (removed) or changed", presenter=presenter,
        highlight=dict(highlights(change, "both")) or None, source=source,
        asset_url=asset_url, highlight_labels={
            "added": f"started after {first:%-d %b %Y}",
            "removed": f"ended by {last:%-d %b %Y}", "changed": "changed between the days"}))


#: Where Streamlit serves files from (``server.enableStaticServing``): beside the script it
#: runs. ``python -m govmap.app.serve`` (``make run``) runs a launcher in the user's cache
#: and says so in ``GOVMAP_STATIC_DIR``; ``streamlit run app.py`` serves ``static/`` beside it.
STATIC_DIR = Path(os.environ.get("GOVMAP_STATIC_DIR")
                  or Path(__file__).resolve().parents[2] / "static")
#: The URL that folder is served at.
STATIC_URL = "app/static"


@st.cache_resource(show_spinner=False)
def asset_url() -> str | None:
    """Where the in-app network view loads vis-network from, or None to inline it.

    Served once and cached by the browser, the 670 KB script and style sheet no longer
    travel inside every redraw. None when the folder cannot be written (a read-only
    install), and the view inlines them as a download does.
    """
    return STATIC_URL if write_assets(STATIC_DIR) else None


@st.cache_resource(max_entries=32, show_spinner="Computing the report…")
def report(key: str, day: dt.date, _full: Landscape) -> Report:
    """:func:`govmap.report.build_report` as at ``day`` (``govmap report --as-at DAY``)."""
    from govmap.report import build_report

    return build_report(_full, day)


@st.cache_data(max_entries=16, show_spinner="Writing the workbook…")
def report_xlsx(key: str, day: dt.date, _report: Report) -> bytes:
    """The report as an XLSX workbook (``govmap report --format xlsx``)."""
    from govmap.report_format import to_xlsx

    return to_xlsx(_report)


@st.cache_data(max_entries=16, show_spinner=False)
def report_markdown(key: str, day: dt.date, _report: Report, _full: Landscape) -> str:
    """The report as Markdown (``govmap report --format md``)."""
    from govmap.report_format import to_markdown

    return to_markdown(_report, _full)


# -- scenarios -------------------------------------------------------------------------------

#: Where the shipped scenarios live (``data/scenarios/*.yaml``).
SCENARIO_DIR = DATA_DIR / "scenarios"


@dataclass(frozen=True)
class Outcome:
    """What applying a scenario to a landscape gave (see :func:`scenario_outcome`)."""

    scenario: Scenario | None
    problems: tuple[Problem, ...]
    before: Landscape | None = None
    after: Landscape | None = None
    diff: Diff | None = None


def shipped_scenarios() -> dict[str, tuple[str, str]]:
    """Each shipped scenario: file stem -> (its name, its YAML text)."""
    from govmap.scenario.format import scenario_from_text

    found: dict[str, tuple[str, str]] = {}
    if not SCENARIO_DIR.is_dir():
        return found
    for path in sorted(SCENARIO_DIR.glob("*.y*ml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        scenario, _ = scenario_from_text(text, f"data/scenarios/{path.name}")
        found[path.stem] = (scenario.name if scenario else path.stem, text)
    return found


@st.cache_resource(max_entries=32, show_spinner="Applying the scenario and comparing…")
def scenario_outcome(key: str, text: str, file: str, _full: Landscape) -> Outcome:
    """Read a scenario, apply it and compare, as ``govmap scenario FILE`` does.

    The diff compares the landscape as at the scenario's date with the landscape after
    the scenario (:func:`govmap.scenario.diff.diff`, metrics included).
    """
    from govmap.scenario.apply import run as run_scenario
    from govmap.scenario.diff import diff
    from govmap.scenario.format import scenario_from_text

    scenario, problems = scenario_from_text(text, file)
    if scenario is None:
        return Outcome(None, tuple(problems))
    before = _full.as_at(scenario.date)  # dated once: what the scenario leaves alone is
    after, problems = run_scenario(before, scenario)  # the same object on both sides
    if after is None:
        return Outcome(scenario, tuple(problems))
    return Outcome(scenario, (), before, after, diff(before, after))


@st.cache_data(max_entries=32, show_spinner=False)
def scenario_briefing(key: str, text: str, file: str, _outcome: Outcome) -> str:
    """The Markdown briefing of a scenario's outcome (``govmap scenario FILE``)."""
    from govmap.scenario.briefing import briefing

    if _outcome.diff is None:
        return ""
    return briefing(_outcome.diff, _outcome.scenario)


def highlights(change: Diff, side: str) -> tuple[tuple[str, str], ...]:
    """Node id -> added/removed/changed for one side of a scenario's view
    (:func:`govmap.views.compare.marks`, for bodies and organisations as :func:`diff`
    reports them)."""
    from govmap.views import compare

    tables = (change.bodies, change.organisations)
    found = compare.marks([i for t in tables for i in t.added],
                          [i for t in tables for i in t.removed],
                          [e.id for t in tables for e in t.changed], side)
    return tuple(found.items())


@st.cache_data(max_entries=32, show_spinner="Drawing before and after…")
def scenario_network(key: str, text: str, file: str, side: str, presenter: bool,
                     source: str, _outcome: Outcome) -> str:
    """The network before, after, or both at once (``side``), with what changed ringed."""
    from govmap.views import compare

    before, after = _outcome.before, _outcome.after
    if before is None or after is None or _outcome.diff is None or _outcome.scenario is None:
        return ""
    landscape = {"before": before, "after": after}.get(side) or compare.combined(before, after)
    title = {"before": "Before", "after": "After", "both": "Before and after"}[side]
    ringed = {"before": "what the scenario removes or changes",
              "after": "what the scenario adds or changes",
              "both": "what the scenario adds, removes and changes"}[side]
    return str(network_html(
        landscape, ViewFilter(), title=f"{title}: {_outcome.scenario.name}",
        subtitle=f"Ringed: {ringed}", presenter=presenter,
        highlight=dict(highlights(_outcome.diff, side)) or None,
        source=source, asset_url=asset_url()))


# -- the tile map ----------------------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def measure_values(key: str, day: dt.date, measure: str, _report: Report,
                   _landscape: Landscape) -> dict[str, float]:
    """One number per area (:func:`govmap.views.tiles.measure_values` over the report)."""
    from govmap.views import tiles

    return tiles.measure_values(_report.to_dict(), _landscape, measure)


@st.cache_data(max_entries=64, show_spinner=False)
def tile_svg(key: str, day: dt.date, measure: str, families: tuple[str, ...],
             subtitle: str, values: dict[str, float], _landscape: Landscape) -> str:
    """The tile map (:func:`govmap.views.tiles.tile_map_svg`) with these footprint
    families outlined, each in its own line style."""
    from govmap.views import tiles

    chosen = tiles.MEASURES[measure]
    outlined = [(tiles.family_name(f), tiles.family_outline(_landscape, f)) for f in families]
    return tiles.tile_map_svg(_landscape, values, title=f"Councils by {chosen.label}",
                              subtitle=subtitle, legend=chosen.label, families=outlined)
