"""govmap render: draw the network or the tile map as one offline HTML file, a PNG or an SVG."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from govmap.cli.common import (
    add_as_at,
    add_examples,
    add_output,
    add_paths,
    binary_to_terminal,
    choose_format,
    emit,
    load_or_report,
    output_refused,
    paths_of,
)
from govmap.model import vocab
from govmap.views.style import SIZE_BY
from govmap.views.tiles import (
    MEASURES,
    family_name,
    family_outline,
    measure_values,
    tile_map_svg,
)

if TYPE_CHECKING:  # the model and the network view are imported when a picture is drawn
    from govmap.model.landscape import Landscape
    from govmap.views.filters import ViewFilter

FORMATS = ("html", "png", "svg")
VIEWS = ("network", "tiles")
#: What an output's suffix says its format is (``-o map.png`` draws a PNG).
SUFFIXES = {"html": ("html",), "htm": ("html",), "png": ("png",), "svg": ("svg",)}


def _terms(values: Iterable[str] | None) -> list[str]:
    """Repeated and comma-separated values as one list: ``--level local,regional``."""
    found: list[str] = []
    for value in values or ():
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return found


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render", help="draw the network or the tile map (offline HTML, PNG or SVG)",
        description="Draw the landscape as at a date (today by default). The network view is "
        "one self-contained HTML file that opens offline (no request to any other host), "
        "or a PNG/SVG picture; the "
        "tile map colours the 22 council areas by a measure. Repeat an option or separate "
        "values with commas to give several (--level local,regional).",
    )
    add_paths(parser)
    add_as_at(parser)
    add_output(parser)
    parser.add_argument("--format", choices=FORMATS,
                        help="html, png or svg (default: from the -o file name, else html)")
    parser.add_argument("--view", choices=VIEWS, default="network",
                        help="the network of bodies and organisations (default) or the tile map")
    parser.add_argument("--title", help="heading of the picture")
    parser.add_argument("--subtitle", help="line under the heading")
    parser.add_argument("--source", help="data source named in the title block "
                        "(default: the files read)")
    net = parser.add_argument_group("network view")
    net.add_argument("--focus", metavar="ID", help="show only the neighbourhood of this body "
                     "or organisation")
    net.add_argument("--depth", type=int, default=1, metavar="N",
                     help="links to follow from --focus (default 1)")
    net.add_argument("--level", action="append", metavar="LEVEL",
                     help=f"body levels to keep: {', '.join(vocab.LEVELS)}")
    net.add_argument("--kind", action="append", metavar="KIND",
                     help="body or organisation kinds to keep")
    net.add_argument("--theme", action="append", metavar="THEME", help="themes to keep")
    net.add_argument("--area", action="append", metavar="GSS",
                     help="keep bodies covering these areas (GSS codes or names)")
    net.add_argument("--organisation", action="append", metavar="ID",
                     help="keep the bodies these organisations are linked to")
    net.add_argument("--search", default="", metavar="TEXT",
                     help="keep nodes whose name contains TEXT")
    net.add_argument("--size-by", choices=SIZE_BY, default="seats",
                     help="what node size shows (default: seats)")
    net.add_argument("--max-nodes", type=int, default=2000, metavar="N",
                     help="above this many nodes, draw groups instead (default 2000)")
    net.add_argument("--mark", action="append", metavar="ID",
                     help="pick out these bodies and organisations (a finding's subjects: "
                     "the explorer's mark=... link) and dim everything else; repeat it or "
                     "separate ids with commas")
    net.add_argument("--group-by", choices=("kind", "footprint"),
                     help="draw the bodies (and the organisations) of each kind or footprint "
                     "as one node, with the links between groups counted")
    net.add_argument("--open", action="append", metavar="KIND_OR_FOOTPRINT",
                     help="with --group-by: draw these groups open (kinds or footprint ids, "
                     "comma-separated or repeated)")
    net.add_argument("--presenter", action="store_true",
                     help="large labels, controls hidden (press p to toggle)")
    net.add_argument("--physics", action="store_true",
                     help="start with the physics simulation on (html)")
    tiles = parser.add_argument_group("tile map")
    tiles.add_argument("--measure", choices=list(MEASURES), default="bodies",
                       help="what colours the tiles (default: bodies); "
                       + "; ".join(f"{k}: {m.label}" for k, m in MEASURES.items()))
    tiles.add_argument("--outline-family", action="append", metavar="FAMILY",
                       help="outline every footprint of this family (police_force_area, ...); "
                       "repeat it or separate families with commas to outline several, "
                       "each in its own line style")
    tiles.add_argument("--outline", action="append", metavar="FOOTPRINT",
                       help="outline these footprints")
    tiles.add_argument("--labels", choices=("name", "code", "none"), default="name")
    add_examples(parser, "govmap render -o gwent.html --focus safer-gwent --depth 2 --presenter",
                 "govmap render --view tiles --measure duplicated-themes --outline-family "
                 "police_force_area -o tiles.svg")
    parser.set_defaults(handler=run)


def _check_terms(values: list[str], vocabulary: Iterable[str], what: str) -> str | None:
    known = list(vocabulary)
    for value in values:
        if value not in known:
            return f"unknown {what} '{value}'{vocab.did_you_mean(value, known)}"
    return None


def _fail(message: str, code: int = 1) -> int:
    print(f"govmap render: {message}", file=sys.stderr)
    return code


def _resolve_areas(landscape: Landscape, values: list[str]) -> tuple[list[str], str | None]:
    by_name = {a.name.casefold(): a.id for a in landscape.areas.values()}
    found = []
    for value in values:
        if value in landscape.areas:
            found.append(value)
        elif value.casefold() in by_name:
            found.append(by_name[value.casefold()])
        else:
            choices = [*landscape.areas, *(a.name for a in landscape.areas.values())]
            return [], f"no area '{value}'{vocab.did_you_mean(value, choices)}"
    return found, None


def _filter(args: argparse.Namespace, landscape: Landscape) -> tuple[ViewFilter, str | None]:
    from govmap.views.filters import ViewFilter

    levels, kinds, themes = _terms(args.level), _terms(args.kind), _terms(args.theme)
    organisations = _terms(args.organisation)
    problem = (
        _check_terms(levels, vocab.LEVELS, "level")
        or _check_terms(kinds, [*vocab.BODY_KINDS, *vocab.ORGANISATION_KINDS], "kind")
        or _check_terms(themes, vocab.THEMES, "theme")
    )
    if problem:
        return ViewFilter(), problem + " (see docs/schema.md for the vocabularies)"
    areas, problem = _resolve_areas(landscape, _terms(args.area))
    if problem:
        return ViewFilter(), problem
    for org in organisations:
        if org not in landscape.organisations:
            return ViewFilter(), (f"no organisation '{org}'"
                                  f"{vocab.did_you_mean(org, landscape.organisations)}")
    if args.focus is not None and landscape.actor(args.focus) is None:
        choices = [*landscape.bodies, *landscape.organisations]
        hint = vocab.did_you_mean(args.focus, choices)
        when = f" on {landscape.as_at_date}" if landscape.as_at_date else ""
        return ViewFilter(), f"no body or organisation '{args.focus}'{when}{hint}"
    if args.depth < 0:
        return ViewFilter(), "--depth must be 0 or more"
    for node in _terms(args.mark):
        if landscape.actor(node) is None:
            choices = [*landscape.bodies, *landscape.organisations]
            when = f" on {landscape.as_at_date}" if landscape.as_at_date else ""
            return ViewFilter(), (f"--mark: no body or organisation '{node}'{when}"
                                  f"{vocab.did_you_mean(node, choices)}")
    return ViewFilter(
        levels=frozenset(levels), kinds=frozenset(kinds), themes=frozenset(themes),
        areas=frozenset(areas), organisations=frozenset(organisations), focus=args.focus,
        depth=args.depth, search=args.search or "",
    ), None


def describe(view_filter: ViewFilter, landscape: Landscape) -> str:
    """The filters of a view in words, for its subtitle."""
    parts = []
    if view_filter.focus:
        parts.append(f"around {landscape.name_of(view_filter.focus)} "
                     f"({view_filter.depth} link{'s' if view_filter.depth != 1 else ''})")
    named: Mapping[str, Iterable[str]] = {
        "level": view_filter.levels, "kind": view_filter.kinds, "theme": view_filter.themes,
        "area": [landscape.name_of(a) for a in view_filter.areas],
        "organisation": [landscape.name_of(o) for o in view_filter.organisations],
    }
    for label, values in named.items():
        shown = sorted(v.replace("_", " ") for v in values)
        if shown:
            parts.append(f"{label}: {', '.join(shown)}")
    if view_filter.search:
        parts.append(f"names containing '{view_filter.search}'")
    text = "; ".join(parts)
    # only the first letter: names inside keep their capitals ("Around Safer Gwent")
    return text[:1].upper() + text[1:] if parts else "All bodies and organisations"


def _source(args: argparse.Namespace) -> str | None:
    if args.source:
        return str(args.source)
    if not paths_of(args):
        return "govmap's embedded Wales data"
    return None


def _network(args: argparse.Namespace, landscape: Landscape, fmt: str) -> str | bytes | int:
    view_filter, problem = _filter(args, landscape)
    if problem:
        return _fail(problem, 2 if problem.startswith("unknown") else 1)
    if args.max_nodes < 1:
        return _fail("--max-nodes must be at least 1", 2)
    title = args.title or ("Bodies and organisations around "
                           f"{landscape.name_of(args.focus)}" if args.focus
                           else "Bodies and organisations")
    subtitle = args.subtitle if args.subtitle is not None else describe(view_filter, landscape)
    marked = sorted(set(_terms(args.mark)))
    if marked and args.subtitle is None:  # say what is picked out, as the explorer does
        names = sorted(landscape.name_of(node) for node in marked)
        subtitle = f"Picked out: {', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 \
            else f"Picked out: {names[0]}"
        subtitle += "" if view_filter.is_empty() else f" · {describe(view_filter, landscape)}"
    opened = sorted(set(_terms(args.open)))
    if opened and not args.group_by:
        return _fail("--open needs --group-by (kind or footprint)", 2)
    if opened:
        from govmap.views.grouping import NO_FOOTPRINT

        known = ([*vocab.BODY_KINDS, *vocab.ORGANISATION_KINDS] if args.group_by == "kind"
                 else [*landscape.footprints, NO_FOOTPRINT])
        for value in opened:
            if value not in known:
                what = "kind" if args.group_by == "kind" else "footprint"
                return _fail(f"--open: no {what} '{value}'{vocab.did_you_mean(value, known)}",
                             2)
    counts = None
    if args.size_by == "findings":
        from govmap.report import build_report
        from govmap.views.network import count_findings

        counts = count_findings(build_report(landscape).findings)
    if fmt == "html":
        from govmap.views.network import network_html

        return network_html(landscape, view_filter, title=title, subtitle=subtitle,
                            presenter=args.presenter, physics=args.physics,
                            size_by=args.size_by, max_nodes=args.max_nodes,
                            source=_source(args), finding_counts=counts,
                            spotlight=marked or None, spotlight_label="picked out",
                            group_by=args.group_by or "", expanded=opened)
    from govmap.views.static import network_image  # matplotlib only when a picture is asked

    source = _source(args)
    return network_image(landscape, view_filter, fmt=fmt, title=title,
                         subtitle=subtitle + (f" · Data: {source}" if source else ""),
                         size_by=args.size_by, max_nodes=args.max_nodes,
                         finding_counts=counts, spotlight=marked or None,
                         group_by=args.group_by or "", expanded=opened)


def _tiles(args: argparse.Namespace, landscape: Landscape, fmt: str) -> str | bytes | int:
    from govmap.report import build_report

    wanted = _terms(args.outline_family)
    for family in wanted:
        if family not in vocab.FOOTPRINT_FAMILIES:
            return _fail(f"unknown footprint family '{family}'"
                         f"{vocab.did_you_mean(family, vocab.FOOTPRINT_FAMILIES)}", 2)
    outline_ids = _terms(args.outline)
    for footprint in outline_ids:
        if footprint not in landscape.footprints:
            return _fail(f"no footprint '{footprint}'"
                         f"{vocab.did_you_mean(footprint, landscape.footprints)}")
    chosen = [landscape.footprints[f] for f in outline_ids]
    families = [(family_name(family), family_outline(landscape, family)) for family in wanted]
    for family, (_, footprints) in zip(wanted, families, strict=True):
        if not footprints:
            print(f"govmap render: note: no footprint of family '{family}' to outline",
                  file=sys.stderr)
    if len(wanted) == 1 and not chosen:
        # one family: one colour per footprint, named in the key (as before)
        chosen = sorted((fp for fp in landscape.footprints.values()
                         if fp.family == wanted[0] and fp.areas), key=lambda fp: fp.id)
        families = []
    outline = [frozenset(fp.areas) for fp in chosen]
    names = [fp.name for fp in chosen]
    measure = MEASURES[args.measure]
    values = measure_values(build_report(landscape).to_dict(), landscape, args.measure)
    title = args.title or f"{measure.label[0].upper()}{measure.label[1:]}"
    when = f"As at {landscape.as_at_date}" if landscape.as_at_date else "All dates"
    source = _source(args)
    subtitle = args.subtitle if args.subtitle is not None else (
        when + (f" · Data: {source}" if source else ""))
    if fmt == "png":
        from govmap.views.static import tiles_image

        return tiles_image(landscape, values, fmt="png", title=title, subtitle=subtitle,
                           legend=measure.label, labels=args.labels, outline=outline,
                           outline_names=names, families=families)
    svg = tile_map_svg(landscape, values, title=title, subtitle=subtitle, legend=measure.label,
                       labels=args.labels, outline=outline, outline_names=names,
                       families=families)
    if fmt == "svg":
        return svg
    return _svg_page(title, svg)


def _svg_page(title: str, svg: str) -> str:
    """The tile map's SVG in a minimal self-contained HTML page."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>body{{margin:16px;background:#fff;"
            "font-family:'DejaVu Sans',Verdana,Arial,sans-serif}</style>\n</head>\n<body>\n"
            f"{svg}</body>\n</html>\n")


def run(args: argparse.Namespace) -> int:
    fmt = choose_format(args, SUFFIXES, "html")
    if fmt is None:
        return 2
    if fmt == "png" and binary_to_terminal(args):
        return _fail("a PNG is binary; give -o FILE.png (or redirect the output)", 2)
    refused = output_refused(args)
    if refused is not None:
        return refused
    landscape = load_or_report(args)
    if landscape is None:
        return 1
    if args.view == "network":
        content = _network(args, landscape, fmt)
    else:
        content = _tiles(args, landscape, fmt)
    if isinstance(content, int):
        return content
    return emit(args, content)
