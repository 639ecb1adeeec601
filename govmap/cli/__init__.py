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
        module = importlib.import_module(f"govmap.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
    except Exception as exc:  # last resort: no traceback reaches a user
        if os.environ.get("GOVMAP_DEBUG"):
            traceback.print_exc()
        print(f"govmap: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in govmap, not in your data. Run again with GOVMAP_DEBUG=1 to see "
              "the details, and report them.", file=sys.stderr)
        return 70


def run() -> None:
    sys.exit(main())
