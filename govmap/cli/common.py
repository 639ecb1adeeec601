"""Helpers shared by the sub-commands: loading, dates, output.

Only the standard library is imported here at start-up: ``govmap --help`` builds every
sub-command's parser, so anything heavy (pydantic, the model, pandas, matplotlib) is
imported inside the function that needs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govmap.files import (  # the standard library only
    STDOUT,
    OutputError,
    check_output,
    encoded,
    failure,
    shown,
    write_output,
)

if TYPE_CHECKING:
    from govmap.model.landscape import Landscape
    from govmap.model.load import LoadResult


def date_arg(value: str) -> dt.date:
    """argparse type for --as-at: a full ISO date, or 'today'."""
    if value == "today":
        return dt.date.today()
    from govmap.model.dates import parse_day

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


def checked(paths: list[str] | None, args: argparse.Namespace, *, strict: bool = False,
            seeds: str | None = None) -> LoadResult:
    """Read and check a landscape (``check``), from the cache unless ``--no-cache`` (the
    cache keys on the seed folder too, so ``--seeds`` elsewhere is a different entry)."""
    from govmap.model.cache import cached_check

    return cached_check(paths, strict=strict, seeds=seeds,
                        use_cache=not getattr(args, "no_cache", False))


def add_as_at(parser: argparse.ArgumentParser, *, every_date: str | None = None) -> None:
    """``--as-at DATE``. Every command that shows values defaults to today, the same day for
    all; a command for which every date at once is meaningful (validate, export) passes
    ``every_date``, what it does without the option."""
    if every_date is None:
        parser.add_argument("--as-at", type=date_arg, metavar="DATE", default=dt.date.today(),
                            help="the landscape as it stood on this day (YYYY-MM-DD or "
                            "'today'; default: today)")
    else:
        parser.add_argument("--as-at", type=date_arg, metavar="DATE",
                            help=f"the landscape as it stood on this day (YYYY-MM-DD or "
                            f"'today'; default: {every_date})")


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
    from govmap.model.problems import format_problems

    result = checked(paths_of(args), args, strict=getattr(args, "strict", False))
    if result.landscape is None:
        print(format_problems(result.problems), file=sys.stderr)
        print(f"govmap: {len(result.errors)} error(s); nothing was done", file=sys.stderr)
        return None
    landscape = result.landscape
    as_at = getattr(args, "as_at", None)
    if not as_at:
        return landscape
    warn_outside(landscape, as_at)
    return landscape.as_at(as_at)


def warn_outside(landscape: Landscape, day: dt.date) -> None:
    """Warn (on stderr) when ``day`` lies outside the landscape's dated range: before anything
    in it started, or in a future it cannot know."""
    first, last = landscape.span()
    if first is None or last is None:
        return
    outside = f"govmap: warning: {day} is outside the landscape's dated range ({first} to {last})"
    if day < first:
        print(f"{outside}: nothing dated had started by then, so only what has no start date "
              "is shown", file=sys.stderr)
    elif day > max(last, dt.date.today()):
        print(f"{outside} and in the future: what is shown is what the landscape knows of "
              "today, not what will be", file=sys.stderr)


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


#: Suffixes of the commands that write a Markdown briefing or JSON.
SUFFIXES_MD_JSON: Mapping[str, Sequence[str]] = {"md": ("md",), "markdown": ("md",),
                                                 "json": ("json",)}


def choose_format(args: argparse.Namespace, suffixes: Mapping[str, Sequence[str]],
                  default: str) -> str | None:
    """The output format: ``--format`` if given, else the one the ``-o`` name's suffix means,
    else ``default``. ``suffixes`` maps a file suffix (no dot) to the formats it may hold, the
    one inferred first. A suffix that contradicts an explicit ``--format`` is a usage error:
    print it and return None (exit 2)."""
    output = getattr(args, "output", None)
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    meant = tuple(suffixes.get(suffix, ()))
    if args.format:
        if meant and args.format not in meant:
            print(f"govmap {args.command}: -o {output} names a .{suffix} file but --format is "
                  f"{args.format}; drop --format to write {meant[0]}, or name the file "
                  f"for {args.format}", file=sys.stderr)
            return None
        return str(args.format)
    return meant[0] if meant else default


class HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions as usual, but keeps the lines of a text that has its own (the
    epilog's list of tables and examples)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" not in text:
            return super()._fill_text(text, width, indent)
        return "".join(indent + line + "\n" if line else "\n" for line in text.splitlines())


def add_examples(parser: argparse.ArgumentParser, *examples: str, before: str = "") -> None:
    """End the command's ``--help`` with these examples (one or two command lines), after
    ``before`` (a block of text of its own lines)."""
    parser.formatter_class = HelpFormatter
    block = "examples:\n" + "".join(f"  {line}\n" for line in examples)
    parser.epilog = (before.rstrip("\n") + "\n\n" + block) if before else block
