"""govmap import-sheet: turn a spreadsheet in Kumu's layout into govmap YAML."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govmap.cli.common import add_examples
from govmap.files import OutputError, check_folder, make_folder, shown, write_output

if TYPE_CHECKING:
    from govmap.importers.sheet import RawSheet
    from govmap.model.problems import Problem


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import-sheet", help="read a spreadsheet (Kumu's layout) into govmap YAML",
        description="Read an .xlsx workbook, or .csv files, in Kumu's layout (an Elements "
        "sheet with Label and Type; a Connections sheet with From, To and Type; optional "
        "govmap columns and Areas/Footprints sheets), write govmap YAML into a folder and "
        "check it. Every row that cannot be used is listed with its sheet and row. "
        "The YAML is checked before it is written: if any row cannot be used, nothing is "
        "written. Exit 0 when the YAML is valid and written, 1 when anything could not be "
        "imported.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="an .xlsx workbook, or .csv files (one per sheet)")
    parser.add_argument("-o", "--output", metavar="DIR", required=True,
                        help="folder to write the YAML into (new or empty)")
    parser.add_argument("--force", action="store_true",
                        help="write into DIR even if it is not empty (replaces the YAML file)")
    parser.add_argument("--with", dest="with_paths", action="append", default=[],
                        metavar="PATH", help="landscape files the sheet refers to (for "
                        "example the footprints of the embedded data: data/footprints.yaml); "
                        "they are checked with the import but not copied")
    add_examples(parser,
                 "govmap import-sheet examples/gwent-community-safety.xlsx -o my-landscape/",
                 "govmap import-sheet map.xlsx -o mine/ --with data/footprints.yaml")
    parser.set_defaults(handler=run)


def _report(problems: list[Problem]) -> None:
    from govmap.model.problems import format_problems

    if problems:
        print(format_problems(problems), file=sys.stderr)


def _renamed(problem: Problem, trial: Path, target: Path) -> Problem:
    """A problem found in the trial copy of the YAML, named by the file it will be written to."""
    where = problem.location
    if where.file != str(trial):
        return problem
    return replace(problem, location=replace(where, file=str(target)))


def run(args: argparse.Namespace) -> int:
    from govmap.importers.sheet import import_sheets, locate, read_file, to_yaml
    from govmap.model.landscape import Landscape
    from govmap.model.load import check

    inputs = [*args.files, *args.with_paths]
    try:  # before any work: a refused folder costs nothing
        check_folder(args.output, force=args.force, inputs=inputs)
    except OutputError as exc:
        print(f"govmap: {exc}", file=sys.stderr)
        return exc.exit_code
    known = Landscape()
    if args.with_paths:
        base = check(args.with_paths)
        if base.landscape is None:
            _report(base.problems)
            print("govmap: the landscape given with --with is not valid; nothing was imported",
                  file=sys.stderr)
            return 1
        known = base.landscape
    sheets: list[RawSheet] = []
    problems: list[Problem] = []
    for name in args.files:
        read, trouble = read_file(name)
        sheets.extend(read)
        problems.extend(trouble)
    if any(p.severity == "error" for p in problems):
        _report(problems)
        print("govmap: nothing was imported", file=sys.stderr)
        return 1
    imported = import_sheets(sheets, known)
    imported.problems[:0] = problems
    if not imported.items:
        _report(imported.problems)
        print("govmap: nothing could be imported", file=sys.stderr)
        return 1

    title = ", ".join(Path(f).name for f in args.files)
    text = to_yaml(imported, title)
    name = f"{Path(args.files[0]).stem}.yaml"
    target = Path(args.output) / name

    # check the YAML before writing it: on any error, nothing is written
    with tempfile.TemporaryDirectory(prefix="govmap-import-") as scratch:
        trial = Path(scratch) / name
        trial.write_text(text, encoding="utf-8")
        result = check([trial, *args.with_paths])
        located = [_renamed(p, trial, target)
                   for p in locate(imported, str(trial), text, result.problems)]
    everything = imported.problems + located
    _report(everything)
    errors = [p for p in everything if p.severity == "error"]
    warnings = len(everything) - len(errors)
    if errors:
        print(f"govmap: {len(errors)} error(s), {warnings} warning(s): nothing was written; "
              "fix them in the spreadsheet and import again", file=sys.stderr)
        return 1

    try:
        folder = check_folder(args.output, force=args.force, inputs=inputs)
        make_folder(folder)
        target = write_output(folder / f"{Path(args.files[0]).stem}.yaml", text,
                              force=args.force, inputs=inputs)
    except OutputError as exc:
        print(f"govmap: {exc}", file=sys.stderr)
        return exc.exit_code
    counts = ", ".join(f"{imported.count(s)} {s}" for s in
                       ("areas", "footprints", "organisations", "bodies", "duties")
                       if imported.count(s))
    print(f"wrote {shown(target)}: {counts}")
    if warnings:
        print(f"{warnings} warning(s); the YAML is valid", file=sys.stderr)
    return 0
