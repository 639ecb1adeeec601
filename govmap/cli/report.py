"""govmap report: every metric and finding, as Markdown, JSON, CSV files or XLSX."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from govmap.cli.common import (
    add_as_at,
    add_output,
    add_paths,
    binary_to_terminal,
    emit,
    load_or_report,
    output_refused,
    paths_of,
)
from govmap.files import OutputError, check_folder, shown
from govmap.report import build_report, to_json
from govmap.report_format import csv_names, to_markdown, to_xlsx, write_csv
from govmap.report_html import to_html

FORMATS = ("md", "html", "json", "csv", "xlsx")


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
    parser.add_argument("--format", choices=FORMATS, default="md",
                        help="md (default), html (with pictures), json, csv (a folder: needs -o) "
                        "or xlsx")
    add_output(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "csv" and not args.output:
        print("govmap: --format csv writes a folder of files; name it with -o FOLDER",
              file=sys.stderr)
        return 2
    if args.format == "xlsx" and binary_to_terminal(args):
        print("govmap: --format xlsx is a binary file; name it with -o FILE.xlsx",
              file=sys.stderr)
        return 2
    if args.format == "csv":
        try:
            check_folder(args.output, force=args.force, inputs=paths_of(args), ours=csv_names())
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
    report = build_report(landscape, on)
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
