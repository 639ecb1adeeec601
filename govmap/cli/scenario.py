"""govmap scenario: apply a streamlining scenario and brief on what it changes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govmap.cli.common import SUFFIXES_MD_JSON as SUFFIXES
from govmap.cli.common import (
    add_cache,
    add_examples,
    add_output,
    checked,
    choose_format,
    emit,
    output_refused,
)
from govmap.files import OutputError, shown, write_output

if TYPE_CHECKING:
    from govmap.scenario.format import Scenario


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scenario", help="apply a streamlining scenario and show what it changes",
        description="Apply the operations of SCENARIO.yaml (merge, dissolve, regionalise, "
        "transfer_duty, ...) to the landscape as at the scenario's date, then compare the "
        "result with the landscape before: bodies, seats, reporting lines, duties, and the "
        "change in every measure and finding of the report. If any operation cannot be "
        "applied, nothing is applied and every problem is listed. The format is described "
        "in docs/scenarios.md.",
    )
    parser.add_argument("scenario", metavar="SCENARIO.yaml", help="the scenario file")
    parser.add_argument("--data", action="append", metavar="PATH", default=[],
                        help="landscape file or directory (repeatable; default: the "
                        "embedded Wales data)")
    parser.add_argument("--format", choices=("md", "json"),
                        help="md: a briefing; json: every change, with ids (default: from "
                        "the -o file name, else md)")
    parser.add_argument("--save-landscape", metavar="FILE",
                        help="also write the landscape after the scenario (canonical JSON, "
                        "readable by every govmap command)")
    add_output(parser)
    add_cache(parser)
    add_examples(parser, "govmap scenario data/scenarios/regional-csps.yaml",
                 "govmap scenario data/scenarios/regional-csps.yaml -o regional.json")
    parser.set_defaults(handler=run)


def scenario_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario's header and operations as plain data."""
    return {
        "name": scenario.name,
        "description": scenario.description,
        "date": scenario.date.isoformat(),
        "sources": list(scenario.sources),
        "outcome": scenario.outcome,
        "file": scenario.file,
        "operations": [op.model_dump(mode="json", by_alias=True, exclude_defaults=True)
                       | {"op": op.op} for op in scenario.operations],
    }


def run(args: argparse.Namespace) -> int:
    fmt = choose_format(args, SUFFIXES, "md")
    if fmt is None:
        return 2
    args.format = fmt
    inputs = [Path(p) for p in (*args.data, args.scenario)]
    for option in ("save_landscape", "output"):
        refused = output_refused(args, inputs, option)
        if refused is not None:
            return refused
    from govmap.export.canonical import to_json as landscape_json
    from govmap.model.collector import paused, settle
    from govmap.model.problems import format_problems
    from govmap.scenario.apply import run as apply_scenario
    from govmap.scenario.briefing import briefing
    from govmap.scenario.diff import diff
    from govmap.scenario.format import read_scenario

    scenario, problems = read_scenario(Path(args.scenario), args.scenario)
    loaded = checked(args.data, args)
    problems = problems + [p for p in loaded.problems if p.severity == "error"]
    if scenario is None or loaded.landscape is None:
        print(format_problems(problems), file=sys.stderr)
        print(f"govmap: {len(problems)} error(s); nothing was applied", file=sys.stderr)
        return 1
    before = loaded.landscape.as_at(scenario.date)
    after, problems = apply_scenario(before, scenario)
    if after is None:
        print(format_problems(problems), file=sys.stderr)
        print(f"govmap: {len(problems)} operation(s) cannot be applied; nothing was applied",
              file=sys.stderr)
        return 1
    if args.save_landscape:
        try:
            path = write_output(args.save_landscape, landscape_json(after), force=args.force,
                                inputs=inputs)
        except OutputError as exc:
            print(f"govmap: {exc}", file=sys.stderr)
            return exc.exit_code
        if path != Path("-"):
            print(f"wrote {shown(path)}", file=sys.stderr)
    with paused():  # both landscapes and the diff live until exit: the collector never
        changes = diff(before, after)  # walks them (see govmap.model.collector.settle)
        settle()
    if args.format == "json":
        text = json.dumps({"scenario": scenario_dict(scenario), "diff": changes.to_dict()},
                          indent=2, ensure_ascii=False) + "\n"
    else:
        text = briefing(changes, scenario)
    return emit(args, text, inputs)
