"""PNG and SVG pictures for reports: real images, stable bytes, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from govmap.model.entities import Area
from govmap.model.landscape import Landscape
from govmap.views.filters import ViewFilter
from govmap.views.static import figure_bytes, network_figure, network_image, tiles_image
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


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="png or svg"):
        figure_bytes(network_figure(tiny(), title="x"), "gif")
