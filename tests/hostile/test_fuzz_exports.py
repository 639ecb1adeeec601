"""Hostile strings and numbers, from a file through every export and back (issue 19).

Hypothesis builds a small landscape whose names, notes, attribute keys and values, counts
and dates are drawn from hostile text (control characters, escapes, lone surrogates,
padded and decomposed forms, bidi overrides, markup) and hostile numbers (NaN, infinity,
integers of thousands of digits, the first and last representable days), writes it as YAML
or JSON, and runs the command line on it: ``validate``, then every ``export`` format and
the report's data formats. No step may exit 70 ("a bug in govmap"); a landscape refused
must be refused with located problems (exit 1); and whatever is written must be read back
by the standard reader of its format: json, networkx (GEXF, GraphML), openpyxl (XLSX), csv,
and govmap itself for the canonical JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from govmap.cli import main
from govmap.model.load import check

#: Text that is awkward but allowed: it must load and survive every export.
AWKWARD = [
    " o1 ", "\u00a0pad\u2003", "e\u0301", "\u202eabc", "\u2028", "\n", "\t", "\r\n",
    "</script><script>alert(1)</script>", "&amp;", "]]>", "=HYPERLINK(\"x\")", "'", "\"",
    "\\", "null", "~", "yes", "- a", ": b", "#c", "%", "\U0001f600", "Ynys Môn",
]
#: Values that must be refused with a located message (one is put in some examples). Not
#: U+0085: YAML reads it as a line break, so what is loaded holds no control character.
POISON: list[Any] = [
    "\x00", "\x07", "\x1b]0;owned\x07", "\x1b[31m", "\x9b", "\x7f", "\ud800",
    "\udcff", "\ufffe", "\uffff", float("nan"), float("inf"), float("-inf"), 10**5000,
    -(10**200),
]
_plain = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12)
texts = st.tuples(st.sampled_from(["N", "Name "]),
                  st.lists(st.one_of(_plain, st.sampled_from(AWKWARD)), max_size=3)
                  ).map(lambda parts: parts[0] + "".join(parts[1]))
numbers = st.one_of(st.integers(-(10**30), 10**30), st.floats(allow_nan=False,
                                                              allow_infinity=False))
values = st.one_of(texts, numbers, st.booleans(), st.none())
days = st.one_of(st.sampled_from([dt.date.min, dt.date.max]), st.dates())


@st.composite
def landscapes(draw: st.DrawFn) -> dict[str, Any]:
    def attributes() -> dict[str, Any]:
        # keys that differ only by surrounding whitespace or Unicode form are one key to
        # govmap (it refuses them as duplicates, tested elsewhere); keep the first of each
        drawn = draw(st.dictionaries(texts, values, max_size=3))
        kept: dict[str, Any] = {}
        for key, value in drawn.items():
            if unicodedata.normalize("NFC", key).strip() not in {
                    unicodedata.normalize("NFC", k).strip() for k in kept}:
                kept[key] = value
        return kept

    def dated(entity: dict[str, Any]) -> dict[str, Any]:
        chosen = sorted(draw(st.lists(days, max_size=2, unique=True)))
        if len(chosen) == 2:
            entity["start_date"], entity["end_date"] = (d.isoformat() for d in chosen)
        elif chosen:
            entity[draw(st.sampled_from(["start_date", "end_date"]))] = chosen[0].isoformat()
        return entity

    document = {
        "areas": [{"id": "W1", "name": draw(texts),
                   "population": draw(st.one_of(st.none(), st.integers(0, 10**10))),
                   "attributes": attributes()}],
        "footprints": [{"id": "fp", "name": draw(texts), "family": "local_authority",
                        "areas": ["W1"]}],
        "organisations": [dated({"id": draw(st.sampled_from(["org", " org", "org\u00a0"])),
                                 "name": draw(texts), "kind": "local_authority",
                                 "devolved": True, "elected": True, "footprint": "fp",
                                 "notes": draw(texts), "attributes": attributes()})],
        "bodies": [dated({"id": "b", "name": draw(texts), "kind": "community_safety_partnership",
                          "level": "local", "footprint": "fp", "notes": draw(texts),
                          "members": [dated({"organisation": "org", "role": "member"})],
                          "discharges": ["d"]})],
        "duties": [{"id": "d", "name": draw(texts), "law": draw(texts),
                    "applies_per": "local_authority"}],
    }
    poison = draw(st.one_of(st.none(), st.sampled_from(POISON)))
    if poison is not None:
        where = draw(st.sampled_from(["area", "notes", "attribute", "key"]))
        if where == "area" and isinstance(poison, str):
            document["areas"][0]["name"] += poison
        elif where == "notes" and isinstance(poison, str):
            document["bodies"][0]["notes"] += poison
        elif where == "key" and isinstance(poison, str):
            document["organisations"][0]["attributes"]["k" + poison] = 1
        else:
            document["areas"][0]["attributes"]["poison"] = poison
    document["poisoned"] = poison is not None
    return document


def _write(document: dict[str, Any], folder: Path, as_json: bool, ascii_only: bool) -> Path:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # the test writes integers Python would not read back
    try:
        return _write_as(document, folder, as_json, ascii_only)
    finally:
        sys.set_int_max_str_digits(limit)


def _write_as(document: dict[str, Any], folder: Path, as_json: bool, ascii_only: bool) -> Path:
    if as_json:
        path = folder / "land.json"
        text = json.dumps(document, ensure_ascii=ascii_only)  # NaN and escapes as written
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    else:
        path = folder / "land.yaml"
        text = yaml.safe_dump(document, allow_unicode=not ascii_only)  # escapes \e, \x85 ...
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def _read_back(fmt: str, out: Path) -> None:
    if fmt == "json":
        json.loads(out.read_text("utf-8"))
        result = check([out])
        assert result.ok, [str(p) for p in result.problems]
    elif fmt == "popolo":
        json.loads(out.read_text("utf-8"))
    elif fmt == "gexf":
        nx.read_gexf(out)
    elif fmt == "graphml":
        nx.read_graphml(out)
    elif fmt == "xlsx":
        load_workbook(out, read_only=True).close()


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    code = main(argv)
    err = capsys.readouterr().err
    assert code != 70 and "internal error" not in err, (argv, err)
    return code


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=landscapes(), as_json=st.booleans(), ascii_only=st.booleans())
def test_hostile_values_load_or_are_refused_and_every_export_reads_back(
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
        document: dict[str, Any], as_json: bool, ascii_only: bool) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    poisoned = document.pop("poisoned")
    land = _write(document, folder, as_json, ascii_only)
    code = _run(["validate", str(land)], capsys)
    assert code == (1 if poisoned else 0), [str(p) for p in check([land]).problems]
    event("refused" if code else "loaded and exported")
    if code == 1:
        result = check([land])
        assert result.errors and all(p.location.file == str(land) for p in result.errors)
        return
    for fmt in ("json", "popolo", "gexf", "graphml", "xlsx"):
        out = folder / f"export.{fmt}"
        assert _run(["export", str(land), "--format", fmt, "-o", str(out)], capsys) == 0
        _read_back(fmt, out)
    report = folder / "report.json"
    assert _run(["report", str(land), "--format", "json", "-o", str(report)], capsys) == 0
    json.loads(report.read_text("utf-8"))
    assert _run(["report", str(land), "--format", "csv", "-o", str(folder / "csv")],
                capsys) == 0
    for table in (folder / "csv").iterdir():
        list(csv.reader(table.open(encoding="utf-8", newline="")))
    workbook = folder / "report.xlsx"
    assert _run(["report", str(land), "--format", "xlsx", "-o", str(workbook)], capsys) == 0
    load_workbook(workbook, read_only=True).close()
    assert _run(["report", str(land), "-o", str(folder / "report.md")], capsys) == 0
