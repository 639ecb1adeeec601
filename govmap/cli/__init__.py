"""The ``govmap`` command line.

Each sub-command lives in a module of this package with a ``register(subparsers)``
function and is found automatically; :data:`ORDER` puts the common ones first in
``govmap --help``.
Exit codes: 0 success, 1 the input is invalid (or the command found what it was asked to
fail on), 2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from govmap import __version__

#: Commands listed first in --help; any other command module follows in name order.
ORDER = ("validate", "summary", "report", "scenario", "diff", "render", "export",
         "import_sheet", "schema")


def command_modules() -> list[str]:
    """Names of the modules of this package that define a sub-command."""
    found = {m.name for m in pkgutil.iter_modules(__path__) if m.name != "common"}
    return [n for n in ORDER if n in found] + sorted(found - set(ORDER))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govmap",
        description="Map who governs what in public services, and find where bodies "
        "duplicate each other, where footprints cut across each other and where "
        "accountability has gaps.",
    )
    parser.add_argument("--version", action="version", version=f"govmap {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        try:
            module = importlib.import_module(f"govmap.cli.{name}")
        except ImportError as exc:  # one command's missing dependency must not break the rest
            _unavailable(subparsers, name, exc)
            continue
        try:
            module.register(subparsers)
        except Exception as exc:  # a broken command must not take the others down
            _broken(subparsers, name, exc)
    return parser


def _unavailable(subparsers: Any, name: str, exc: ImportError) -> None:
    """Register a command that explains why it cannot run."""
    missing = exc.name or str(exc)
    command = name.replace("_", "-")
    parser = subparsers.add_parser(command, help=f"(unavailable: needs {missing})", add_help=False)

    def explain(args: argparse.Namespace) -> int:
        print(f"govmap {command}: needs the Python package '{missing}', which is not installed; "
              "install govmap with its dependencies (make run, or pip install -e .)",
              file=sys.stderr)
        return 1

    parser.set_defaults(handler=explain, unavailable=True)


def _broken(subparsers: Any, name: str, exc: Exception) -> None:
    """Register, in place of a command whose set-up failed, one that reports the bug."""
    command = name.replace("_", "-")
    parser = subparsers.choices.get(command)  # the failed register() may have added it
    if parser is None:
        parser = subparsers.add_parser(command, help="(unavailable: a bug in govmap)",
                                       add_help=False)

    def explain(args: argparse.Namespace) -> int:
        return _internal_error(exc)

    parser.set_defaults(handler=explain, unavailable=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "unavailable", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.handler(args)
        return code
    except KeyboardInterrupt:
        print("govmap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as exc:  # commands import their dependencies when they run
        missing = (exc.name or "").split(".")[0]
        if not missing or missing == "govmap":
            return _internal_error(exc)
        print(f"govmap {args.command}: needs the Python package '{missing}', which is not "
              "installed; install govmap with its dependencies (make run, or pip install -e .)",
              file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: no traceback reaches a user
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    if os.environ.get("GOVMAP_DEBUG"):
        traceback.print_exception(exc)
    print(f"govmap: internal error: {type(exc).__name__}: {exc}\n"
          "This is a bug in govmap, not in your data. Run again with GOVMAP_DEBUG=1 to see "
          "the details, and report them.", file=sys.stderr)
    return 70


def run() -> None:
    sys.exit(main())
