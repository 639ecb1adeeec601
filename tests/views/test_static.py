"""PNG and SVG pictures for reports: real images, stable bytes, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from govmap.model.entities import Area
from govmap.model.landscape import Landscape
from govmap.views.filters import ViewFilter
from govmap.views.static import (
    figure_bytes,
    network_figure,
    network_image,
    tiles_figure,
    tiles_image,
)
from tests.views.build import HOSTILE, tiny

PNG = b"\x89PNG\r\n\x1a\n"


def test_network_png_is_an_image_and_the_same_every_time() -> None:
    first = network_image(tiny(), fmt="png", title="Tiny")
    assert first.startswith(PNG)
    assert network_image(tiny(), fmt="png", title="Tiny") == first


def test_network_svg_names_the_nodes_and_escapes_them() -> None:
    svg = network_image(tiny(csp1_name=HOSTILE), fmt="svg", title=HOSTILE).decode()
    ET.fromstring(svg)  # well-formed: nothing the names hold became markup
    assert HOSTILE not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "Safer Town Two" in svg          # labels are text in the SVG (fonttype none)
    assert "accountable to" in svg           # the legend


def test_network_figure_uses_the_view_filter() -> None:
    texts = {t.get_text() for t in
             network_figure(tiny(), ViewFilter(levels=frozenset({"national"})),
                            title="x").axes[0].texts}
    assert texts == {"Wales Board", "Welsh Government"}


def test_tiles_png_and_svg() -> None:
    land = Landscape.build([Area(id="W06000015", name="Cardiff"),
                            Area(id="W06000022", name="Newport")])
    png = tiles_image(land, {"W06000015": 3}, fmt="png", title="Bodies")
    assert png.startswith(PNG)
    svg = tiles_image(land, {"W06000015": 3}, fmt="svg", title="Bodies",
                      outline=[frozenset({"W06000015", "W06000022"})],
                      outline_names=["Gwent & Cardiff"]).decode()
    ET.fromstring(svg)
    assert "Cardiff" in svg and "Gwent &amp; Cardiff" in svg


def test_tiles_png_outlines_each_family_in_its_own_line_style_with_a_key() -> None:
    from matplotlib.collections import LineCollection

    land = Landscape.build([Area(id="W06000015", name="Cardiff"),
                            Area(id="W06000022", name="Newport"),
                            Area(id="W06000018", name="Caerphilly")])
    families = [("Police force area", [frozenset({"W06000015"}),
                                       frozenset({"W06000022", "W06000018"})]),
                ("Fire area", [frozenset({"W06000015", "W06000022", "W06000018"})])]
    figure = tiles_figure(land, {"W06000015": 3}, title="Bodies", families=families)
    ax = figure.axes[0]
    drawn = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(drawn) == 2  # one set of lines per family
    styles = [c.get_linestyle()[0] for c in drawn]
    assert styles[0] != styles[1]  # a dash pattern tells them apart in grey too
    assert len({tuple(c.get_edgecolor()[0]) for c in drawn}) == 2
    # the first family is drawn wider, so an edge both share shows both
    assert drawn[0].get_linewidth()[0] > drawn[1].get_linewidth()[0]
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[-2:] == ["Police force area", "Fire area"]
    keys = legend.get_lines()[-2:]
    assert keys[0].get_linestyle() != keys[1].get_linestyle()
    assert tiles_image(land, {"W06000015": 3}, fmt="png", title="Bodies",
                       families=families).startswith(PNG)


def test_tiles_png_colour_scale_starts_at_zero() -> None:
    land = Landscape.build([Area(id="W06000015", name="Cardiff"),
                            Area(id="W06000022", name="Newport")])
    figure = tiles_figure(land, {"W06000015": 24, "W06000022": 27}, title="Bodies")
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert labels[0] == "0" and labels[-2] == "27"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="png or svg"):
        figure_bytes(network_figure(tiny(), title="x"), "gif")
