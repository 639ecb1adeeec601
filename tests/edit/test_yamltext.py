"""Writing one entity into a file: the file reads back as the edit, every other line kept."""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Callable
from typing import Any

import pytest

from govmap.edit import yamltext
from govmap.model.load import DATA_DIR
from govmap.model.reader import read_bytes

from ..conftest import MINI

Mutation = Callable[[dict[str, Any]], None]


def _notes(entity: dict[str, Any]) -> None:
    entity["notes"] = ("Checked against the 2024 minutes: " + "long words " * 12).strip()


def _drop_first_row(entity: dict[str, Any]) -> None:
    for part in ("members", "reporting_lines"):
        if entity.get(part):
            entity[part] = entity[part][1:]
            return
    entity["name"] = entity["name"] + " (renamed)"


def _add_row(entity: dict[str, Any]) -> None:
    entity.setdefault("reporting_lines", []).append(
        {"target": "somewhere", "type": "reports_to", "sources": ["public:x"],
         "confidence": "stated"})


def _change_a_row(entity: dict[str, Any]) -> None:
    rows = entity.get("members") or entity.get("reporting_lines")
    if rows and isinstance(rows[-1], dict):
        rows[-1]["confidence"] = "inferred"
        rows[-1].pop("notes", None)
    else:
        entity["end_date"] = "2030-01"


MUTATIONS: dict[str, Mutation] = {"notes": _notes, "drop a row": _drop_first_row,
                                  "add a row": _add_row, "change a row": _change_a_row}


def files() -> list[tuple[str, bytes]]:
    found = [(str(p.relative_to(DATA_DIR.parent)), p.read_bytes())
             for p in sorted(DATA_DIR.rglob("*.yaml")) if "scenarios" not in p.parts]
    return found + [(f"mini/{p.name}", p.read_bytes()) for p in sorted(MINI.glob("*.yaml"))]


CASES = [(name, section, index, mutation)
         for name, raw in files()
         for section in ("bodies", "organisations", "footprints")
         for index in (0, 1, -1)
         if len((read_bytes(raw, name).data or {}).get(section) or ()) > 2
         for mutation in MUTATIONS]


@pytest.mark.parametrize("name, section, index, mutation", CASES[::2])
def test_the_file_reads_back_as_the_edit_and_nothing_else_changes(
        name: str, section: str, index: int, mutation: str) -> None:
    raw = dict(files())[name]
    text = raw.decode()
    data = read_bytes(raw, name).data
    items = data[section]
    index = index % len(items)
    entity = yamltext.plain(items[index])
    edited = copy.deepcopy(entity)
    MUTATIONS[mutation](edited)
    out = yamltext.replace_entity(name, text, section, index, edited)
    back = read_bytes(out.encode(), name)
    assert not back.problems
    got = back.data[section]
    assert yamltext.canonical(got[index]) == yamltext.canonical(edited)
    others = [yamltext.canonical(v) for i, v in enumerate(items) if i != index]
    assert [yamltext.canonical(v) for i, v in enumerate(got) if i != index] == others
    # every line outside the entity's block is kept, in order
    block = yamltext.blocks(text, data, section)[index]
    lines = text.splitlines()
    outside = lines[:block.start] + lines[block.end:]
    new_lines = out.splitlines()
    matcher = difflib.SequenceMatcher(a=outside, b=new_lines, autojunk=False)
    assert sum(size for _, _, size in matcher.get_matching_blocks()) == len(outside)


def test_an_unchanged_entity_gives_the_same_bytes() -> None:
    for name, raw in files():
        text = raw.decode()
        data = read_bytes(raw, name).data
        for section in ("bodies", "organisations"):
            for index, item in enumerate((data.get(section) or [])[:3]):
                out = yamltext.replace_entity(name, text, section, index,
                                              yamltext.plain(item), data)
                assert out == text, (name, section, index)


def test_removing_and_appending_keep_the_rest() -> None:
    raw = (MINI / "boards.yaml").read_bytes()
    text = raw.decode()
    removed = yamltext.replace_entity("boards.yaml", text, "bodies", 1, None)
    data = read_bytes(removed.encode(), "boards.yaml").data
    assert [b["id"] for b in data["bodies"]] == ["csp-cardiff", "csp-vale", "safer-gwent"]
    added = yamltext.append_entity("boards.yaml", text, "bodies",
                                   {"id": "x", "name": "X", "themes": ["cctv"]})
    data = read_bytes(added.encode(), "boards.yaml").data
    assert data["bodies"][-1] == {"id": "x", "name": "X", "themes": ["cctv"]}
    assert "  - id: x\n    name: X\n    themes: [cctv]\n" in added
    assert [d["id"] for d in data["duties"]] == ["cda-strategy", "wfg-wellbeing-plan"]


def test_a_json_file_is_written_again_as_json() -> None:
    text = json.dumps({"schema_version": 1, "bodies": [{"id": "a", "name": "A"},
                                                       {"id": "b", "name": "B"}]})
    out = yamltext.replace_entity("x.json", text, "bodies", 1, {"id": "b", "name": "Bee"})
    assert json.loads(out)["bodies"] == [{"id": "a", "name": "A"}, {"id": "b", "name": "Bee"}]
    out = yamltext.append_entity("x.json", out, "organisations", {"id": "o", "name": "O"})
    assert json.loads(out)["organisations"] == [{"id": "o", "name": "O"}]
