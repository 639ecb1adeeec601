"""Static pictures (PNG, SVG) of the network and the tile map, for pasting into reports.

Drawn with matplotlib's object API on its Agg canvas (no ``pyplot``: no global state, no
window, safe in the explorer's threads) in DejaVu Sans, which matplotlib ships, so a bare
machine draws the same picture. The network uses the same positions, colours and shapes
as the HTML view (:func:`govmap.views.network.network_data`); the tile map the same
layout and colour scale as :func:`govmap.views.tiles.tile_map_svg`.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle

from govmap.model.landscape import Landscape
from govmap.views import style
from govmap.views.filters import EVERYTHING, ViewFilter
from govmap.views.network import network_data
from govmap.views.tiles import (
    FAMILY_LINES,
    NO_VALUE,
    OUTLINE_COLOURS,
    boundary_segments,
    colour_scale,
    format_value,
    scale_steps,
    tile_layout,
    wrap_words,
)

FORMATS = ("png", "svg")
FONT = "DejaVu Sans"
#: Above this many nodes, names are left off the picture (they would only overlap).
MAX_LABELLED = 250
#: Above this many arrows, links are drawn as plain lines (arrow heads cost time).
MAX_ARROWS = 1500
_MARKERS = {style.BODY_SHAPE: "o", style.ORGANISATION_SHAPE: "s", style.AGGREGATE_SHAPE: "h"}


def figure_bytes(figure: Figure, fmt: str, *, dpi: int = 150) -> bytes:
    """Encode a figure as PNG or SVG; the same figure always gives the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format '{fmt}'; use png or svg")
    FigureCanvasAgg(figure)  # draw off-screen, whatever backend the process has chosen
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "govmap", "svg.fonttype": "none"}):
        metadata: dict[str, Any] = (
            {"Date": None, "Creator": "govmap"} if fmt == "svg" else {"Software": "govmap"}
        )
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def _dashes(dashes: Sequence[int]) -> Any:
    """A matplotlib line style: solid, or an (offset, on-off sequence) dash pattern."""
    return (0.0, tuple(d / 2 for d in dashes)) if dashes else "solid"


def _faded(colour: str, edge: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """A link's colour, faint when a spotlight dims it."""
    return to_rgba(colour, style.DIMMED_OPACITY if edge.get("dimmed") else 1.0)


def network_figure(landscape: Landscape, view_filter: ViewFilter = EVERYTHING, *, title: str,
                   subtitle: str = "", size_by: str = "seats", max_nodes: int = 2000,
                   highlight: Mapping[str, str] | None = None,
                   finding_counts: Mapping[str, int] | None = None,
                   spotlight: Collection[str] | None = None, group_by: str = "",
                   expanded: Collection[str] = ()) -> Figure:
    """The network view as a matplotlib figure.

    Same nodes, positions, colours, shapes and link styles as the HTML view; the legend
    sits to the right. Names are written under the nodes up to :data:`MAX_LABELLED`
    nodes; the subtitle says when they are left off. Spotlit nodes (``spotlight``, as for
    :func:`~govmap.views.network.network_data`) get a thick dark ring and are always
    named; the rest, and the links that touch none of them, are drawn faint.
    """
    data = network_data(landscape, view_filter, size_by=size_by, max_nodes=max_nodes,
                        highlight=highlight, finding_counts=finding_counts,
                        spotlight=spotlight, group_by=group_by, expanded=expanded)
    nodes = data["nodes"]
    xs = [n["x"] for n in nodes] or [0.0]
    ys = [n["y"] for n in nodes] or [0.0]
    span_x = max(xs) - min(xs) + 200
    span_y = max(ys) - min(ys) + 200
    width = min(30.0, max(9.0, span_x / 110 + 3.5))
    height = min(30.0, max(6.0, span_y / 110 + 1.5))
    figure = Figure(figsize=(width, height), layout="constrained")
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(min(xs) - 100, max(xs) + 100)
    ax.set_ylim(max(ys) + 110, min(ys) - 90)  # y grows downwards, as on screen

    where = {n["id"]: (n["x"], n["y"]) for n in nodes}
    size_of = {n["id"]: n["size"] for n in nodes}
    arrows = sum(1 for e in data["edges"] if e["arrows"]["to"]["enabled"])
    by_style: dict[str, list[Any]] = {}
    for edge in data["edges"]:
        by_style.setdefault(edge["style"], []).append(edge)
    for key, edges in by_style.items():
        look = style.EDGE_STYLES[key]
        if look.arrow and arrows <= MAX_ARROWS:
            for edge in edges:
                ax.add_patch(FancyArrowPatch(
                    where[edge["from"]], where[edge["to"]], arrowstyle="-|>", mutation_scale=9,
                    color=_faded(look.colour, edge), linewidth=edge["width"] * 0.7,
                    linestyle=_dashes(look.dashes), shrinkA=size_of[edge["from"]] * 0.6,
                    shrinkB=size_of[edge["to"]] * 0.6 + 1, zorder=1))
        else:
            ax.add_collection(LineCollection(
                [[where[e["from"]], where[e["to"]]] for e in edges],
                colors=[_faded(look.colour, e) for e in edges],
                linewidths=[e["width"] * 0.7 for e in edges], linestyles=_dashes(look.dashes),
                zorder=1))

    for shape, marker in _MARKERS.items():
        group = [n for n in nodes if n["shape"] == shape]
        if not group:
            continue
        ax.scatter([n["x"] for n in group], [n["y"] for n in group], marker=marker,
                   s=[(n["size"] * 1.1) ** 2 for n in group],
                   c=[to_rgba(n["color"]["background"], n.get("opacity", 1.0)) for n in group],
                   edgecolors=[to_rgba(n["color"]["border"], n.get("opacity", 1.0))
                               for n in group],
                   linewidths=[3.5 if n.get("spot") else 2.5 if n.get("mark") else 0.8
                               for n in group], zorder=2)
    labelled = len(nodes) <= MAX_LABELLED
    for n in nodes:
        if labelled or n.get("spot"):  # a spotlit node is named whatever the size
            ax.text(n["x"], n["y"] + n["size"] * 0.55 + 12, "\n".join(wrap_words(n["label"], 22)),
                    ha="center", va="top", fontsize=8 if n.get("spot") else 6.5, family=FONT,
                    fontweight="bold" if n.get("spot") else "normal",
                    color=to_rgba("#17202a", max(0.35, n.get("opacity", 1.0))), zorder=3)

    handles: list[Any] = []
    for entry in data["legend"]["nodes"]:
        handles.append(Line2D([], [], linestyle="", marker=_MARKERS[entry["shape"]],
                              markersize=8, markerfacecolor=entry["colour"],
                              markeredgecolor=style.BORDER, label=entry["label"]))
    for entry in data["legend"]["edges"]:
        handles.append(Line2D([], [], color=entry["colour"], linewidth=1.6,
                              linestyle=_dashes(entry["dashes"]),
                              label=entry["label"] + (" →" if entry["arrow"] else "")))
    for entry in data["legend"]["highlights"]:
        handles.append(Line2D([], [], linestyle="", marker="o", markersize=8,
                              markerfacecolor="white", markeredgecolor=entry["colour"],
                              markeredgewidth=2.5, label=entry["label"]))
    if data["spotlight"]:
        handles.append(Line2D([], [], linestyle="", marker="o", markersize=8,
                              markerfacecolor="white", markeredgecolor=style.SPOTLIGHT_COLOUR,
                              markeredgewidth=3,
                              label=f"picked out ({len(data['spotlight'])}); the rest faint"))
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7.5,
                  frameon=False, title=data["legend"]["size"] or None, title_fontsize=7)

    lines = [subtitle] if subtitle else []
    lines.append(f"As at {data['as_at']}" if data["as_at"] else "All dates")
    counts = data["counts"]
    lines.append(f"{counts['drawn']:,} nodes, {counts['edges']:,} links"
                 + ("" if labelled else " (names left off: too many to read)"))
    if data["notice"]:
        lines.append(data["notice"])
    figure.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold", family=FONT)
    ax.set_title("\n".join(lines), loc="left", fontsize=8, color="#566573", family=FONT)
    return figure


def tiles_figure(landscape: Landscape, values: Mapping[str, float], *, title: str,
                 subtitle: str = "", legend: str = "", labels: str = "name",
                 outline: Iterable[frozenset[str]] = (),
                 outline_names: Sequence[str] = (),
                 families: Sequence[tuple[str, Sequence[frozenset[str]]]] = ()) -> Figure:
    """The tile map as a matplotlib figure (see :func:`govmap.views.tiles.tile_map_svg`).

    As in the SVG, the colour scale starts at zero, and each footprint family in
    ``families`` (label, footprints) is outlined in its own line style
    (:data:`govmap.views.tiles.FAMILY_LINES`: colour and dash pattern, earlier families
    wider so that an edge two families share shows both) and named in the key.
    """
    if labels not in {"name", "code", "none"}:
        raise ValueError(f"unknown labels '{labels}'; use name, code or none")
    layout = tile_layout(landscape)
    shown = [values[a] for a in layout.positions if a in values]
    low, high = (min(shown), max(shown)) if shown else (0.0, 0.0)
    low = min(low, 0.0)  # counts start at zero, as in the SVG
    families = list(families)
    extra = 0.35 * len(layout.unplaced) + (0.5 if layout.unplaced else 0)
    figure = Figure(figsize=(1.15 * layout.columns + 3.2, 1.15 * layout.rows + 1.2 + extra))
    ax = figure.add_axes((0.02, 0.02 + extra / (1.15 * layout.rows + 1.2 + extra), 0.7,
                          0.85 - extra / (1.15 * layout.rows + 1.2 + extra)))
    ax.set_axis_off()
    ax.set_xlim(-0.1, layout.columns + 0.1)
    ax.set_ylim(layout.rows + 0.1, -0.1)
    ax.set_aspect("equal")
    gap = 0.06
    for area_id, (col, row) in sorted(layout.positions.items()):
        value = values.get(area_id)
        fill = colour_scale(value, low, high)
        ink = style.text_colour(fill)
        ax.add_patch(Rectangle((col + gap / 2, row + gap / 2), 1 - gap, 1 - gap,
                               facecolor=fill, edgecolor="white"))
        if labels != "none":
            text = landscape.areas[area_id].name if labels == "name" else area_id
            ax.text(col + 0.5, row + 0.12, "\n".join(wrap_words(text)), ha="center", va="top",
                    fontsize=6.5, color=ink, family=FONT)
        ax.text(col + 0.5, row + 0.86, format_value(value) if value is not None else "–",
                ha="center", va="bottom", fontsize=11, fontweight="bold", color=ink,
                family=FONT)
    outlines = list(outline)
    for index, areas in enumerate(outlines):
        colour = OUTLINE_COLOURS[index % len(OUTLINE_COLOURS)]
        width = 1.8 + (1.2 * (len(outlines) - 1 - index) if len(outlines) <= 4 else 0)
        ax.add_collection(LineCollection(
            [[(x1, y1), (x2, y2)] for (x1, y1), (x2, y2)
             in boundary_segments(areas, layout.positions)],
            colors=colour, linewidths=width, capstyle="round"))

    family_looks = [_family_look(index, len(families)) for index in range(len(families))]
    for (_, footprints), (colour, dashes, width) in zip(families, family_looks, strict=True):
        segments = sorted({segment for areas in footprints
                           for segment in boundary_segments(areas, layout.positions)})
        ax.add_collection(LineCollection(
            [[(x1, y1), (x2, y2)] for (x1, y1), (x2, y2) in segments], colors=colour,
            linewidths=width, linestyles=[dashes], capstyle="butt", alpha=0.9, zorder=3))

    handles: list[Any] = [
        Rectangle((0, 0), 1, 1, facecolor=colour_scale(v, low, high), edgecolor="#aab7b8",
                  label=format_value(v))
        for v in scale_steps(low, high, integers=all(float(v).is_integer() for v in shown)
                             and float(low).is_integer())
    ]
    handles.append(Rectangle((0, 0), 1, 1, facecolor=NO_VALUE, edgecolor="#aab7b8",
                             label="no value"))
    for index, name in enumerate(list(outline_names)[:len(outlines)]):
        handles.append(Line2D([], [], color=OUTLINE_COLOURS[index % len(OUTLINE_COLOURS)],
                              linewidth=3, label=name))
    for index, (label, _) in enumerate(families):
        colour, dashes, width = _family_look(index, index + 1)  # the key: its own width
        handles.append(Line2D([], [], color=colour, linewidth=width, linestyle=dashes,
                              label="\n".join(wrap_words(label, 24))))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7.5,
              frameon=False, title="\n".join(wrap_words(legend or "value", 26)),
              title_fontsize=8)
    figure.suptitle(title, x=0.02, ha="left", fontsize=13, fontweight="bold", family=FONT)
    if subtitle:
        figure.text(0.02, 0.925, subtitle, fontsize=8.5, color="#566573", family=FONT)
    if layout.unplaced:
        lines = ["Not on the map:"] + [
            f"{landscape.areas[a].name} ({a}): "
            f"{format_value(values[a]) if a in values else 'no value'}"
            for a in layout.unplaced
        ]
        figure.text(0.02, 0.02, "\n".join(lines), fontsize=7.5, family=FONT, va="bottom")
    return figure


#: SVG pixels (a tile is 96) to points on the figure (a tile is 1.15 inches, 83 points).
_PX = 1.15 * 72 / 96


def _family_look(index: int, count: int) -> tuple[str, Any, float]:
    """Colour, matplotlib dash style and width (points) of the ``index``-th family of
    ``count`` outlined at once: :data:`~govmap.views.tiles.FAMILY_LINES`, as the SVG draws
    them."""
    colour, dashes, width = FAMILY_LINES[index % len(FAMILY_LINES)]
    stroke = (width + 2.0 * (count - 1 - index)) * _PX
    if not dashes:
        return colour, "solid", stroke
    # matplotlib scales a dash pattern by the line width; the SVG's is in pixels
    pattern = tuple(float(d) * _PX / stroke for d in dashes.split(","))
    return colour, (0.0, pattern), stroke


def network_image(landscape: Landscape, view_filter: ViewFilter = EVERYTHING, *, fmt: str,
                  title: str, **options: Any) -> bytes:
    """The network view as PNG or SVG bytes (see :func:`network_figure`)."""
    return figure_bytes(network_figure(landscape, view_filter, title=title, **options), fmt)


def tiles_image(landscape: Landscape, values: Mapping[str, float], *, fmt: str, title: str,
                **options: Any) -> bytes:
    """The tile map as PNG or SVG bytes (see :func:`tiles_figure`)."""
    return figure_bytes(tiles_figure(landscape, values, title=title, **options), fmt)

