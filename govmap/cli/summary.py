"""govmap summary: counts by kind and level, as at a date."""

from __future__ import annotations

import argparse
import json
from typing import Any

from govmap.cli.common import add_as_at, add_examples, add_paths, emit, load_or_report, paths_of


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("summary", help="count organisations and bodies by kind",
                                   description="Count areas, footprints, organisations and "
                                   "bodies by kind and level as at a date (today by default).")
    add_paths(parser)
    add_as_at(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_examples(parser, "govmap summary --as-at 2017-06-01",
                 "govmap summary my-landscape/ --format json")
    parser.set_defaults(handler=run, output=None, force=False)


def run(args: argparse.Namespace) -> int:
    from govmap.summary import format_summary, summarise

    landscape = load_or_report(args)
    if landscape is None:
        return 1
    summary = summarise(landscape)
    if args.format == "json":
        return emit(args, json.dumps(summary, indent=2) + "\n")
    return emit(args, format_summary(summary, ", ".join(paths_of(args)) or "embedded data"))
