"""govmap export: write the landscape in another format."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from govmap.cli.common import add_as_at, add_output, add_paths, emit, load_or_report
from govmap.export.canonical import to_json
from govmap.model.landscape import Landscape

#: Format name -> function producing the file's content. Export modules add theirs here.
WRITERS: dict[str, Callable[[Landscape], str | bytes]] = {
    "json": to_json,
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="write the landscape in another format",
                                   description="Write the (dated) landscape as canonical JSON "
                                   "or another format.")
    add_paths(parser)
    add_as_at(parser)
    parser.add_argument("--format", choices=sorted(WRITERS), default="json")
    add_output(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    landscape = load_or_report(args)
    if landscape is None:
        return 1
    return emit(args, WRITERS[args.format](landscape))
