"""Helpers shared by the sub-commands: loading, dates, output."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

from govmap.files import (
    STDOUT,
    OutputError,
    check_output,
    encoded,
    failure,
    shown,
    write_output,
)
from govmap.model.dates import parse_day
from govmap.model.landscape import Landscape
from govmap.model.load import check
from govmap.model.problems import format_problems


def date_arg(value: str) -> dt.date:
    """argparse type for --as-at: a full ISO date, or 'today'."""
    if value == "today":
        return dt.date.today()
    try:
        return parse_day(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_paths(parser: argparse.ArgumentParser, *, many: bool = True) -> None:
    parser.add_argument(
        "paths", nargs="*" if many else "?", metavar="PATH",
        help="landscape files or directories (default: the embedded Wales data)",
    )


def add_as_at(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-at", type=date_arg, metavar="DATE",
                        help="the landscape as it stood on this day (YYYY-MM-DD or 'today')")


def add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def paths_of(args: argparse.Namespace) -> list[str]:
    paths = args.paths
    if paths is None:
        return []
    return [paths] if isinstance(paths, str) else list(paths)


def load_or_report(args: argparse.Namespace) -> Landscape | None:
    """Load the landscape the arguments name; print every problem and return None if invalid."""
    result = check(paths_of(args), strict=getattr(args, "strict", False))
    if result.landscape is None:
        print(format_problems(result.problems), file=sys.stderr)
        print(f"govmap: {len(result.errors)} error(s); nothing was done", file=sys.stderr)
        return None
    landscape = result.landscape
    as_at = getattr(args, "as_at", None)
    return landscape.as_at(as_at) if as_at else landscape


def output_refused(args: argparse.Namespace, inputs: Iterable[str | Path] | None = None,
                   option: str = "output") -> int | None:
    """Check ``-o`` before any work: print why it is refused and return the exit code (2).

    ``inputs`` defaults to the command's paths; the embedded data is always protected.
    """
    output = getattr(args, option, None)
    if not output:
        return None
    try:
        check_output(output, force=getattr(args, "force", False),
                     inputs=paths_of(args) if inputs is None else inputs)
    except OutputError as exc:
        print(f"govmap: {exc}", file=sys.stderr)
        return exc.exit_code
    return None


def binary_to_terminal(args: argparse.Namespace) -> bool:
    """True when binary content would go to a terminal (no -o, or -o -)."""
    return (not args.output or args.output == STDOUT) and sys.stdout.isatty()


def emit(args: argparse.Namespace, content: str | bytes,
         inputs: Iterable[str | Path] | None = None) -> int:
    """Write to ``--output`` (safely) or stdout; return the exit code."""
    if not args.output or args.output == STDOUT:
        try:
            if isinstance(content, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(content)
            else:
                sys.stdout.write(encoded(content).decode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            print(f"govmap: {failure(exc, 'standard output')}", file=sys.stderr)
            return 1
        return 0
    try:
        target = check_output(args.output, force=args.force,
                              inputs=paths_of(args) if inputs is None else inputs)
        path = write_output(args.output, content, force=args.force,
                            inputs=paths_of(args) if inputs is None else inputs)
    except OutputError as exc:
        print(f"govmap: {exc}", file=sys.stderr)
        return exc.exit_code
    if target.kind == "file":
        print(f"wrote {shown(path)}", file=sys.stderr)
    return 0
