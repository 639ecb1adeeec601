"""Data page: which data is shown, whether it is valid, and where each fact comes from.

Upload YAML files (or a zip of them, or a spreadsheet in Kumu's layout) to explore your own
landscape: they are checked in
memory with :func:`govmap.model.load.check_bytes`, exactly as ``govmap validate`` checks
files on disk, and every problem is listed with its file, line and column.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from govmap.app import cache, shell, ui
from govmap.app.uploads import keep_memory_returnable, screen
from govmap.export.cells import frame_csv
from govmap.files import content_key
from govmap.model.landscape import Landscape
from govmap.model.problems import format_problems
from govmap.views.network import cited

_FILES = "_govmap_upload_files"
_REJECTED = "_govmap_rejected"
#: How many uploads this session made: part of the uploader's key, so that each upload
#: gets a fresh, empty uploader and the previous one's files are let go.
_UPLOADS = "_govmap_uploads"


def _uploader_key() -> str:
    return f"{_FILES}-{st.session_state.get(_UPLOADS, 0)}"


def _release(given: list[Any]) -> None:
    """Let go of uploaded files once they are checked: Streamlit keeps each in memory for
    as long as its session lasts (and two minutes after), which a few large hostile files
    would make a lasting cost. The next run draws a new, empty uploader."""
    st.session_state[_UPLOADS] = st.session_state.get(_UPLOADS, 0) + 1
    ctx = get_script_run_ctx()
    remove = getattr(getattr(ctx, "uploaded_file_mgr", None), "remove_file", None)
    if ctx is None or remove is None:
        return
    for file in given:
        with contextlib.suppress(Exception):  # already gone: nothing to let go of
            remove(session_id=ctx.session_id, file_id=file.file_id)


def _on_upload(key: str) -> None:
    """Check what was uploaded; switch to it when it is valid, else keep its problems.

    The check runs in a child process within a time and memory budget
    (:func:`govmap.app.uploads.screen`), so a hostile file costs this server nothing; a
    valid upload is then loaded here, once, through the cache.
    """
    given = list(st.session_state.get(key) or [])
    st.session_state[_REJECTED] = None
    if not given:
        return
    names = [f.name for f in given]
    screened = screen([(f.name, f.getbuffer()) for f in given])  # sent as they are
    _release(given)
    del given
    label = ui.names(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    files = screened.files
    data_key = content_key(files)
    if not screened.valid:  # only its problems are kept
        upload = shell.Upload(data_key, label, (), tuple(screened.problems))
        st.session_state[_REJECTED] = (upload, None)
        return
    upload = shell.Upload(data_key, label, tuple(files), ())
    result = cache.checked(data_key, upload.files)
    if result.landscape is None:  # cannot differ from the child's answer; kept for safety
        st.session_state[_REJECTED] = (upload, result)
        return
    shell.set_upload(upload, switch=True)


def _use_embedded() -> None:
    shell.set_upload(None, switch=False)
    st.session_state[_REJECTED] = None


def _provenance(landscape: Landscape) -> pd.DataFrame:
    """One row per entity of the dated landscape: names, sources, confidence, location."""
    rows: list[dict[str, Any]] = []
    tables: tuple[tuple[str, Any], ...] = (
        ("Body", landscape.bodies), ("Organisation", landscape.organisations),
        ("Footprint", landscape.footprints), ("Duty", landscape.duties),
        ("Area", landscape.areas),
    )
    for label, table in tables:
        for entity in table.values():
            where = landscape.locations.get(entity.id)
            rows.append({
                "Name": entity.name,
                "Type": label,
                "Kind": ui.humanise(getattr(entity, "kind", getattr(entity, "family", ""))),
                "Confidence": entity.confidence or "not given",
                "Dates confidence": entity.date_confidence or "not given",
                "Sources": "; ".join(cited(landscape, entity.sources)) or "none given",
                "Defined at": str(where) if where else "",
                "Id": entity.id,
            })
    return pd.DataFrame(rows, columns=["Name", "Type", "Kind", "Confidence",
                                       "Dates confidence", "Sources", "Defined at", "Id"])


def render() -> None:
    """Draw the Data page."""
    keep_memory_returnable()  # before any upload reaches this server
    ctx = shell.context()
    st.title("Data")
    st.caption("What the explorer is showing, whether it is valid, and where each fact "
               "comes from.")

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Now showing")
        result = ctx.result
        if result.landscape is not None:
            st.success(f"The {ui.escape(ctx.source)} is valid: {len(result.files)} file(s), "
                       f"{len(result.warnings)} warning(s).", icon=":material/check_circle:")
        ui.show_problems(result.problems, title=None if result.landscape is not None else
                         f"The {ui.escape(ctx.source)} has {len(result.errors)} error(s).")
        if shell.upload() is not None and ctx.state.dataset != "embedded":
            st.button("Go back to the embedded Wales data", on_click=_use_embedded,
                      icon=":material/undo:")
    with right:
        st.subheader("Use your own data")
        st.file_uploader(
            "Landscape files (.yaml, .yml, .json), a .zip of them, or a spreadsheet in "
            "Kumu's layout (.xlsx, .csv)",
            type=["yaml", "yml", "json", "zip", "xlsx", "csv"], accept_multiple_files=True,
            key=_uploader_key(), on_change=_on_upload, args=(_uploader_key(),),
            help="Checked in memory and never saved: up to 50 MB in all (a zip: up to 200 "
            "files, 20 MB each once unzipped), within a time limit. The format is described "
            "in docs/schema.md, spreadsheets in docs/exchange.md; `govmap validate FILES` and "
            "`govmap import-sheet` give the same messages on the command line.",
        )
        rejected = st.session_state.get(_REJECTED)
        if rejected:
            upload, checked = rejected
            problems = list(upload.problems) + (list(checked.problems) if checked else [])
            errors = [p for p in problems if p.severity == "error"]
            ui.show_problems(problems, title=(
                f"Your upload has {len(errors)} error(s), so the explorer is still showing "
                f"the {ui.escape(ctx.source)}. Fix these and upload again:"))
            st.download_button("Download the list of problems", format_problems(problems),
                               file_name="govmap-problems.txt", mime="text/plain",
                               icon=":material/download:")

    landscape = ctx.landscape
    if landscape is None:
        return
    st.subheader(f"Sources and confidence, as at {ctx.day:%-d %B %Y}")
    st.caption("Every body, organisation, footprint, duty and area in the view, with the "
               "documents it comes from and how sure the data is: **stated** (a source says "
               "so), **derived** (follows from what a source says), **inferred** (the best "
               "reading), **general-knowledge** (a public fact the sources assume; check it "
               "before presenting).")
    table = _provenance(landscape)
    state = ctx.state
    filtered = bool(state.levels or state.kinds or state.themes or state.areas
                    or state.organisations or state.focus or state.search)
    if filtered and st.toggle("Only what the Network page shows", value=True,
                              key="_govmap_data_in_view"):
        in_view = set(cache.selected(ctx.key, ctx.day, cache.filter_key(state), landscape))
        table = table[table["Id"].isin(in_view)]
    kinds = st.multiselect("Show", ["Body", "Organisation", "Footprint", "Duty", "Area"],
                           default=["Body", "Organisation"], key="_govmap_data_types")
    levels = sorted(table["Confidence"].unique())
    chosen = st.multiselect("Confidence", levels, default=levels, key="_govmap_data_conf")
    shown = table[table["Type"].isin(kinds) & table["Confidence"].isin(chosen)]
    st.dataframe(shown, hide_index=True, width="stretch", height=420,
                 column_config={"Id": st.column_config.TextColumn(width="small")})
    st.download_button("Download as CSV", frame_csv(shown),
                       file_name="govmap-sources.csv", mime="text/csv",
                       icon=":material/download:")


if __name__ == "__main__":
    render()
