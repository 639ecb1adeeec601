"""Every sub-command's --help ends with one or two examples that parse, and report --help
lists the report's tables (issue 12)."""

from __future__ import annotations

import shlex

import pytest

from govmap.cli import build_parser, command_modules, main
from govmap.model.load import load
from govmap.report import build_report

from ..conftest import MINI

COMMANDS = [name.replace("_", "-") for name in command_modules()]


def help_of(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_examples_that_parse(command: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(command, capsys)
    _, found, tail = text.rpartition("\nexamples:\n")
    assert found, f"govmap {command} --help has no examples"
    examples = [line.strip() for line in tail.splitlines() if line.strip()]
    assert 1 <= len(examples) <= 2
    for example in examples:
        argv = shlex.split(example)
        assert argv[:2] == ["govmap", command]
        args = build_parser().parse_args(argv[1:])  # a usage error would exit 2
        assert args.command == command


def test_report_help_lists_every_table_a_report_has(capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    text = help_of("report", capsys)
    listed = text.split("the report's tables", 1)[1].split("\nexamples:\n")[0]
    names = [line.split()[0] for line in listed.splitlines()
             if line.startswith("  ") and not line.startswith("   ")]
    report = build_report(load([MINI]))
    tables = [key for key in report.to_dict() if key not in ("as_at", "summary", "findings")]
    assert names == tables
