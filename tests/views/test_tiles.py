"""The tile map: positions of the 22 councils, colours, outlines, escaping, fallbacks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from govmap.model.entities import Area, Body, Footprint
from govmap.model.landscape import Landscape
from govmap.views.tiles import (
    MEASURES,
    NO_VALUE,
    TILE_POSITIONS,
    boundary_segments,
    colour_scale,
    measure_values,
    tile_layout,
    tile_map_svg,
)
from tests.views.build import HOSTILE, HOSTILE_IMG

# The 22 principal councils (reference/wales-structures.md)
WALES = {
    "W06000001": "Isle of Anglesey", "W06000002": "Gwynedd", "W06000003": "Conwy",
    "W06000004": "Denbighshire", "W06000005": "Flintshire", "W06000006": "Wrexham",
    "W06000023": "Powys", "W06000008": "Ceredigion", "W06000009": "Pembrokeshire",
    "W06000010": "Carmarthenshire", "W06000011": "Swansea", "W06000012": "Neath Port Talbot",
    "W06000013": "Bridgend", "W06000014": "Vale of Glamorgan", "W06000015": "Cardiff",
    "W06000016": "Rhondda Cynon Taf", "W06000024": "Merthyr Tydfil", "W06000018": "Caerphilly",
    "W06000019": "Blaenau Gwent", "W06000020": "Torfaen", "W06000021": "Monmouthshire",
    "W06000022": "Newport",
}
SVG = "{http://www.w3.org/2000/svg}"


def wales(extra: list[Area] | None = None) -> Landscape:
    return Landscape.build([Area(id=code, name=name) for code, name in WALES.items()]
                           + (extra or []))


def test_every_council_has_its_own_tile() -> None:
    assert set(TILE_POSITIONS) == set(WALES)
    assert len(set(TILE_POSITIONS.values())) == 22


def test_tiles_resemble_wales() -> None:
    pos = {WALES[code]: cr for code, cr in TILE_POSITIONS.items()}
    north = ["Isle of Anglesey", "Gwynedd", "Conwy", "Denbighshire", "Flintshire"]
    assert pos["Isle of Anglesey"] == (0, 0)                       # top-left
    assert [pos[n][1] for n in north] == [0] * 5                   # along the top, west to east
    assert [pos[n][0] for n in north] == sorted(pos[n][0] for n in north)
    assert pos["Wrexham"][1] <= 1 and pos["Powys"][1] == pos["Ceredigion"][1] == 1
    assert pos["Pembrokeshire"][0] == 0                            # the west
    coast = ["Swansea", "Bridgend", "Vale of Glamorgan", "Cardiff", "Newport"]
    assert [pos[n][0] for n in coast] == sorted(pos[n][0] for n in coast)
    assert all(pos[n][1] >= 3 for n in coast)                      # the south
    assert pos["Monmouthshire"][0] == max(c for c, _ in TILE_POSITIONS.values())  # the east


def _tiles(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("data-area"): g for g in root.iter(f"{SVG}g") if g.get("class") == "tile"}


def _fill(tile: ET.Element) -> str:
    rect = tile.find(f"{SVG}rect")
    assert rect is not None
    return str(rect.get("fill"))


def test_tiles_are_coloured_by_value() -> None:
    svg = tile_map_svg(wales(), {"W06000015": 10, "W06000001": 0, "W06000022": 5},
                       title="Bodies")
    tiles = _tiles(svg)
    assert len(tiles) == 22
    assert _fill(tiles["W06000015"]) == colour_scale(10, 0, 10)     # darkest
    assert _fill(tiles["W06000001"]) == colour_scale(0, 0, 10)      # palest
    assert _fill(tiles["W06000015"]) != _fill(tiles["W06000022"]) != _fill(tiles["W06000001"])
    assert _fill(tiles["W06000002"]) == NO_VALUE                    # no value: grey
    assert "Cardiff: 10" in "".join(tiles["W06000015"].itertext())


def test_colours_start_at_zero_so_close_counts_look_close() -> None:
    # 24 and 27 bodies: with a scale from the lowest value they were pale and dark
    svg = tile_map_svg(wales(), {"W06000015": 27, "W06000022": 24}, title="Bodies")
    tiles = _tiles(svg)
    assert _fill(tiles["W06000022"]) == colour_scale(24, 0, 27)
    assert _fill(tiles["W06000015"]) == colour_scale(27, 0, 27)
    key = re.findall(r'<rect x="[^"]+" y="[^"]+" width="22" height="20" fill="([^"]+)"', svg)
    assert key[0] == colour_scale(0, 0, 27)  # the key starts at 0


def test_several_families_each_have_a_line_style_and_a_key() -> None:
    south = frozenset({"W06000015", "W06000014", "W06000013"})
    gwent = frozenset({"W06000022", "W06000021"})
    svg = tile_map_svg(wales(), {}, title="x", families=[
        ("Police force area", [south, gwent]), ("Fire area", [south | gwent])])
    paths = re.findall(r'<path class="outline family"([^>]*)/>', svg)
    assert len(paths) == 2
    looks = [(re.search(r'stroke="([^"]+)"', p).group(1),  # type: ignore[union-attr]
              re.search(r'stroke-dasharray="([^"]+)"', p)) for p in paths]
    assert looks[0][0] != looks[1][0] and (looks[0][1] is None) != (looks[1][1] is None)
    keys = re.findall(r'<line class="family-key"', svg)
    assert len(keys) == 2 and "Police force area" in svg and "Fire area" in svg


def test_outline_follows_the_footprint_edge() -> None:
    # two tiles side by side: six unit edges around them (the shared edge is not drawn)
    positions = {"a": (0, 0), "b": (1, 0)}
    segments = boundary_segments({"a", "b"}, positions)
    assert len(segments) == 6
    assert ((1, 0), (1, 1)) not in segments
    svg = tile_map_svg(wales(), {}, title="x",
                       outline=[frozenset({"W06000015", "W06000014"})], outline_names=["C&V"])
    assert len(re.findall(r'class="outline"', svg)) == 1
    assert "C&amp;V" in svg


def test_areas_without_a_tile_are_listed_below() -> None:
    land = wales([Area(id="E92000001", name="England")])
    svg = tile_map_svg(land, {"E92000001": 2}, title="x")
    assert "England: 2" in svg and "(E92000001)" not in svg  # a name, not a GSS code
    assert tile_layout(land).unplaced == ("E92000001",)


def test_a_landscape_elsewhere_falls_back_to_a_grid_in_name_order() -> None:
    land = Landscape.build([Area(id=f"E{i}", name=name)
                            for i, name in enumerate(["Delta", "alpha", "Charlie", "Bravo",
                                                      "Echo"])])
    layout = tile_layout(land)
    order = sorted(layout.positions, key=lambda a: (layout.positions[a][1],
                                                   layout.positions[a][0]))
    assert [land.areas[a].name for a in order] == ["alpha", "Bravo", "Charlie", "Delta", "Echo"]
    assert layout.columns == 3 and layout.unplaced == ()
    assert len(_tiles(tile_map_svg(land, {}, title="x"))) == 5


def test_svg_escapes_every_user_text() -> None:
    land = Landscape.build([Area(id="W06000015", name=HOSTILE),
                            Area(id="E1", name=HOSTILE_IMG)])
    svg = tile_map_svg(land, {"W06000015": 1}, title=HOSTILE, subtitle=HOSTILE_IMG,
                       legend=HOSTILE, outline=[frozenset({"W06000015"})],
                       outline_names=[HOSTILE_IMG])
    assert HOSTILE not in svg and HOSTILE_IMG not in svg
    assert "<script" not in svg and "<img" not in svg
    ET.fromstring(svg)  # still well-formed XML


def test_labels_option() -> None:
    land = wales()
    assert "Cardiff" in tile_map_svg(land, {}, title="x", labels="name")
    by_code = tile_map_svg(land, {}, title="x", labels="code")
    assert ">W06000015<" in by_code
    with pytest.raises(ValueError, match="name, code or none"):
        tile_map_svg(land, {}, title="x", labels="welsh")


def _measured() -> tuple[dict[str, object], Landscape]:
    areas = [Area(id="W06000015", name="Cardiff"), Area(id="W06000014", name="Vale")]
    footprints = [Footprint(id="both", name="C&V", family="region",
                            areas=("W06000015", "W06000014")),
                  Footprint(id="cardiff", name="Cardiff", family="local_authority",
                            areas=("W06000015",))]
    bodies = [Body(id="b1", name="B1", kind="other", level="regional", footprint="both"),
              Body(id="b2", name="B2", kind="other", level="local", footprint="cardiff")]
    land = Landscape.build(areas, footprints, [], bodies)
    report = {
        "area_complexity": [{"area": "W06000015", "bodies": 2, "partner_sets": 1},
                            {"area": "W06000014", "bodies": 1, "partner_sets": 1}],
        "theme_coverage": [{"area": "W06000015", "status": "duplicated"},
                           {"area": "W06000015", "status": "duplicated"},
                           {"area": "W06000014", "status": "covered"}],
        "duty_coverage": [{"unit": "both", "status": "gap"},
                          {"unit": "cardiff", "status": "gap"},
                          {"unit": "cardiff", "status": "covered"}],
    }
    return report, land


def test_measures_turn_report_rows_into_one_number_per_area() -> None:
    report, land = _measured()
    assert measure_values(report, land, "bodies") == {"W06000015": 2, "W06000014": 1}
    assert measure_values(report, land, "duplicated-themes") == {"W06000015": 2,
                                                                 "W06000014": 0}
    # a gap for the two-area unit counts in both areas; Cardiff's own gap only there
    assert measure_values(report, land, "duty-gaps") == {"W06000015": 2, "W06000014": 1}
    assert set(MEASURES) == {"bodies", "duplicated-themes", "complexity", "duty-gaps"}
    with pytest.raises(ValueError, match="bodies, duplicated-themes"):
        measure_values(report, land, "fun")


def test_measures_agree_with_the_real_report(mini: Landscape) -> None:
    import datetime as dt

    from govmap.report import build_report
    from govmap.views.tiles import bodies_per_area

    view = mini.as_at(dt.date(2017, 6, 1))
    values = measure_values(build_report(view).to_dict(), view, "bodies")
    assert values == bodies_per_area(view)


def test_the_embedded_wales_data_puts_every_council_on_a_tile() -> None:
    from govmap.model.load import load

    land = load()
    councils = {a for a in land.areas if a.startswith("W06")}
    assert councils == set(TILE_POSITIONS)
    assert {a: land.areas[a].name for a in councils} == WALES
    assert tile_layout(land).unplaced == tuple(sorted(set(land.areas) - councils,
                                                      key=lambda a: land.areas[a].name))
