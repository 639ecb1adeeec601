"""govmap report: every metric and finding, as Markdown, JSON, CSV files or XLSX."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap
from pathlib import Path
from typing import Any

from govmap.cli.common import (
    add_as_at,
    add_examples,
    add_output,
    add_paths,
    binary_to_terminal,
    choose_format,
    emit,
    load_or_report,
    output_refused,
    paths_of,
    warn_outside,
)
from govmap.files import OutputError, check_folder, shown
from govmap.report_tables import TABLES

FORMATS = ("md", "html", "json", "csv", "xlsx")
#: What an output's suffix says its format is (``-o report.xlsx`` writes XLSX).
SUFFIXES = {"md": ("md",), "markdown": ("md",), "html": ("html",), "htm": ("html",),
            "json": ("json",), "xlsx": ("xlsx",), "csv": ("csv",)}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report", help="the evidence: footprints, duplication, duties, accountability",
        description="Compute every metric and finding on the landscape as at a date "
        "(today by default) and write them as Markdown for people, HTML with pictures for "
        "documents, JSON for programs, "
        "a folder of CSV files, or an XLSX workbook with one sheet per table. "
        "The measures are defined in docs/metrics.md.",
    )
    add_paths(parser)
    add_as_at(parser)
    parser.add_argument("--format", choices=FORMATS,
                        help="md, html (with pictures), json, csv (a folder: needs -o) or "
                        "xlsx (default: from the -o file name, else md)")
    add_output(parser)
    add_examples(parser, "govmap report -o report.xlsx",
                 "govmap report --as-at 2017-06-01 --format html -o report.html",
                 before=_tables_help())
    parser.set_defaults(handler=run)


def _tables_help() -> str:
    """The report's tables and what a row of each is, from :data:`TABLES`."""
    width = max(len(name) for name in TABLES)
    lines = ["the report's tables and what each row is (besides the summary and the findings;",
             "each is a sheet of the xlsx, a file of the csv folder and a key of the json;",
             "docs/metrics.md defines them):"]
    for name, row in TABLES.items():
        lines += textwrap.wrap(row, 78, initial_indent=f"  {name:<{width}}  ",
                               subsequent_indent=" " * (width + 4))
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    fmt = choose_format(args, SUFFIXES, "md")
    if fmt is None:
        return 2
    if fmt == "csv" and not args.format:
        print(f"govmap report: --format csv writes a folder of CSV files, one per table; "
              f"give -o FOLDER --format csv (not -o {args.output})", file=sys.stderr)
        return 2
    args.format = fmt
    if args.format == "csv" and not args.output:
        print("govmap: --format csv writes a folder of files; name it with -o FOLDER",
              file=sys.stderr)
        return 2
    if args.format == "xlsx" and binary_to_terminal(args):
        print("govmap: --format xlsx is a binary file; name it with -o FILE.xlsx",
              file=sys.stderr)
        return 2
    if args.format == "csv":
        from govmap.report_format import csv_names

        try:
            check_folder(args.output, force=args.force, inputs=paths_of(args),
                         ours=csv_names())
        except OutputError as exc:
            print(f"govmap: {exc}", file=sys.stderr)
            return exc.exit_code
    else:
        refused = output_refused(args)
        if refused is not None:
            return refused
    on: dt.date = args.as_at or dt.date.today()
    # load undated: history-based findings need the bodies that have ended
    landscape = load_or_report(argparse.Namespace(**{**vars(args), "as_at": None}))
    if landscape is None:
        return 1
    warn_outside(landscape, on)
    from govmap.model.collector import paused, settle
    from govmap.report import build_report, to_json
    from govmap.report_format import to_markdown, to_xlsx, write_csv
    from govmap.report_html import to_html

    with paused():  # the report and landscape live until exit: the collector never walks
        report = build_report(landscape, on)  # them (see govmap.model.collector.settle)
        settle()
    if args.format == "json":
        return emit(args, to_json(report))
    if args.format == "html":
        return emit(args, to_html(report, landscape.as_at(on)))
    if args.format == "xlsx":
        return emit(args, to_xlsx(report))
    if args.format == "csv":
        try:
            written = write_csv(report, args.output, force=args.force,
                                inputs=[Path(p) for p in paths_of(args)])
        except OutputError as exc:
            print(f"govmap: {exc}", file=sys.stderr)
            return exc.exit_code
        print(f"wrote {len(written)} files to {shown(args.output)}", file=sys.stderr)
        return 0
    return emit(args, to_markdown(report, landscape.as_at(on)))
