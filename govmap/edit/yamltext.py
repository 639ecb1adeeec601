"""Change one entity of a landscape file in its text, leaving every other byte as it was.

A landscape file is a mapping of sections (``bodies:``, ``organisations:`` ...) each holding
a block-style list of entities. An entity's *block* runs from the line of its ``- `` to the
line before the next entity, less the blank lines and the comments at the list's own
indentation that stand before the next entity (they belong to it). Replacing an entity
rewrites its block only, through ruamel.yaml's round-trip mode, so the comments, key order,
quoting and flow lists inside the block are kept where the values did not change; removing
deletes the block; adding writes a new block after the section's last entity. Every other
line of the file is copied unchanged.

A file this cannot edit in place (JSON, or a section written in flow style) is rewritten
whole: JSON with ``json.dumps``, YAML with ruamel.yaml's round trip (comments kept).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from govmap.model.reader import LocDict, LocList, read_bytes

Plain = dict[str, Any]

#: Where ruamel.yaml folds long text in a rewritten entity (closest to how the embedded
#: data is folded; an unchanged entity is never rewritten).
WIDTH = 104


def plain(value: Any) -> Any:
    """Data read by :mod:`govmap.model.reader` (or ruamel.yaml) as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        return str(value)
    return value


def canonical(value: Any) -> str:
    """A text that is equal for equal data, whatever reader produced it."""
    return json.dumps(plain(value), sort_keys=True, default=str, ensure_ascii=False)


@dataclass(frozen=True)
class Block:
    """Where one entity is written: lines ``start`` to ``end`` (0-based, end excluded)."""

    start: int
    end: int
    indent: int


_TERM = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class NotInPlace(Exception):
    """The file is not written in a way this module can edit line by line."""


def parse(name: str, raw: bytes) -> Any:
    """The data of one file, with positions (None if it cannot be read)."""
    return read_bytes(raw, name).data


def blocks(text: str, data: Any, section: str) -> list[Block]:
    """The block of every entity of ``section`` in a file's text (see the module docstring)."""
    if not isinstance(data, LocDict) or not isinstance(data.get(section), LocList):
        return []
    items: LocList = data[section]
    lines = text.splitlines(keepends=True)
    tops = sorted(line for line, _ in data.key_marks.values())
    found: list[Block] = []
    for i, (line, _col) in enumerate(items.item_marks):
        start = line - 1
        if start >= len(lines) or not lines[start].lstrip(" ").startswith("- "):
            raise NotInPlace(section)
        indent = len(lines[start]) - len(lines[start].lstrip(" "))
        if i + 1 < len(items.item_marks):
            limit = items.item_marks[i + 1][0] - 1
        else:
            limit = min((top - 1 for top in tops if top - 1 > start), default=len(lines))
        end = limit
        while end > start + 1 and _outside(lines[end - 1], indent):
            end -= 1
        found.append(Block(start, end, indent))
    return found


def _outside(line: str, indent: int) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    return stripped.startswith("#") and len(line) - len(line.lstrip(" ")) <= indent


def _yaml(indent: int = 0) -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = WIDTH - indent
    yaml.preserve_quotes = True
    return yaml


def commented(value: Any) -> Any:
    """Plain data as ruamel.yaml's round-trip types (lists of plain values in flow style)."""
    if isinstance(value, Mapping):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = commented(v)
        return out
    if isinstance(value, list | tuple):
        seq = CommentedSeq([commented(v) for v in value])
        if value and all(isinstance(v, str) and _TERM.match(v) for v in value):
            seq.fa.set_flow_style()  # themes: [community_safety, crime_prevention]
        return seq
    if isinstance(value, str) and _DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def merge(target: Any, new: Mapping[str, Any]) -> None:
    """Make a round-trip mapping equal to ``new``, touching only what differs."""
    for key in [k for k in target if k not in new]:
        del target[key]
    for position, (key, value) in enumerate(new.items()):
        if key not in target:
            target.insert(min(position, len(target)), key, commented(value))
            continue
        current = target[key]
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merge(current, value)
        elif isinstance(current, list) and isinstance(value, list | tuple):
            merge_list(current, list(value))
        elif canonical(current) != canonical(value):
            target[key] = commented(value)


def merge_list(target: Any, new: list[Any]) -> None:
    """Make a round-trip list equal to ``new``, keeping the items that did not change."""
    matcher = difflib.SequenceMatcher(a=[canonical(v) for v in target],
                                      b=[canonical(v) for v in new], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                current, value = target[i1 + offset], new[j1 + offset]
                if isinstance(current, Mapping) and isinstance(value, Mapping):
                    merge(current, value)
                else:
                    target[i1 + offset] = commented(value)
            continue
        for _ in range(i2 - i1):
            del target[i1]
        for offset, value in enumerate(new[j1:j2]):
            target.insert(i1 + offset, commented(value))


def _dump(value: Any, indent: int = 0) -> str:
    stream = io.StringIO()
    _yaml(indent).dump(value, stream)
    return stream.getvalue()


def _indented(text: str, indent: int) -> str:
    pad = " " * indent
    return "".join(pad + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


def _dedented(lines: Sequence[str], indent: int) -> str:
    out = []
    for line in lines:
        lead = len(line) - len(line.lstrip(" "))
        out.append(line[min(lead, indent):])
    return "".join(out)


def render_item(new: Mapping[str, Any], indent: int, original: Sequence[str] = ()) -> str:
    """An entity as a list item at ``indent``; from ``original`` lines if given (round trip)."""
    if original:
        loaded = _yaml().load(_dedented(original, indent))
        if isinstance(loaded, list) and len(loaded) == 1 and isinstance(loaded[0], Mapping):
            merge(loaded[0], new)
            return _indented(_dump(loaded, indent), indent)
    return _indented(_dump(CommentedSeq([commented(new)]), indent), indent)


# -- splicing: rewrite only the keys and rows that changed ----------------------------------


def _trim(lines: Sequence[str], start: int, end: int, indent: int) -> int:
    """``end`` moved back over blank lines and comments at ``indent`` or less."""
    while end > start + 1 and _outside(lines[end - 1], indent):
        end -= 1
    return end


def _render_key(key: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, list | tuple) and value and all(
            isinstance(v, str) and _TERM.match(v) for v in value):
        # A list of terms on one line, however long, as the embedded data writes themes.
        return [" " * indent + f"{key}: [{', '.join(value)}]\n"]
    text = _dump(CommentedMap([(key, commented(value))]), indent)
    return _indented(text, indent).splitlines(keepends=True)


def _with_prefix(rendered: list[str], prefix: str) -> list[str]:
    """The first rendered line with the original's lead (``  - `` for a list item's first
    key) in place of its indentation."""
    if not rendered:
        return rendered
    first = rendered[0]
    return [prefix + first[len(prefix):], *rendered[1:]]


def splice_mapping(lines: Sequence[str], node: Any, new: Mapping[str, Any], start: int,
                   end: int) -> list[str]:
    """Lines ``start:end`` (holding the block mapping ``node``) rewritten to hold ``new``.

    Keys whose values did not change keep their lines exactly; a changed mapping or list of
    rows is spliced the same way, row by row; any other changed value is written afresh.
    Raises :class:`NotInPlace` for a mapping in flow style or an edit it cannot place.
    """
    if not isinstance(node, LocDict) or not node:
        raise NotInPlace("mapping")
    keys = list(node)
    rows = [node.key_marks[k][0] - 1 for k in keys]
    if len(set(rows)) != len(rows) or rows != sorted(rows) or rows[0] < start:
        raise NotInPlace("flow mapping")
    col = node.key_marks[keys[0]][1] - 1
    if any(node.key_marks[k][1] - 1 != col for k in keys):
        raise NotInPlace("uneven mapping")
    regions: dict[str, tuple[int, int, int]] = {}  # key -> (start, end, end with gap)
    for i, key in enumerate(keys):
        limit = rows[i + 1] if i + 1 < len(keys) else end
        regions[key] = (rows[i], _trim(lines, rows[i], limit, col), limit)
    if keys[0] not in new:
        raise NotInPlace("first key removed")
    out: list[str] = list(lines[start:rows[0]])
    placed: set[str] = set()
    new_keys = list(new)

    def emit_new_after(key: str) -> None:
        position = new_keys.index(key) if key in new_keys else -1
        for later in new_keys[position + 1:]:
            if later in node or later in placed:
                break
            out.extend(_render_key(later, new[later], col))
            placed.add(later)

    for key in keys:
        first, last, gap_end = regions[key]
        if key in new:
            old_value = node[key]
            if canonical(old_value) == canonical(new[key]):
                out.extend(lines[first:last])
            else:
                prefix = lines[first][:col]
                out.extend(_with_prefix(
                    _splice_value(lines, key, old_value, new[key], first, last, col), prefix))
        out.extend(lines[last:gap_end])
        if key in new:
            emit_new_after(key)
    for key in new_keys:
        if key not in node and key not in placed:
            raise NotInPlace("new key without a place")
    return out


def _splice_value(lines: Sequence[str], key: str, old: Any, new: Any, first: int, last: int,
                  col: int) -> list[str]:
    """The lines of ``key: new`` replacing lines ``first:last`` that held ``key: old``."""
    try:
        if isinstance(old, LocDict) and isinstance(new, Mapping) and old and new and \
                old.mark[0] - 1 > first:
            return [lines[first], *splice_mapping(lines, old, new, first + 1, last)]
        if isinstance(old, LocList) and isinstance(new, list | tuple) and old and new and \
                old.item_marks[0][0] - 1 > first:
            return [lines[first], *splice_list(lines, old, list(new), first + 1, last)]
    except NotInPlace:
        pass
    return _render_key(key, new, col)


def splice_list(lines: Sequence[str], node: Any, new: list[Any], start: int,
                end: int) -> list[str]:
    """Lines ``start:end`` (holding the block list ``node``) rewritten to hold ``new``:
    rows that did not change keep their lines, changed rows are spliced, new rows written."""
    if not isinstance(node, LocList) or not node:
        raise NotInPlace("list")
    rows = [mark[0] - 1 for mark in node.item_marks]
    if len(set(rows)) != len(rows) or rows != sorted(rows):
        raise NotInPlace("flow list")
    for row in rows:
        if not lines[row].lstrip(" ").startswith("- "):
            raise NotInPlace("list item")
    dash = len(lines[rows[0]]) - len(lines[rows[0]].lstrip(" "))
    regions = []
    for i, row in enumerate(rows):
        limit = rows[i + 1] if i + 1 < len(rows) else end
        regions.append((row, _trim(lines, row, limit, dash), limit))
    out: list[str] = list(lines[start:rows[0]])
    matcher = difflib.SequenceMatcher(a=[canonical(v) for v in node],
                                      b=[canonical(v) for v in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i in range(i1, i2):
                out.extend(lines[regions[i][0]:regions[i][2]])
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                first, last, gap_end = regions[i1 + offset]
                old, value = node[i1 + offset], new[j1 + offset]
                try:
                    out.extend(splice_mapping(lines, old, value, first, last))
                except NotInPlace:  # a flow mapping, or not a mapping: written afresh
                    out.extend(render_item(value, dash).splitlines(keepends=True))
                out.extend(lines[last:gap_end])
            continue
        gap: list[str] = []
        for i in range(i1, i2):  # removed rows (their trailing gap is kept once)
            gap = list(lines[regions[i][1]:regions[i][2]])
        for value in new[j1:j2]:
            out.extend(render_item(value, dash).splitlines(keepends=True))
        out.extend(gap if i2 == len(node) else [])
    return out


def _ensure_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def replace_entity(name: str, text: str, section: str, index: int,
                   new: Mapping[str, Any] | None, data: Any = None) -> str:
    """The file's text with entity ``index`` of ``section`` replaced (or removed, for None).

    ``data`` is the text as :func:`parse` reads it, if already at hand.
    """
    data = parse(name, text.encode("utf-8")) if data is None else data
    try:
        found = blocks(text, data, section)
        if _structured(name):
            raise NotInPlace(section)
    except NotInPlace:
        return _rewrite(name, text, section, index, new)
    block = found[index]
    lines = text.splitlines(keepends=True)
    if new is None:
        # Drop the blank line that separated it from the entity before, if any.
        start = block.start
        if start > 0 and not lines[start - 1].strip() and (
                block.end >= len(lines) or not lines[block.end].strip()):
            start -= 1
        return "".join(lines[:start] + lines[block.end:])
    lines = [_ensure_newline(line) if i == len(lines) - 1 else line
             for i, line in enumerate(lines)]
    try:
        item = "".join(splice_mapping(lines, data[section][index], new, block.start,
                                      block.end))
    except NotInPlace:
        item = render_item(new, block.indent, lines[block.start:block.end])
    return "".join(lines[:block.start]) + item + "".join(lines[block.end:])


def append_entity(name: str, text: str, section: str, new: Mapping[str, Any],
                  data: Any = None) -> str:
    """The file's text with a new entity written after the last one of ``section``."""
    data = parse(name, text.encode("utf-8")) if data is None else data
    try:
        found = blocks(text, data, section)
        if _structured(name) or (isinstance(data, Mapping) and section in data and not found):
            raise NotInPlace(section)
    except NotInPlace:
        return _rewrite(name, text, section, None, new)
    lines = text.splitlines(keepends=True)
    if not found:
        body = _ensure_newline(text)
        return body + ("\n" if body.strip() else "") + f"{section}:\n\n" + render_item(new, 2)
    last = found[-1]
    gap = ["\n"] if last.start > 0 and any(
        not line.strip() for line in lines[max(0, last.start - 1):last.start]) else []
    head = [_ensure_newline(line) for line in lines[:last.end]]
    return "".join(head + gap) + render_item(new, last.indent) + "".join(lines[last.end:])


def _structured(name: str) -> bool:
    return name.lower().endswith(".json")


def _rewrite(name: str, text: str, section: str, index: int | None,
             new: Mapping[str, Any] | None) -> str:
    """The whole file written again (JSON, or YAML in flow style), with one entity changed."""
    if _structured(name):
        data = json.loads(text) if text.strip() else {}
        items = data.setdefault(section, [])
        if index is None:
            items.append(plain(new))
        elif new is None:
            del items[index]
        else:
            items[index] = plain(new)
        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    yaml = _yaml()
    loaded = yaml.load(text) if text.strip() else CommentedMap()
    items = loaded.setdefault(section, CommentedSeq())
    if index is None:
        items.append(commented(new))
    elif new is None:
        del items[index]
    else:
        merge(items[index], dict(new or {}))
    return _dump(loaded)
