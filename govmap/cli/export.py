"""govmap export: write the landscape in another format."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
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
)

if TYPE_CHECKING:
    from govmap.model.landscape import Landscape

#: Format name -> the module and function producing the file's content (imported only when
#: that format is asked for). Export modules add theirs here.
WRITERS: dict[str, tuple[str, str]] = {
    "json": ("govmap.export.canonical", "to_json"),
    "xlsx": ("govmap.export.xlsx", "to_xlsx"),
    "gexf": ("govmap.export.gexf", "to_gexf"),
    "kumu": ("govmap.export.kumu", "to_kumu"),
    "graphml": ("govmap.export.graphml", "to_graphml"),
    "yed": ("govmap.export.graphml", "to_yed"),
    "cytoscape": ("govmap.export.cytoscape", "to_cytoscape"),
    "popolo": ("govmap.export.popolo", "to_popolo"),
}


def writer(fmt: str) -> Callable[[Landscape], str | bytes]:
    """The function that writes format ``fmt``."""
    module, name = WRITERS[fmt]
    function: Callable[[Landscape], str | bytes] = getattr(importlib.import_module(module), name)
    return function

#: Formats whose content is binary: they need -o (they would garble a terminal).
BINARY = frozenset({"xlsx"})

#: What an output's suffix says its format is (``-o landscape.xlsx`` writes XLSX); a .json
#: file holds canonical JSON unless ``--format kumu|cytoscape|popolo`` says otherwise, and a
#: .graphml file plain GraphML unless ``--format yed``.
SUFFIXES = {"json": ("json", "kumu", "cytoscape", "popolo"), "xlsx": ("xlsx",),
            "gexf": ("gexf",), "graphml": ("graphml", "yed")}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="write the landscape in another format",
                                   description="Write the (dated) landscape as canonical JSON "
                                   "or another format: xlsx (Kumu's spreadsheet layout, read "
                                   "back by 'govmap import-sheet'), kumu (Kumu's JSON "
                                   "blueprint), gexf (Gephi and Gephi Lite, with a timeline), "
                                   "graphml (plain GraphML: Gephi Lite, igraph, networkx), "
                                   "yed (GraphML with yEd's graphics), cytoscape (Cytoscape.js "
                                   "JSON) or popolo (Popolo JSON). See docs/exchange.md.")
    add_paths(parser)
    add_as_at(parser, every_date="every date, each item with its own dates, so that "
              "nothing is lost")
    parser.add_argument("--format", choices=sorted(WRITERS),
                        help="default: from the -o file name (.json, .xlsx, .gexf, .graphml), "
                        "else json")
    add_output(parser)
    add_examples(parser, "govmap export -o landscape.xlsx",
                 "govmap export --as-at 2017-06-01 --format popolo -o popolo.json")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = choose_format(args, SUFFIXES, "json")
    if fmt is None:
        return 2
    args.format = fmt
    if args.format in BINARY and (not args.output or binary_to_terminal(args)):
        print(f"govmap export: --format {args.format} writes a binary file: give it a name "
              f"with -o (for example -o landscape.{args.format})", file=sys.stderr)
        return 2
    refused = output_refused(args)
    if refused is not None:
        return refused
    landscape = load_or_report(args)
    if landscape is None:
        return 1
    return emit(args, writer(args.format)(landscape))
