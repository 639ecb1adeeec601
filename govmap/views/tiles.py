"""The tile map: one square per council area, laid out to resemble Wales, coloured by a measure.

A tile map trades geographic accuracy for legibility: Cardiff (140 km²) and Powys
(5,200 km²) get the same square, so a measure per council reads at a glance and every
council gets room for its name. Footprints (a police force area, a health board area)
are drawn as outlines around their tiles.

Measures (``govmap render --view tiles --measure ...``) come from the report
(:func:`govmap.report.build_report`); this module only turns report rows into one number
per area (:func:`measure_values`) and draws them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from govmap.views import style

if TYPE_CHECKING:  # annotations only: the tile map's measures load without the model
    from govmap.model.landscape import Landscape

#: GSS code -> (column, row) of the 22 Welsh principal councils; row 0 is the north coast.
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    "W06000001": (0, 0),  # Isle of Anglesey
    "W06000002": (1, 0),  # Gwynedd
    "W06000003": (2, 0),  # Conwy
    "W06000004": (3, 0),  # Denbighshire
    "W06000005": (4, 0),  # Flintshire
    "W06000008": (1, 1),  # Ceredigion
    "W06000023": (2, 1),  # Powys
    "W06000006": (3, 1),  # Wrexham
    "W06000009": (0, 2),  # Pembrokeshire
    "W06000010": (1, 2),  # Carmarthenshire
    "W06000012": (2, 2),  # Neath Port Talbot
    "W06000024": (3, 2),  # Merthyr Tydfil
    "W06000019": (4, 2),  # Blaenau Gwent
    "W06000021": (5, 2),  # Monmouthshire
    "W06000011": (1, 3),  # Swansea
    "W06000013": (2, 3),  # Bridgend
    "W06000016": (3, 3),  # Rhondda Cynon Taf
    "W06000018": (4, 3),  # Caerphilly
    "W06000020": (5, 3),  # Torfaen
    "W06000014": (3, 4),  # Vale of Glamorgan
    "W06000015": (4, 4),  # Cardiff
    "W06000022": (5, 4),  # Newport
}

TILE = 96
GAP = 6
MARGIN = 20
NO_VALUE = "#eceff1"
LOW = (234, 244, 244)
HIGH = (11, 83, 69)
#: Colour, dash pattern and width of each footprint family outlined at once (Tol's
#: "vibrant" colours, each with its own dashes, so the families read in grey too).
FAMILY_LINES: tuple[tuple[str, str, float], ...] = (
    ("#cc3311", "", 4.0), ("#0077bb", "12,6", 3.5), ("#009988", "3,5", 3.5),
    ("#ee7733", "14,5,3,5", 3.0), ("#33bbee", "6,4", 3.0), ("#ee3377", "2,3", 3.0),
)

OUTLINE_COLOURS = ("#c0392b", "#1f3a93", "#d68910", "#8e44ad", "#1e8449", "#17202a", "#16a085",
                   "#a04000")


@dataclass(frozen=True)
class TileLayout:
    """Where each area's tile goes, and the areas that have no place on the map."""

    positions: Mapping[str, tuple[int, int]]
    unplaced: tuple[str, ...]
    columns: int
    rows: int


def tile_layout(landscape: Landscape) -> TileLayout:
    """Tile positions of a landscape's areas.

    Parameters
    ----------
    landscape : Landscape

    Returns
    -------
    TileLayout
        Welsh councils take their places from :data:`TILE_POSITIONS`; any other area is
        listed in ``unplaced``. When no area of the landscape has a place (a landscape of
        somewhere else), every area goes on a simple grid in name order instead, about
        as wide as it is tall.

    Examples
    --------
    >>> from govmap.model.entities import Area
    >>> from govmap.model.landscape import Landscape
    >>> land = Landscape.build([Area(id="E1", name="Bravo"), Area(id="E2", name="Alpha")])
    >>> dict(tile_layout(land).positions)
    {'E2': (0, 0), 'E1': (1, 0)}
    """
    known = {a: TILE_POSITIONS[a] for a in landscape.areas if a in TILE_POSITIONS}
    if known:
        unplaced = tuple(sorted((a for a in landscape.areas if a not in known),
                                key=lambda a: (landscape.areas[a].name.casefold(), a)))
        columns = max(c for c, _ in TILE_POSITIONS.values()) + 1
        rows = max(r for _, r in TILE_POSITIONS.values()) + 1
        return TileLayout(known, unplaced, columns, rows)
    ordered = sorted(landscape.areas, key=lambda a: (landscape.areas[a].name.casefold(), a))
    columns = max(1, math.ceil(math.sqrt(len(ordered)))) if ordered else 1
    grid = {area: (i % columns, i // columns) for i, area in enumerate(ordered)}
    rows = max(1, math.ceil(len(ordered) / columns)) if ordered else 1
    return TileLayout(grid, (), columns, rows)


# -- measures ------------------------------------------------------------------------------


def _count_rows(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, float]:
    return {str(row["area"]): float(row[key]) for row in rows}


def _duplicated_themes(report: Mapping[str, Any]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for row in report["theme_coverage"]:
        area = str(row["area"])
        counts.setdefault(area, 0.0)
        if row["status"] == "duplicated":
            counts[area] += 1
    return counts


def _duty_gaps(report: Mapping[str, Any], landscape: Landscape) -> dict[str, float]:
    counts = {area: 0.0 for area in landscape.areas}
    for row in report["duty_coverage"]:
        if row["status"] == "gap":
            for area in landscape.footprint_areas(str(row["unit"])):
                counts[area] = counts.get(area, 0.0) + 1
    return counts


@dataclass(frozen=True)
class Measure:
    """A number per area for the tile map, with the words a legend needs."""

    label: str
    description: str
    compute: Callable[[Mapping[str, Any], Landscape], dict[str, float]]


MEASURES: dict[str, Measure] = {
    "bodies": Measure(
        "bodies covering the area",
        "how many bodies have the area in their footprint (report: area_complexity.bodies)",
        lambda report, _land: _count_rows(report["area_complexity"], "bodies"),
    ),
    "duplicated-themes": Measure(
        "themes duplicated in the area",
        "how many themes more than one body covers at the same level in the area "
        "(report: theme_coverage rows with status 'duplicated')",
        lambda report, _land: _duplicated_themes(report),
    ),
    "complexity": Measure(
        "partner sets (area complexity)",
        "how many different groupings of neighbours the area's council works in "
        "(report: area_complexity.partner_sets)",
        lambda report, _land: _count_rows(report["area_complexity"], "partner_sets"),
    ),
    "duty-gaps": Measure(
        "duty gaps in the area",
        "how many duties no body discharges for a unit that contains the area "
        "(report: duty_coverage rows with status 'gap')",
        _duty_gaps,
    ),
}


def measure_values(report: Mapping[str, Any], landscape: Landscape,
                   measure: str) -> dict[str, float]:
    """One number per area for a measure of :data:`MEASURES`, from a report's rows.

    Parameters
    ----------
    report : mapping
        ``Report.to_dict()`` of the same (dated) landscape.
    landscape : Landscape
    measure : str
        A key of :data:`MEASURES`.

    Returns
    -------
    dict
        GSS code -> value.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure '{measure}'; use one of: {', '.join(MEASURES)}")
    return MEASURES[measure].compute(report, landscape)


# -- colours -------------------------------------------------------------------------------


def colour_scale(value: float | None, low: float, high: float) -> str:
    """A colour from pale (``low``) to dark teal (``high``); grey for no value."""
    if value is None or math.isnan(value):
        return NO_VALUE
    share = 0.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    mixed = (round(a + (b - a) * share) for a, b in zip(LOW, HIGH, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def format_value(value: float) -> str:
    """A value as a tile shows it: whole numbers without decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def scale_steps(low: float, high: float, *, integers: bool, count: int = 5) -> list[float]:
    """Values to show on the colour key: ``count`` even steps, whole numbers if the data are.

    Examples
    --------
    >>> scale_steps(3, 8, integers=True)
    [3.0, 4.0, 6.0, 7.0, 8.0]
    >>> scale_steps(2, 2, integers=True)
    [2.0]
    """
    if high <= low:
        return [float(low)]
    even = [low + (high - low) * i / (count - 1) for i in range(count)]
    return sorted({float(round(v)) if integers else round(v, 2) for v in even})


def wrap_words(text: str, width: int = 13, lines: int = 3) -> list[str]:
    """Break a name into at most ``lines`` lines of about ``width`` characters."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[:lines - 1], " ".join(out[lines - 1:])]
        if len(out[-1]) > width + 2:
            out[-1] = out[-1][:width] + "…"
    return out


def boundary_segments(areas: Iterable[str], positions: Mapping[str, tuple[int, int]]
                      ) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The tile edges around a set of areas, in grid units, for drawing its outline.

    An edge of a tile is on the boundary when the tile across it is not in the set.
    Each segment is ``((x1, y1), (x2, y2))`` with tile ``(c, r)`` spanning ``c..c+1`` and
    ``r..r+1``.
    """
    cells = {positions[a] for a in areas if a in positions}
    segments = []
    for c, r in sorted(cells):
        if (c, r - 1) not in cells:
            segments.append(((c, r), (c + 1, r)))
        if (c, r + 1) not in cells:
            segments.append(((c, r + 1), (c + 1, r + 1)))
        if (c - 1, r) not in cells:
            segments.append(((c, r), (c, r + 1)))
        if (c + 1, r) not in cells:
            segments.append(((c + 1, r), (c + 1, r + 1)))
    return segments


# -- SVG -----------------------------------------------------------------------------------


def _text(x: float, y: float, text: str, *, size: float = 11, weight: str = "normal",
          fill: str = "#17202a", anchor: str = "middle") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
            f'fill="{fill}" text-anchor="{anchor}">{escape(text)}</text>')


def tile_map_svg(landscape: Landscape, values: Mapping[str, float], *, title: str,
                 outline: Iterable[frozenset[str]] = (), labels: str = "name",
                 subtitle: str = "", legend: str = "",
                 outline_names: Sequence[str] = (),
                 families: Sequence[tuple[str, Sequence[frozenset[str]]]] = ()) -> str:
    """The tile map as SVG text.

    Parameters
    ----------
    landscape : Landscape
        Gives the areas, their names and (through :func:`tile_layout`) their tiles.
    values : mapping of str to float
        GSS code -> the value to colour by. Areas without a value are grey.
    title : str
        Heading drawn above the map.
    outline : iterable of frozenset of str
        Sets of areas (footprints) to outline on the tiles, one colour each.
    labels : str
        ``name`` (the area's English name), ``code`` (its GSS code) or ``none``.
    subtitle, legend : str
        A line under the title; the name of the measure beside the colour scale.
    outline_names : sequence of str
        Names of the outlined footprints, in the order of ``outline``, for the key.
    families : sequence of (label, footprints)
        Whole footprint families to outline at once, each in its own line style
        (:data:`FAMILY_LINES`: colour and dash pattern, the first widest, so an edge two
        families share shows both), named in the key.

    Returns
    -------
    str
        A standalone SVG document. Every piece of user text is escaped; each tile has a
        ``<title>`` (its name and value) that a browser shows on hover. Areas with no
        place on the map are listed under it with their values.
    """
    if labels not in {"name", "code", "none"}:
        raise ValueError(f"unknown labels '{labels}'; use name, code or none")
    layout = tile_layout(landscape)
    shown = [values[a] for a in layout.positions if a in values]  # the colours on the map
    low, high = (min(shown), max(shown)) if shown else (0.0, 0.0)
    # counts start at zero, so 24 and 27 look alike, as they are, rather than light and dark
    low = min(low, 0.0)
    step = TILE + GAP
    top = MARGIN + 30 + (20 if subtitle else 0)
    map_width = layout.columns * step - GAP
    width = max(map_width + 2 * MARGIN + 200, 480)
    outlines = list(outline)
    families = list(families)
    map_height = max(layout.rows * step - GAP,
                     250 + 32 * (min(len(outlines), len(outline_names)) + len(families)))
    unplaced_lines = len(layout.unplaced) + (1 if layout.unplaced else 0)
    height = top + map_height + 30 + 16 * unplaced_lines + MARGIN

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Verdana, Arial, sans-serif" '
        'role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        _text(MARGIN, MARGIN + 14, title, size=17, weight="bold", anchor="start"),
    ]
    if subtitle:
        parts.append(_text(MARGIN, MARGIN + 34, subtitle, size=12, fill="#566573",
                           anchor="start"))
    for area_id, (col, row) in sorted(layout.positions.items(), key=lambda kv: kv[1][::-1]):
        area = landscape.areas[area_id]
        x, y = MARGIN + col * step, top + row * step
        value = values.get(area_id)
        fill = colour_scale(value, low, high)
        ink = style.text_colour(fill)
        shown_value = format_value(value) if value is not None else "no value"
        parts.append(f'<g class="tile" data-area="{escape(area_id)}">')
        parts.append(f"<title>{escape(area.name)}: {escape(shown_value)}</title>")
        parts.append(f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="4" '
                     f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>')
        if labels != "none":
            text = area.name if labels == "name" else area_id
            for i, line in enumerate(wrap_words(text)):
                parts.append(_text(x + TILE / 2, y + 18 + i * 13, line, size=10.5, fill=ink))
        parts.append(_text(x + TILE / 2, y + TILE - 12, shown_value, size=16, weight="bold",
                           fill=ink))
        parts.append("</g>")

    for index, areas in enumerate(outlines):
        colour = OUTLINE_COLOURS[index % len(OUTLINE_COLOURS)]
        # earlier outlines are drawn wider, so an edge two footprints share shows both
        stroke = max(2.5, 2.5 + 1.5 * (len(outlines) - 1 - index)) if len(outlines) <= 4 else 3
        path = " ".join(
            f"M{MARGIN + x1 * step - GAP / 2:.1f} {top + y1 * step - GAP / 2:.1f} "
            f"L{MARGIN + x2 * step - GAP / 2:.1f} {top + y2 * step - GAP / 2:.1f}"
            for (x1, y1), (x2, y2) in boundary_segments(areas, layout.positions)
        )
        if path:
            parts.append(f'<path class="outline" d="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="{stroke}" stroke-linecap="round"/>')

    for index, (_, footprints) in enumerate(families):
        colour, dashes, width_ = FAMILY_LINES[index % len(FAMILY_LINES)]
        # earlier families are drawn wider, so an edge two families share shows both
        stroke = width_ + 2.0 * (len(families) - 1 - index)
        segments = {segment for areas in footprints
                    for segment in boundary_segments(areas, layout.positions)}
        path = " ".join(
            f"M{MARGIN + x1 * step - GAP / 2:.1f} {top + y1 * step - GAP / 2:.1f} "
            f"L{MARGIN + x2 * step - GAP / 2:.1f} {top + y2 * step - GAP / 2:.1f}"
            for (x1, y1), (x2, y2) in sorted(segments)
        )
        if path:
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            parts.append(f'<path class="outline family" d="{path}" fill="none" '
                         f'stroke="{colour}" stroke-width="{stroke}"{dash} '
                         'stroke-linecap="butt" stroke-opacity="0.9"/>')

    # colour scale, then which outline is which
    lx = MARGIN + map_width + 30
    ly = top + 10
    for line in wrap_words(legend or "value", width=24, lines=3):
        parts.append(_text(lx, ly, line, size=12, weight="bold", anchor="start"))
        ly += 15
    for value in scale_steps(low, high, integers=all(float(v).is_integer() for v in shown)
                             and float(low).is_integer()):
        parts.append(f'<rect x="{lx}" y="{ly}" width="22" height="20" '
                     f'fill="{colour_scale(value, low, high)}" stroke="#aab7b8"/>')
        parts.append(_text(lx + 30, ly + 14, format_value(value), size=11, anchor="start"))
        ly += 24
    parts.append(f'<rect x="{lx}" y="{ly + 4}" width="22" height="20" fill="{NO_VALUE}" '
                 'stroke="#aab7b8"/>')
    parts.append(_text(lx + 30, ly + 18, "no value", size=11, anchor="start"))
    ly += 44
    for index, name in enumerate(list(outline_names)[:len(outlines)]):
        colour = OUTLINE_COLOURS[index % len(OUTLINE_COLOURS)]
        parts.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="{colour}" '
                     'stroke-width="4"/>')
        for i, line in enumerate(wrap_words(name, width=22, lines=2)):
            parts.append(_text(lx + 30, ly + 4 + i * 13, line, size=11, anchor="start"))
        ly += 32

    for index, (label, _) in enumerate(families):
        colour, dashes, width_ = FAMILY_LINES[index % len(FAMILY_LINES)]
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        parts.append(f'<line class="family-key" x1="{lx}" y1="{ly}" x2="{lx + 34}" y2="{ly}" '
                     f'stroke="{colour}" stroke-width="{width_}"{dash}/>')
        for i, line in enumerate(wrap_words(label, width=22, lines=2)):
            parts.append(_text(lx + 42, ly + 4 + i * 13, line, size=11, anchor="start"))
        ly += 32

    y = top + map_height + 28
    if layout.unplaced:
        parts.append(_text(MARGIN, y, "Not on the map:", size=12, weight="bold",
                           anchor="start"))
        for area_id in layout.unplaced:
            y += 16
            value = values.get(area_id)
            shown_value = format_value(value) if value is not None else "no value"
            parts.append(_text(MARGIN, y, f"{landscape.areas[area_id].name}: "
                               f"{shown_value}", size=11, anchor="start"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def outline_of(landscape: Landscape, footprint_ids: Sequence[str]) -> list[frozenset[str]]:
    """The area sets of some footprints, for :func:`tile_map_svg`'s ``outline``."""
    return [landscape.footprint_areas(f) for f in footprint_ids if f in landscape.footprints]


_ACRONYMS = {"psb": "PSB", "vawdasv": "VAWDASV", "nhs": "NHS"}


def family_name(family: str) -> str:
    """A footprint family in words: ``police_force_area`` -> ``Police force area``.

    Examples
    --------
    >>> family_name("psb_area"), family_name("vawdasv_region")
    ('PSB area', 'VAWDASV region')
    """
    words = [_ACRONYMS.get(w, w) for w in family.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def family_outline(landscape: Landscape, family: str) -> list[frozenset[str]]:
    """The area sets of every footprint of a family (police force areas, health boards)."""
    return [frozenset(fp.areas) for fp in sorted(landscape.footprints.values(),
                                                  key=lambda f: f.id)
            if fp.family == family and fp.areas]


def bodies_per_area(landscape: Landscape) -> dict[str, float]:
    """How many bodies have each area in their footprint (zero for an area none covers).

    The same count as the report's ``area_complexity.bodies``, for callers without a report.
    """
    counts = {area: 0.0 for area in landscape.areas}
    for body_id in landscape.bodies:
        for area in landscape.body_areas(body_id):
            counts[area] = counts.get(area, 0.0) + 1
    return counts
