"""Helpers shared by the sub-commands: loading, dates, output."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from govmap.files import OutputError, write_output
from govmap.model.cache import cached_check
from govmap.model.dates import parse_day
from govmap.model.landscape import Landscape
from govmap.model.load import LoadResult
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
    add_cache(parser)


def add_cache(parser: argparse.ArgumentParser) -> None:
    """``--no-cache``, for every command that loads a landscape."""
    parser.add_argument("--no-cache", action="store_true",
                        help="read and check the files afresh, without the copy of the "
                        "checked landscape remembered from an earlier run")


def checked(paths: list[str] | None, args: argparse.Namespace, *, strict: bool = False
            ) -> LoadResult:
    """Read and check a landscape (``check``), from the cache unless ``--no-cache``."""
    return cached_check(paths, strict=strict, use_cache=not getattr(args, "no_cache", False))


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
    result = checked(paths_of(args), args, strict=getattr(args, "strict", False))
    if result.landscape is None:
        print(format_problems(result.problems), file=sys.stderr)
        print(f"govmap: {len(result.errors)} error(s); nothing was done", file=sys.stderr)
        return None
    landscape = result.landscape
    as_at = getattr(args, "as_at", None)
    return landscape.as_at(as_at) if as_at else landscape


def emit(args: argparse.Namespace, content: str | bytes) -> int:
    """Write to ``--output`` (safely) or stdout; return the exit code."""
    if not args.output:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return 0
    try:
        path = write_output(args.output, content, force=args.force,
                            inputs=[Path(p) for p in paths_of(args)])
    except OutputError as exc:
        print(f"govmap: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}", file=sys.stderr)
    return 0
