"""govmap diff: compare two landscapes, or one landscape at two dates."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from govmap.cli.common import SUFFIXES_MD_JSON as SUFFIXES
from govmap.cli.common import (
    add_examples,
    add_output,
    choose_format,
    date_arg,
    emit,
    output_refused,
    warn_outside,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diff", help="compare two landscapes, or one landscape at two dates",
        description="Compare landscape A (as at --as-at) with landscape B (as at --to): "
        "bodies, organisations, seats, reporting lines and duties added, removed and "
        "changed, and the change in every measure and finding of the report. A and B are "
        "files or directories; give one to compare it with itself at two dates, none for "
        "the embedded Wales data.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="A and B (default: the embedded data for both)")
    parser.add_argument("--as-at", type=date_arg, metavar="DATE",
                        default=dt.date.today(),
                        help="the day A is taken at (default: today)")
    parser.add_argument("--to", type=date_arg, metavar="DATE",
                        help="the day B is taken at (default: --as-at)")
    parser.add_argument("--format", choices=("md", "json"),
                        help="md: a briefing; json: every change, with ids (default: from "
                        "the -o file name, else md)")
    parser.add_argument("--exit-code", action="store_true",
                        help="exit 1 when the landscapes differ (as 'git diff --exit-code')")
    add_output(parser)
    add_examples(parser, "govmap diff --as-at 2017-06-01 --to 2021-06-01",
                 "govmap diff before/ after/ --exit-code")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    fmt = choose_format(args, SUFFIXES, "md")
    if fmt is None:
        return 2
    args.format = fmt
    from govmap.model.load import check
    from govmap.model.problems import format_problems
    from govmap.scenario.briefing import briefing
    from govmap.scenario.diff import diff

    if len(args.paths) > 2:
        print(f"govmap diff: give at most two landscapes (A and B), not {len(args.paths)}; "
              "a landscape split over several files should be given as its directory",
              file=sys.stderr)
        return 2
    refused = output_refused(args)
    if refused is not None:
        return refused
    sides = args.paths or [None]
    results = {side: check([side] if side else None) for side in dict.fromkeys(sides)}
    problems = [p for r in results.values() for p in r.problems if p.severity == "error"]
    if problems:
        print(format_problems(problems), file=sys.stderr)
        print(f"govmap: {len(problems)} error(s); nothing was compared", file=sys.stderr)
        return 1
    a = results[sides[0]].landscape
    b = results[sides[-1]].landscape
    assert a is not None and b is not None
    first, second = args.as_at, args.to or args.as_at
    warn_outside(a, first)
    if b is not a or second != first:
        warn_outside(b, second)
    before, after = a.as_at(first), b.as_at(second)
    changes = diff(before, after)
    label_a = sides[0] or "embedded data"
    label_b = sides[-1] or "embedded data"
    if args.format == "json":
        text = json.dumps({"a": label_a, "b": label_b, "diff": changes.to_dict()}, indent=2,
                          ensure_ascii=False) + "\n"
    else:
        same = label_a == label_b
        title = (f"Changes in {label_a}" if same else f"Changes from {label_a} to {label_b}")
        text = briefing(changes, title=title)
    code = emit(args, text)
    if code == 0 and args.exit_code and not changes.is_empty():
        return 1
    return code
