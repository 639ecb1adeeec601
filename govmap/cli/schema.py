"""govmap schema: print the JSON Schema of a landscape file (for editors)."""

from __future__ import annotations

import argparse
from typing import Any

from govmap.cli.common import add_examples, add_output, emit, output_refused


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("schema", help="print the JSON Schema of landscape files",
                                   description="Print the JSON Schema that editors use to "
                                   "autocomplete and check landscape YAML.")
    add_output(parser)
    add_examples(parser, "govmap schema -o landscape.schema.json")
    parser.set_defaults(handler=run, paths=None)


def run(args: argparse.Namespace) -> int:
    refused = output_refused(args)
    if refused is not None:
        return refused
    from govmap.schema import schema_text

    return emit(args, schema_text())
