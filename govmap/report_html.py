"""The report as one self-contained HTML page, with its pictures, for pasting into documents.

The words and tables are exactly the Markdown report's (:func:`govmap.report_format.
to_markdown`), rendered by markdown-it with raw HTML switched off, so every name is
escaped as text whatever it contains. Above them sit the tile maps (inline SVG) and the
network (a PNG, so it pastes into a word processor). The page loads nothing from
anywhere else.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from markdown_it import MarkdownIt

from govmap.model.landscape import Landscape
from govmap.report import Report
from govmap.report_format import to_markdown
from govmap.views.static import figure_bytes, network_figure
from govmap.views.tiles import MEASURES, measure_values, tile_map_svg

#: Above this many bodies and organisations the network picture is left out: it would be
#: unreadable on a page (and slow to draw); the offline HTML view is the place for it.
MAX_PICTURE_NODES = 400
#: Resolution of the network picture: enough for a page, small enough to mail.
PICTURE_DPI = 60

_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1d2b36;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; border-bottom: 3px solid #0b6e69; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; color: #0b4f4c; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #c9d3da; padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #eef3f5; }
figure { margin: 1rem 0; }
figure img, figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #4a5a66; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
           gap: 1rem; }
""".strip()


def _markdown() -> MarkdownIt:
    """CommonMark with tables, and nothing that makes a reader's browser act: raw HTML,
    links, autolinks and images are off (the report makes none of its own), so a name
    written as ``![x](http://host/x.png)`` or ``[click](http://...)`` stays text."""
    return (MarkdownIt("commonmark", {"html": False, "typographer": False})
            .enable("table").disable(["link", "image", "autolink"]))


def figures(report: Report, landscape: Landscape) -> list[str]:
    """The report's pictures as HTML ``<figure>`` elements (tile maps, then the network)."""
    data = report.to_dict()
    out = []
    for measure in ("complexity", "bodies"):
        spec = MEASURES[measure]
        svg = tile_map_svg(landscape, measure_values(data, landscape, measure),
                           title=spec.label.capitalize(), legend=spec.label)
        out.append(f"<figure>{svg}<figcaption>{html.escape(spec.description)}"
                   "</figcaption></figure>")
    nodes = len(landscape.bodies) + len(landscape.organisations)
    if 0 < nodes <= MAX_PICTURE_NODES:
        figure = network_figure(landscape, title="Bodies, organisations and lines")
        png = figure_bytes(figure, "png", dpi=PICTURE_DPI)
        encoded = base64.b64encode(png).decode("ascii")
        out.append(
            f'<figure><img alt="The network of bodies and organisations" '
            f'src="data:image/png;base64,{encoded}"><figcaption>Bodies (boxes and circles '
            "by level) and the organisations that sit on them, with membership and reporting "
            "lines.</figcaption></figure>")
    return out


def to_html(report: Report, landscape: Landscape, *, pictures: bool = True) -> str:
    """The report as one HTML document.

    Parameters
    ----------
    report : Report
        Built on ``landscape`` (:func:`govmap.report.build_report`).
    landscape : Landscape
        The dated landscape the report describes (it names things and draws the pictures).
    pictures : bool
        Include the tile maps and the network picture.
    """
    body = _markdown().render(to_markdown(report, landscape))
    when = f" as at {report.as_at}" if report.as_at else ""
    parts: list[Any] = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>Governance map: evidence report{html.escape(when)}</title>",
        f"<style>{_STYLE}</style>", "</head>", "<body>",
    ]
    if pictures:  # under the title and its one-line description, before the summary
        head, split, rest = body.partition("<h2>")
        body = head + '<div class="figures">' + "".join(figures(report, landscape)) + \
            "</div>\n" + split + rest
    parts += [body, "</body>", "</html>"]
    return "\n".join(parts) + "\n"
