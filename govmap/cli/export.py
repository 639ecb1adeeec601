"""govmap export: write the landscape in another format."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from govmap.cli.common import (
    add_as_at,
    add_output,
    add_paths,
    binary_to_terminal,
    emit,
    load_or_report,
    output_refused,
)
from govmap.export.canonical import to_json
from govmap.export.gexf import to_gexf
from govmap.export.graphml import to_graphml
from govmap.export.popolo import to_popolo
from govmap.export.xlsx import to_xlsx
from govmap.model.landscape import Landscape

#: Format name -> function producing the file's content. Export modules add theirs here.
WRITERS: dict[str, Callable[[Landscape], str | bytes]] = {
    "json": to_json,
    "xlsx": to_xlsx,
    "gexf": to_gexf,
    "graphml": to_graphml,
    "popolo": to_popolo,
}

#: Formats whose content is binary: they need -o (they would garble a terminal).
BINARY = frozenset({"xlsx"})


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="write the landscape in another format",
                                   description="Write the (dated) landscape as canonical JSON "
                                   "or another format: xlsx (Kumu's spreadsheet layout, read "
                                   "back by 'govmap import-sheet'), gexf (Gephi, with a "
                                   "timeline), graphml (yEd) or popolo (Popolo JSON). See "
                                   "docs/exchange.md.")
    add_paths(parser)
    add_as_at(parser)
    parser.add_argument("--format", choices=sorted(WRITERS), default="json")
    add_output(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
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
    return emit(args, WRITERS[args.format](landscape))
