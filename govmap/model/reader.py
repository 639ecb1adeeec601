"""Read YAML and JSON files into plain data that remembers where each value came from.

YAML is parsed with PyYAML's safe loader (the libyaml C loader when available): no Python
tags, no arbitrary objects. Mappings and sequences come back as :class:`LocDict` and
:class:`LocList`, which keep the line and column of each key and item so that validation
errors can point at ``FILE:LINE:COL``. Duplicate keys in a mapping, which PyYAML would
silently overwrite, are reported.

Keeping a position for every value costs memory and time on every load, though positions
are needed only to point at a problem. So :func:`read_bytes` can also read **plainly**
(``plain=True``): plain dicts and lists, with positions kept only for the file itself and
each item of its top-level lists (where an entity is defined), and every check below made
as the values are built. On anything the locating reader would report (a duplicate key,
a tag, a merge key, nesting, a refused character or number, several documents, invalid
YAML) the plain reader gives up and the file is read again with positions, so the
messages are the locating reader's own. :mod:`govmap.model.load` reads plainly first and
re-reads a file with positions only when validation finds a problem in it.

JSON is read by a locating parser built on the standard library's scanner, so it gets the
same positions, the same refusal of duplicate keys and the same limits (size, depth, values)
as YAML. After parsing, one pass over every key and value (:func:`_clean`) refuses control
characters however they were written (escapes included), numbers that are not finite and
whole numbers too long to be real, and normalises every string (Unicode NFC, surrounding
whitespace removed) so that ids and names are compared as people read them.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import math
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govmap.model.problems import Location, Problem, show_value

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
#: The most entities one file may list (the landscape's own limit, ``load.MAX_ENTITIES``),
#: counted on the event stream before anything is built.
MAX_ENTITIES = 500_000
#: Sections whose items are entities.
ENTITY_SECTIONS = frozenset({"areas", "footprints", "organisations", "bodies", "duties"})
_DEPTH_ADVICE = (f"govmap reads at most {MAX_DEPTH} levels of lists and mappings; "
                 "a landscape never needs more, so check the brackets and indentation")
#: Whole numbers with more digits than this are refused (no real count is this long, and
#: Python refuses to convert ones over 4,300 digits).
MAX_INT_DIGITS = 100


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


class _Refused:
    """A value the parser met but must not pass on (a number too long, NaN); says why."""

    def __init__(self, why: str) -> None:
        self.why = why


def _too_long(digits: int) -> str:
    return (f"a whole number of {digits:,} digits; govmap reads whole numbers of up to "
            f"{MAX_INT_DIGITS} digits, so check this value")


_NOT_FINITE = ("not a finite number ({}); write a real number, or leave the key out if the "
               "value is unknown")


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
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # merged keys ('<<') come first; the file's own override them
    from_merge: set[Any] = set()
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
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark,
                "a key must be a plain value, not a list or mapping", key_node.start_mark,
            ) from None
        if index < merged:
            from_merge.add(key)
        elif key in from_merge:
            from_merge.discard(key)  # an override of a merged key: what '<<' is for
        elif key in result:
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


def _construct_int(loader: _LocatingLoader, node: yaml.ScalarNode) -> Any:
    """A whole number; one too long to be real is kept aside for a located refusal."""
    text = str(node.value)
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_INT_DIGITS:
        return _Refused(_too_long(digits))
    return loader.construct_yaml_int(node)


def _guarded(construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A constructor that refuses, at the value's place, a value its tag cannot hold
    (``!!int foo``, ``!!map [1]``, ``!!bool maybe``) instead of failing inside PyYAML."""
    def run(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError,
                OverflowError):
            shown = (show_value(node.value) if isinstance(node, yaml.ScalarNode) else
                     "a mapping" if isinstance(node, yaml.MappingNode) else "a list")
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown} is tagged {tag}, which it cannot be; remove the tag "
                "or correct the value", node.start_mark) from None
    return run


_LocatingLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_LocatingLoader.yaml_constructors = {
    tag: construct if tag is None else _guarded(construct)
    for tag, construct in _LocatingLoader.yaml_constructors.items()
}


# -- the plain reader ---------------------------------------------------------------------

_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"


class _Locate(Exception):
    """The plain reader met something only the locating reader can report."""


class _PlainLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that builds plain dicts and lists, checking and normalising as it goes.

    It gives the data :func:`_clean` would give after the locating loader, for a file with
    nothing to report; on anything the locating reader would report it raises
    :class:`_Locate` (so that the file is read again with positions). The file's own
    mapping (or list) and the lists directly under it keep their positions (the entities'
    places); nothing below does. Equal strings are kept once (keys and repeated values are
    most of a landscape's strings).
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.depth = 0
        self.strings: dict[str, str] = {}
        self.keys: dict[str, Any] = {}
        self.tags: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node: PyYAML's answer, remembered for each plain scalar's text (it
        depends on nothing else when no path resolvers are added)."""
        if kind is yaml.ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            tag = self.tags.get(value)
            if tag is None:
                tag = self.tags[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)

    def text(self, value: str) -> str:
        """A string as :func:`_clean` leaves it (NFC, trimmed), kept once; refused ones raise."""
        if not value.isprintable() and _REFUSED_CHARS.search(value):
            raise _Locate
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        value = value.strip()
        return self.strings.setdefault(value, value)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """A scalar, built without the loader's bookkeeping (scalars hold no references)."""
        tag = node.tag
        if tag == _STR:
            return self.text(node.value)
        build = _PLAIN_SCALARS.get(tag)
        if build is None:
            raise _Locate  # a tag the locating reader refuses or keeps as it is (!!set, ...)
        return build(self, node)

    def item(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        return self.construct_object(node, deep=True)  # shared, and recursion refused


def _plain_int(loader: _PlainLoader, node: yaml.ScalarNode) -> Any:
    if sum(c.isdigit() for c in str(node.value)) > MAX_INT_DIGITS:
        raise _Locate
    return loader.construct_yaml_int(node)


def _plain_float(loader: _PlainLoader, node: yaml.ScalarNode) -> Any:
    value = loader.construct_yaml_float(node)
    if not math.isfinite(value):
        raise _Locate
    return value


def _plain_timestamp(loader: _PlainLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.text(loader.construct_scalar(node))


_PLAIN_SCALARS: dict[str, Callable[[_PlainLoader, yaml.ScalarNode], Any]] = {
    _INT: _plain_int,
    _FLOAT: _plain_float,
    "tag:yaml.org,2002:bool": lambda loader, node: loader.construct_yaml_bool(node),
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:timestamp": _plain_timestamp,
}


def _plain_mapping(loader: _PlainLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    pairs = node.value
    loader.depth += 1
    if loader.depth > MAX_DEPTH:
        raise _Locate
    top = loader.depth == 1
    result: dict[Any, Any] = LocDict() if top else {}
    if top:
        result.mark = _pos(node.start_mark)  # type: ignore[attr-defined]
        result.key_marks, result.value_marks = {}, {}  # type: ignore[attr-defined]
    keys = loader.keys
    for key_node, value_node in pairs:
        if key_node.tag == _STR and type(key_node) is yaml.ScalarNode:
            key = keys.get(key_node.value)
            if key is None:
                key = keys[key_node.value] = loader.text(key_node.value)
        elif key_node.tag == _MERGE:
            raise _Locate  # '<<' and its overrides: the locating reader's rules
        else:
            key = loader.item(key_node)
            try:
                hash(key)
            except TypeError:
                raise _Locate from None
        if key in result:
            raise _Locate  # a duplicate, perhaps once normalised
        result[key] = loader.item(value_node)
        if top:
            result.key_marks[key] = _pos(key_node.start_mark)  # type: ignore[attr-defined]
            result.value_marks[key] = _pos(value_node.start_mark)  # type: ignore[attr-defined]
    loader.depth -= 1
    return result


def _plain_sequence(loader: _PlainLoader, node: yaml.SequenceNode) -> list[Any]:
    loader.depth += 1
    if loader.depth > MAX_DEPTH:
        raise _Locate
    item = loader.item
    if loader.depth <= 2:  # the file's own list, or a list under its mapping: entities
        result = LocList(item(child) for child in node.value)
        result.mark = _pos(node.start_mark)
        result.item_marks = [_pos(child.start_mark) for child in node.value]
    else:
        result = [item(child) for child in node.value]  # type: ignore[assignment]
    loader.depth -= 1
    return result


def _refuse(loader: _PlainLoader, node: yaml.Node) -> Any:
    raise _Locate


_PlainLoader.yaml_constructors = {
    **{tag: _refuse for tag in _BaseLoader.yaml_constructors},
    None: _refuse,
    "tag:yaml.org,2002:map": _plain_mapping,
    "tag:yaml.org,2002:seq": _plain_sequence,
    _STR: lambda loader, node: loader.text(loader.construct_scalar(node)),
    **_PLAIN_SCALARS,
}
_PlainLoader.yaml_multi_constructors = {}


def _plain_load(text: str) -> tuple[bool, Any]:
    """(True, data) read plainly, or (False, None) if the locating reader must read it."""
    loader = _PlainLoader(text)
    try:
        documents = []
        while loader.check_data():
            documents.append(loader.get_data())
            if len(documents) > 1:
                return False, None
    except Exception:  # whatever it is, the locating reader reports it
        return False, None
    finally:
        loader.dispose()
    data = documents[0] if documents else None
    if isinstance(data, dict) and not all(
            isinstance(value, LocList) for value in data.values() if isinstance(value, list)):
        return False, None  # a list shared from deeper down (an alias): its items unplaced
    return True, data


@dataclass
class ReadResult:
    """A file's data (None when unreadable) and the problems met reading it."""

    path: Path
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    plain: bool = False
    """True when read plainly: positions below the file's top-level lists are not kept."""


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


def _entity_items(text: str) -> tuple[int, tuple[int, int]]:
    """How many items the file's entity sections list, counted on the event stream.

    Nothing is built, and the count stops just past :data:`MAX_ENTITIES`, so a small file
    listing millions of empty items (``areas: [{},{},...]``) is refused in the time it
    takes to read its first few megabytes, not after building all of them. Returns the
    count and the position (line, column) where the count passed the limit.
    """
    count = 0
    depth = 0
    key: str | None = None
    expect_key = True
    counting = False
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent | yaml.AliasEvent):
            if depth == 1:
                if expect_key:
                    key = event.value if isinstance(event, yaml.ScalarEvent) else None
                else:
                    counting = (isinstance(event, yaml.SequenceStartEvent)
                                and key in ENTITY_SECTIONS)
                expect_key = not expect_key
            elif depth == 2 and counting:
                count += 1
                if count > MAX_ENTITIES:
                    mark = event.start_mark
                    return count, ((mark.line + 1, mark.column + 1) if mark else (0, 0))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            if depth == 1:
                counting = False
    return count, (0, 0)


def _may_list_many(text: str) -> bool:
    """False when the file cannot list more than :data:`MAX_ENTITIES` items.

    Every item of a section starts a line with ``-``, or follows ``[`` or ``,`` in a flow
    list; so fewer of those characters than the limit means fewer items, without parsing.
    """
    return text.count("-") + text.count(",") + text.count("[") > MAX_ENTITIES


# -- after parsing: one pass over every key and value ----------------------------------

#: Control characters (C0 except tab, line feed and carriage return; DEL; C1), lone
#: surrogates and the noncharacters U+FFFE and U+FFFF: invisible in a file, they break
#: exports (XML and XLSX cannot hold them) and can drive a terminal.
_REFUSED_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _char_problem(text: str) -> str | None:
    found = _REFUSED_CHARS.search(text)
    if found is None:
        return None
    code = ord(found.group())
    kind = ("a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a noncharacter"
            if code > 0xFFFD else "a control character")
    written = f"\\x{code:02x} or \\u{code:04x}" if code <= 0xFF else f"\\u{code:04x}"
    return (f"the text holds U+{code:04X} ({kind}, perhaps written as an escape such as "
            f"{written}); it is invisible, breaks exports and can drive a terminal, so "
            "remove it")


def _clean(data: Any, add: Callable[[tuple[int, int], str], None]) -> Any:
    """Check and normalise every key and value of parsed data; report at each one's place.

    Strings become Unicode NFC with surrounding whitespace removed; a control character,
    a non-finite number or an over-long whole number is reported (and dropped).
    """
    def value(item: Any, mark: tuple[int, int]) -> Any:
        if isinstance(item, str):
            problem = _char_problem(item)
            if problem:
                add(mark, problem)  # the text goes on with a visible mark, for other checks
                item = _REFUSED_CHARS.sub("\ufffd", item)
            return unicodedata.normalize("NFC", item).strip()
        if isinstance(item, _Refused):
            add(mark, item.why)
            return _DROP
        if isinstance(item, float) and not math.isfinite(item):
            add(mark, _NOT_FINITE.format(item))
            return _DROP
        if isinstance(item, dict | list):
            return _clean(item, add)
        return item

    if isinstance(data, dict):
        key_marks = getattr(data, "key_marks", {})
        value_marks = getattr(data, "value_marks", {})
        here = getattr(data, "mark", (0, 0))
        result = LocDict()
        result.mark, result.key_marks, result.value_marks = here, {}, {}
        for key, item in data.items():
            at = key_marks.get(key, here)
            new_key = value(key, at) if isinstance(key, str) else key
            if new_key is _DROP:
                continue
            if new_key in result:
                add(at, f"duplicate key '{new_key}' (first given at line "
                    f"{result.key_marks[new_key][0]}) once spaces and Unicode forms are "
                    "normalised; remove one")
                continue
            cleaned = value(item, value_marks.get(key, at))
            if cleaned is _DROP:  # refused and reported: the key is left out
                continue
            result[new_key] = cleaned
            result.key_marks[new_key] = at
            result.value_marks[new_key] = value_marks.get(key, at)
        return result
    if isinstance(data, list):
        marks = getattr(data, "item_marks", None) or [getattr(data, "mark", (0, 0))] * len(data)
        items = LocList(None if cleaned is _DROP else cleaned for cleaned in
                        (value(item, mark) for item, mark in zip(data, marks, strict=True)))
        items.mark, items.item_marks = getattr(data, "mark", (0, 0)), list(marks)
        return items
    top = value(data, (1, 1))
    return None if top is _DROP else top


#: Marks a refused value that :func:`_clean` leaves out.
_DROP = _Refused("")


# -- JSON -------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*").match
#: The standard library's string scanner and pure-Python scanner (not in its type stubs).
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_make_scanner: Callable[[Any], Any] = json.scanner.py_make_scanner  # type: ignore[attr-defined]


class _JsonError(Exception):
    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.message, self.index = message, index


def _parse_json(text: str, duplicates: list[tuple[int, str]]) -> Any:
    """Parse JSON into LocDict / LocList with positions, listing duplicate keys.

    Raises :class:`_JsonError` (or ``json.JSONDecodeError``) with the index of the fault.
    """
    lines = [m.start() for m in re.finditer("\n", text)]

    def pos(index: int) -> tuple[int, int]:
        line = bisect.bisect_left(lines, index)
        start = lines[line - 1] + 1 if line else 0
        return (line + 1, index - start + 1)

    count = [0]

    def grow(n: int, index: int) -> None:
        count[0] += n
        if count[0] > MAX_NODES:
            raise _JsonError(f"the document holds more than {MAX_NODES:,} values; split the "
                             "landscape into smaller files", index)

    def skip(s: str, end: int) -> int:
        found = _WHITESPACE(s, end)
        return found.end() if found else end

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any,
                     *_: Any) -> tuple[LocDict, int]:
        s, end = s_and_end
        result = LocDict()
        result.mark, result.key_marks, result.value_marks = pos(end - 1), {}, {}
        end = skip(s, end)
        if s[end:end + 1] == "}":
            return result, end + 1
        while True:
            if s[end:end + 1] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", s, end)
            key_at = end
            key, end = _scanstring(s, end + 1, strict)
            end = skip(s, end)
            if s[end:end + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", s, end)
            end = skip(s, end + 1)
            value_at = end
            try:
                value, end = scan_once(s, end)
            except StopIteration as err:
                raise json.JSONDecodeError("Expecting value", s, err.value) from None
            if key in result:
                duplicates.append((key_at, f"duplicate key '{key}' (first given at line "
                                   f"{result.key_marks[key][0]}); the second would silently "
                                   "replace the first, so remove one"))
            else:
                result[key] = value
                result.key_marks[key] = pos(key_at)
                result.value_marks[key] = pos(value_at)
            grow(1, value_at)
            end = skip(s, end)
            if s[end:end + 1] == "}":
                return result, end + 1
            if s[end:end + 1] != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", s, end)
            end = skip(s, end + 1)

    def parse_array(s_and_end: tuple[str, int], scan_once: Any) -> tuple[LocList, int]:
        s, end = s_and_end
        result = LocList()
        result.mark, result.item_marks = pos(end - 1), []
        end = skip(s, end)
        if s[end:end + 1] == "]":
            return result, end + 1
        while True:
            at = end
            try:
                value, end = scan_once(s, end)
            except StopIteration as err:
                raise json.JSONDecodeError("Expecting value", s, err.value) from None
            result.append(value)
            result.item_marks.append(pos(at))
            grow(1, at)
            end = skip(s, end)
            if s[end:end + 1] == "]":
                return result, end + 1
            if s[end:end + 1] != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", s, end)
            end = skip(s, end + 1)

    def parse_int(literal: str) -> Any:
        digits = len(literal.lstrip("-"))
        return _Refused(_too_long(digits)) if digits > MAX_INT_DIGITS else int(literal)

    def parse_float(literal: str) -> Any:
        number = float(literal)
        return number if math.isfinite(number) else _Refused(_NOT_FINITE.format(literal))

    def parse_constant(literal: str) -> Any:
        return _Refused(_NOT_FINITE.format(literal) + " (JSON has no NaN or Infinity)")

    depth = [0]

    def nested(parse: Callable[..., Any]) -> Callable[..., Any]:
        """Count nesting as the scanner recurses; refuse before Python's own limit."""
        def run(s_and_end: tuple[str, int], *rest: Any) -> Any:
            depth[0] += 1
            try:
                if depth[0] > MAX_DEPTH:
                    raise _JsonError(f"nesting deeper than {MAX_DEPTH} levels; {_DEPTH_ADVICE}",
                                     s_and_end[1] - 1)
                return parse(s_and_end, *rest)
            finally:
                depth[0] -= 1
        return run

    context = json.JSONDecoder(parse_int=parse_int, parse_float=parse_float,
                               parse_constant=parse_constant, strict=True)
    context.parse_object = nested(parse_object)  # type: ignore[attr-defined]
    context.parse_array = nested(parse_array)  # type: ignore[attr-defined]
    context.parse_string = _scanstring  # type: ignore[attr-defined]
    context.memo = {}  # type: ignore[attr-defined]
    scan_once = _make_scanner(context)
    start = skip(text, 0)
    try:
        data, end = scan_once(text, start)
    except StopIteration as err:
        raise json.JSONDecodeError("Expecting value", text, err.value) from None
    end = skip(text, end)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return data


def _read_json(text: str, fail: Callable[..., ReadResult], result: ReadResult) -> ReadResult:
    def at(index: int) -> tuple[int, int]:
        return (text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1)

    duplicates: list[tuple[int, str]] = []
    try:
        result.data = _parse_json(text, duplicates)
    except json.JSONDecodeError as exc:
        return fail(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)
    except _JsonError as exc:
        return fail(exc.message, *at(exc.index))
    except RecursionError:  # pragma: no cover - the depth count in _parse_json comes first
        return fail(f"nested too deeply; {_DEPTH_ADVICE}")
    for index, message in duplicates:
        fail(message, *at(index))
    return result


#: What a path that is not a regular file is, by its mode.
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a directory"))


def special_kind(mode: int) -> str | None:
    """What a file of this mode is, if it is not a regular file (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def read_file(path: Path, display: str | None = None, *, plain: bool = False) -> ReadResult:
    """Read one YAML or JSON file, never raising for bad content (``plain``: see
    :func:`read_bytes`)."""
    name = display or str(path)
    result = ReadResult(path)

    def fail(message: str, line: int = 0, column: int = 0) -> ReadResult:
        result.problems.append(Problem(Location(name, line, column), message))
        return result

    try:
        kind = special_kind(path.stat().st_mode)  # follows links: a link to /dev/zero is a device
        if kind:
            return fail(f"is {kind}, not a regular file; govmap reads only regular files")
        # O_NONBLOCK: should the path have become a FIFO since, opening it does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            kind = special_kind(info.st_mode)
            if kind:
                return fail(f"is {kind}, not a regular file; govmap reads only regular files")
            size = info.st_size
            if size > MAX_FILE_BYTES:
                return fail(_too_big(size))
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return fail("no such file")
    except IsADirectoryError:
        return fail("is a directory, not a file")
    except PermissionError:
        return fail("cannot read the file: permission denied")
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror or exc}")
    return read_bytes(raw, name, path, result, plain=plain)


def _too_big(size: int) -> str:
    return (f"file is {size / 1e6:.1f} MB; govmap reads files up to "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB, so split the landscape into several files")


def read_bytes(raw: bytes, name: str, path: Path | None = None,
               result: ReadResult | None = None, *, plain: bool = False) -> ReadResult:
    """Parse the bytes of a YAML or JSON file named ``name``.

    With ``plain``, a YAML file with nothing to report is read without positions below its
    top-level lists (``result.plain`` says so); a file with anything to report is read with
    positions, and its problems are the same either way.
    """
    result = result or ReadResult(path or Path(name))

    def fail(message: str, line: int = 0, column: int = 0) -> ReadResult:
        result.problems.append(Problem(Location(name, line, column), message))
        return result

    if len(raw) > MAX_FILE_BYTES:
        return fail(_too_big(len(raw)))
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
        _read_json(text, fail, result)
        return _finish(result, name)
    try:
        if "&" in text and _expanded_size(text) > MAX_NODES:  # no anchor, no alias to expand
            return fail(
                f"the document would expand to more than {MAX_NODES:,} values once its "
                "aliases (*name) are expanded; govmap refuses it as a likely 'alias bomb'. "
                "Split the landscape into smaller files or write values out in full"
            )
        if _may_list_many(text):
            count, (line, column) = _entity_items(text)
            if count > MAX_ENTITIES:
                return fail(f"the file lists more than {MAX_ENTITIES:,} entities; govmap reads "
                            f"at most {MAX_ENTITIES:,} in a landscape: split it into separate "
                            "landscapes", line, column)
        if plain:
            done, data = _plain_load(text)
            if done:
                result.data, result.plain = data, True
                return result
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
    return _finish(result, name)


def _finish(result: ReadResult, name: str) -> ReadResult:
    """Check and normalise every value read (see :func:`_clean`)."""
    if result.data is None:
        return result

    def add(mark: tuple[int, int], message: str) -> None:
        result.problems.append(Problem(Location(name, *mark), message))

    result.data = _clean(result.data, add)
    return result


def located_position(data: Any, loc: Sequence[int | str], *, key: bool = False
                     ) -> tuple[int, int] | None:
    """:func:`position`, or None when the path goes into data read plainly (whose place
    only the locating reader knows)."""
    node = data
    best: tuple[int, int] = getattr(data, "mark", (0, 0))
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, LocDict):
            if step not in node:
                break
            marks = node.key_marks if (last and key) else node.value_marks
            best = marks.get(step, best)
            node = node[step]
        elif isinstance(node, LocList):
            if not (isinstance(step, int) and 0 <= step < len(node)):
                break
            best = node.item_marks[step]
            node = node[step]
        elif isinstance(node, dict | list):
            return None
        else:
            break
    return best


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
