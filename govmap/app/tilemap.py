"""Map page: the 22 councils as tiles, coloured by a measure, with footprints outlined.

The tiles are :func:`govmap.views.tiles.tile_map_svg`; the values per area are
:func:`govmap.views.tiles.measure_values` over the report (``govmap render --view tiles
--measure ...``); the matrix is the report's ``family_coterminosity`` table.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govmap.app import cache, shell, ui
from govmap.app.shell import key
from govmap.model.landscape import Landscape
from govmap.report import Report
from govmap.state import MEASURES
from govmap.views import tiles


def family_label(family: str) -> str:
    """A footprint family as words ('police_force_area' -> 'Police force area')."""
    return tiles.family_name(family)


def relation_matrix(report: Report) -> tuple[pd.DataFrame, list[str]]:
    """The report's family-by-family coterminosity as a square table of shares (0 to 1),
    with full names; and the families left out because they tell nothing: every one of
    their footprints nests in every other family's, and every other family's in theirs.
    """
    rows = report.table("family_coterminosity")
    if not rows:
        return pd.DataFrame(), []
    frame = pd.DataFrame(rows)
    matrix = frame.pivot(index="x", columns="y", values="share")
    families = [f for f in matrix.index if f in matrix.columns]
    trivial = [f for f in families
               if (matrix.loc[f].drop(f, errors="ignore").fillna(1.0) >= 1.0).all()
               and (matrix[f].drop(f, errors="ignore").fillna(1.0) >= 1.0).all()]
    kept = [f for f in families if f not in trivial]
    matrix = matrix.loc[kept, kept]
    matrix.index = [family_label(str(v)) for v in matrix.index]
    matrix.columns = [family_label(str(v)) for v in matrix.columns]
    return matrix, [family_label(f) for f in trivial]


def _sidebar(landscape: Landscape) -> None:
    families = sorted({f.family for f in landscape.footprints.values()} - {"local_authority"})
    with st.sidebar:
        st.subheader("Map", divider="gray")
        st.selectbox("Colour councils by", list(MEASURES), key=key("measure"),
                     format_func=lambda m: ui.humanise(tiles.MEASURES[m].label),
                     persist_state="session",
                     help="Each measure is a column of the report; see the table under the "
                     "map. The colours start at zero.")
        st.multiselect("Outline the footprints of", families, key=key("family"),
                       format_func=family_label, persist_state="session",
                       placeholder="No outline", max_selections=len(tiles.FAMILY_LINES),
                       help="Draw the footprints of these families (police force areas and "
                       "fire areas, say) around their councils, each family in its own line "
                       "style, to see where one cuts across another.")


def render() -> None:
    """Draw the Map page."""
    ctx = shell.context()
    landscape = ctx.require()
    assert ctx.full is not None
    _sidebar(landscape)
    state = shell.current_state()
    measure = tiles.MEASURES[state.measure]
    report = cache.report(ctx.key, ctx.day, ctx.full)
    values = cache.measure_values(ctx.key, ctx.day, state.measure, report, landscape)
    if not ctx.state.presenter:
        st.title("Map")
        st.caption(f"Each square is a council area, placed roughly where it is in Wales, and "
                   f"coloured by {measure.label}. Hover over a square for its value.")

    chosen = state.family
    subtitle = f"As at {ctx.day:%-d %B %Y}" + (
        " · outlined: " + ui.names([family_label(f).lower() + "s" for f in chosen])
        if chosen else "")
    svg = cache.tile_svg(ctx.key, ctx.day, state.measure, chosen, subtitle, values,
                         landscape)
    left, right = st.columns([1, 1], gap="medium")
    with left:
        st.iframe("<!DOCTYPE html><html><head><style>body{margin:0} svg{width:100%;"
                  f"height:auto;display:block}}</style></head><body>{svg}</body></html>",
                  height="content", alt=f"Tile map of Welsh councils coloured by "
                  f"{measure.label}")
        st.download_button("Download the map (SVG)", svg,
                           file_name=f"govmap-map-{state.measure}-{ctx.day.isoformat()}.svg",
                           mime="image/svg+xml", icon=":material/download:")
    with right:
        st.subheader("How footprints fit each other", divider="gray")
        st.caption("Share of each row family's footprints that straddle no footprint of the "
                   "column family: 100% means they nest cleanly; red marks a family that "
                   "cuts across another. From the report's `family_coterminosity` table.")
        matrix, trivial = relation_matrix(report)
        if matrix.empty:
            st.info("No footprints to compare on this day.")
        else:
            styled = matrix.style.format("{:.0%}").background_gradient(
                cmap="YlOrRd_r", vmin=0.0, vmax=1.0, axis=None)
            st.dataframe(styled, width="stretch", height=35 * (len(matrix) + 1) + 3)
            if trivial:
                st.caption("Left out, because they nest cleanly in every other family and "
                           f"every other family in them: {ui.names(trivial)}.")
        for family in chosen:
            rows = [r for r in report.table("family_coterminosity")
                    if r["x"] == family and r["straddling_names"] and r["y"] != family]
            if rows:
                st.markdown(f"**{family_label(family)}s that straddle other footprints**")
                st.dataframe(pd.DataFrame(
                    [{"Against": family_label(r["y"]), "Straddling": ", ".join(
                        r["straddling_names"])} for r in rows]),
                    hide_index=True, width="stretch")

    st.subheader(f"{ui.humanise(measure.label)}, by council", divider="gray")
    st.caption(f"{ui.humanise(measure.description)}.")
    table = pd.DataFrame(
        [{"Council area": landscape.name_of(area), "Value": value}
         for area, value in values.items() if area in landscape.areas],
        columns=["Council area", "Value"]).sort_values(
            ["Value", "Council area"], ascending=[False, True])
    st.dataframe(table, hide_index=True, width="stretch", height=300)


if __name__ == "__main__":
    render()
