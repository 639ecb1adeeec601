"""Read YAML and JSON files into plain data that remembers where each value came from.

YAML is parsed with PyYAML's safe loader (the libyaml C loader when available): no Python
tags, no arbitrary objects. Mappings and sequences come back as :class:`LocDict` and
:class:`LocList`, which keep the line and column of each key and item so that validation
errors can point at ``FILE:LINE:COL``. Duplicate keys in a mapping, which PyYAML would
silently overwrite, are reported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govmap.model.problems import Location, Problem

_BaseLoader: type[yaml.SafeLoader]
try:
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Values (scalars, mappings, lists) allowed in one file, counting every alias expanded.
MAX_NODES = 2_000_000
#: Nesting deeper than this is refused.
MAX_DEPTH = 64
_DEPTH_ADVICE = (f"govmap reads at most {MAX_DEPTH} levels of lists and mappings; "
                 "a landscape never needs more, so check the brackets and indentation")


#: Byte-order marks of encodings that are not UTF-8 (UTF-32 first: its BOM starts like UTF-16's).
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)


#: How binary files that are often given by mistake begin.
_MAGIC = (
    (b"PK\x03\x04", "a zip archive (or a spreadsheet: use 'govmap import-sheet')"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls or .doc)"),
)


class LocDict(dict[Any, Any]):
    """A dict that remembers the position of itself and of each key and value."""

    mark: tuple[int, int] = (0, 0)
    key_marks: dict[Any, tuple[int, int]]
    value_marks: dict[Any, tuple[int, int]]


def without_keys(data: dict[Any, Any], keys: Sequence[Any]) -> dict[Any, Any]:
    """A copy of a mapping without some keys, keeping the positions of the rest."""
    if not isinstance(data, LocDict):
        return {k: v for k, v in data.items() if k not in keys}
    copy = LocDict((k, v) for k, v in data.items() if k not in keys)
    copy.mark, copy.key_marks, copy.value_marks = data.mark, data.key_marks, data.value_marks
    return copy


class LocList(list[Any]):
    """A list that remembers the position of itself and of each item."""

    mark: tuple[int, int] = (0, 0)
    item_marks: list[tuple[int, int]]


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _LocatingLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that builds LocDict / LocList and collects duplicate keys."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[tuple[int, int], str]] = []
        self.aliases = 0
        self.depth = 0


def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> LocDict:
    loader.flatten_mapping(node)
    result = LocDict()
    result.mark = _pos(node.start_mark)
    result.key_marks = {}
    result.value_marks = {}
    loader.depth += 1
    if loader.depth > MAX_DEPTH:
        raise yaml.constructor.ConstructorError(
            None, None, f"nesting deeper than {MAX_DEPTH} levels; {_DEPTH_ADVICE}",
            node.start_mark
        )
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark,
                "a key must be a plain value, not a list or mapping", key_node.start_mark,
            ) from None
        if key in result:
            first = result.key_marks[key]
            loader.duplicates.append(
                (_pos(key_node.start_mark),
                 f"duplicate key '{key}' (first given at line {first[0]}); "
                 "the second would silently replace the first, so remove one")
            )
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_marks[key] = _pos(key_node.start_mark)
        result.value_marks[key] = _pos(value_node.start_mark)
    loader.depth -= 1
    return result


def _construct_sequence(loader: _LocatingLoader, node: yaml.SequenceNode) -> LocList:
    result = LocList()
    result.mark = _pos(node.start_mark)
    result.item_marks = []
    loader.depth += 1
    if loader.depth > MAX_DEPTH:
        raise yaml.constructor.ConstructorError(
            None, None, f"nesting deeper than {MAX_DEPTH} levels; {_DEPTH_ADVICE}",
            node.start_mark
        )
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.item_marks.append(_pos(child.start_mark))
    loader.depth -= 1
    return result


def _construct_timestamp(loader: _LocatingLoader, node: yaml.ScalarNode) -> Any:
    """A date YAML recognises; an impossible one (2016-02-30) stays text for the validator."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


@dataclass
class ReadResult:
    """A file's data (None when unreadable) and the problems met reading it."""

    path: Path
    data: Any = None
    problems: list[Problem] = field(default_factory=list)


def _expanded_size(text: str) -> int:
    """Count the nodes the document would have with every alias expanded.

    Works on the event stream, without building the document, and stops counting once past
    :data:`MAX_NODES`, so an alias bomb ("billion laughs") is refused cheaply.
    """
    anchors: dict[str, int] = {}
    stack: list[list[Any]] = [[0, None]]  # [size so far, anchor]
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            stack[-1][0] += anchors.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            stack[-1][0] += 1
            if event.anchor:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append([1, event.anchor])
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor = stack.pop()
            if anchor:
                anchors[anchor] = size
            stack[-1][0] += size
        if stack[0][0] > MAX_NODES:
            break
    return int(sum(level[0] for level in stack))


def read_file(path: Path, display: str | None = None) -> ReadResult:
    """Read one YAML or JSON file, never raising for bad content."""
    name = display or str(path)
    result = ReadResult(path)

    def fail(message: str, line: int = 0, column: int = 0) -> ReadResult:
        result.problems.append(Problem(Location(name, line, column), message))
        return result

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(
                f"file is {size / 1e6:.1f} MB; govmap reads files up to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB, so split the landscape into several files"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return fail("no such file")
    except IsADirectoryError:
        return fail("is a directory, not a file")
    except PermissionError:
        return fail("cannot read the file: permission denied")
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror or exc}")
    return read_bytes(raw, name, path, result)


def read_bytes(raw: bytes, name: str, path: Path | None = None,
               result: ReadResult | None = None) -> ReadResult:
    """Parse the bytes of a YAML or JSON file named ``name``."""
    result = result or ReadResult(path or Path(name))

    def fail(message: str, line: int = 0, column: int = 0) -> ReadResult:
        result.problems.append(Problem(Location(name, line, column), message))
        return result

    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            return fail(f"the file is {encoding}; save it as UTF-8 and try again")
    if b"\x00" in raw[:8192]:
        kind = next((k for magic, k in _MAGIC if raw.startswith(magic)), "a binary file")
        return fail(f"this is {kind}, not YAML; check that the right file was given")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start}); "
            "save it as UTF-8 and try again", line, 1,
        )
    if not text.strip():
        return fail("the file is empty; a landscape file needs at least one of the keys "
                    "areas, footprints, organisations, bodies or duties")
    if name.lower().endswith(".json"):
        try:
            result.data = json.loads(text)
        except json.JSONDecodeError as exc:
            return fail(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)
        return result
    try:
        if "&" in text and _expanded_size(text) > MAX_NODES:  # no anchor, no alias to expand
            return fail(
                f"the document would expand to more than {MAX_NODES:,} values once its "
                "aliases (*name) are expanded; govmap refuses it as a likely 'alias bomb'. "
                "Split the landscape into smaller files or write values out in full"
            )
        loader = _LocatingLoader(text)
        try:
            documents = []
            while loader.check_data():
                documents.append(loader.get_data())
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (0, 0)
        what = exc.problem or "invalid YAML"
        if "nesting depth" in what:
            # libyaml's own limit (1,000 levels since 0.2.6) fires while parsing, before
            # govmap's check while building; say the same thing whichever fires first.
            return fail(f"nested too deeply for the YAML parser; {_DEPTH_ADVICE}", line, col)
        if "could not determine a constructor" in what or "unknown tag" in what:
            what = (f"{what.split(' for the tag ')[-1]} tags are not allowed: govmap reads plain "
                    "YAML only (no Python objects or custom tags)")
        return fail(f"not valid YAML: {what}", line, col)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return fail(f"not valid YAML: the character U+{ord(character):04X} is not allowed in "
                    "YAML (a control character); remove it", line, column)
    except yaml.YAMLError as exc:
        return fail(f"not valid YAML: {exc}")
    except RecursionError:
        return fail(f"nested too deeply; {_DEPTH_ADVICE}")
    for (line, col), message in loader.duplicates:
        result.problems.append(Problem(Location(name, line, col), message))
    if len(documents) > 1:
        return fail("the file holds several YAML documents ('---'); put one landscape per file")
    result.data = documents[0] if documents else None
    return result


def position(data: Any, loc: Sequence[int | str], *, key: bool = False) -> tuple[int, int]:
    """The line and column of the value at path ``loc`` in ``data``.

    With ``key=True`` the last step's key is located instead of its value (for a key that
    should not be there). A path that stops early (a missing key) gives the position of the
    deepest value that exists.
    """
    node = data
    best: tuple[int, int] = getattr(data, "mark", (0, 0))
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, LocDict) and step in node:
            marks = node.key_marks if (last and key) else node.value_marks
            best = marks.get(step, best)
            node = node[step]
        elif isinstance(node, LocList) and isinstance(step, int) and 0 <= step < len(node):
            best = node.item_marks[step]
            node = node[step]
        else:
            break
    return best
