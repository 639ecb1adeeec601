"""govmap validate: check landscape files and list every problem with its location."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from govmap.cli.common import add_as_at, add_paths, checked, paths_of
from govmap.model.problems import format_problems


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate", help="check landscape files and report every problem",
        description="Check landscape YAML/JSON and report every problem as FILE:LINE:COL. "
        "Exit 0 when valid, 1 when not.",
    )
    add_paths(parser)
    add_as_at(parser)
    parser.add_argument("--strict", action="store_true",
                        help="also require sources and a confidence on every fact")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    result = checked(paths_of(args), args, strict=args.strict)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
    if result.landscape is None:
        print(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s) in "
              f"{len(result.files)} file(s)", file=sys.stderr)
        return 1
    landscape = result.landscape.as_at(args.as_at) if args.as_at else result.landscape
    when = f" as at {args.as_at}" if args.as_at else ""
    print(f"valid: {len(result.files)} file(s){when}: {len(landscape.areas)} areas, "
          f"{len(landscape.footprints)} footprints, {len(landscape.organisations)} "
          f"organisations, {len(landscape.bodies)} bodies, {len(landscape.duties)} duties"
          + (f" ({len(result.warnings)} warning(s))" if result.warnings else ""))
    return 0
