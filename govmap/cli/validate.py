"""govmap validate: check landscape files and list every problem with its location."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from govmap.cli.common import add_as_at, add_examples, add_paths, paths_of, warn_outside


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate", help="check landscape files and report every problem",
        description="Check landscape YAML/JSON and report every problem as FILE:LINE:COL. "
        "Exit 0 when valid, 1 when not.",
    )
    add_paths(parser)
    add_as_at(parser, every_date="every date: the counts are of everything in the files")
    parser.add_argument("--strict", action="store_true",
                        help="also require sources and a confidence on every fact, and make "
                        "references outside their period and unregistered citations errors")
    parser.add_argument("--seeds", metavar="DIR", default=None,
                        help="folder of the seed documents' text, to check cited lines "
                        "(default: $GOVMAP_SEEDS, else ../shared/seeds beside the checkout "
                        "if present)")
    parser.add_argument("--omitted", action="store_true",
                        help="with --as-at, list every reference the dated view left out")
    add_examples(parser, "govmap validate",
                 "govmap validate my-landscape/ --strict")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from govmap.model.load import check
    from govmap.model.problems import format_problems

    result = check(paths_of(args), strict=args.strict, seeds=args.seeds)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
    if result.landscape is None:
        print(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s) in "
              f"{len(result.files)} file(s)", file=sys.stderr)
        return 1
    if args.as_at:
        warn_outside(result.landscape, args.as_at)
    landscape = result.landscape.as_at(args.as_at) if args.as_at else result.landscape
    when = f" as at {args.as_at}" if args.as_at else ""
    print(f"valid: {len(result.files)} file(s){when}: {len(landscape.areas)} areas, "
          f"{len(landscape.footprints)} footprints, {len(landscape.organisations)} "
          f"organisations, {len(landscape.bodies)} bodies, {len(landscape.duties)} duties"
          + (f" ({len(result.warnings)} warning(s))" if result.warnings else ""))
    if args.as_at and landscape.omitted:
        kinds = Counter(o.what for o in landscape.omitted)
        print(f"left out of the view: {len(landscape.omitted)} reference(s) to entities not "
              f"active on {args.as_at} ("
              + ", ".join(f"{n} {what}" for what, n in sorted(kinds.items()))
              + ")" + ("" if args.omitted else "; --omitted lists them"))
        if args.omitted:
            for omission in landscape.omitted:
                print(f"  {omission}")
    return 0
