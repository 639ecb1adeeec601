"""An edit session: changes to a landscape's files, each checked as ``govmap validate`` would.

A session starts from the files of a landscape (names and bytes: the embedded data, or an
upload) and never modifies them. Each edit replaces, adds or removes one entity (a body, an
organisation, ...); a body's memberships, reporting lines and duty assignments are part of
the body, so changing a seat is a change to its body. An edit is written into a copy of the
entity's file (:mod:`govmap.edit.yamltext`: only that entity's lines change) and the files
are checked again by :func:`govmap.model.load.check_bytes`, the loader behind ``govmap
validate``, with ``strict`` on, so that a new or changed fact without sources or confidence
is refused as the embedded data's rule demands. What ``--strict`` already found in the
files before the edit (an upload without sources, say) does not block it, unless it is in
a fact the edit adds or alters.

- No error: the edit is **applied** and joins the session's list of changes.
- Any error: the edit is kept as a **draft** with its problems, each in the command line's
  words (``FILE:LINE:COL: error: ...``) and tied to the entity and row it concerns
  (:class:`RowProblem`); the session's files do not change.

Any change can be undone (:meth:`EditSession.undo`) unless a later change touched the same
entity, or the landscape without it would not be valid.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from govmap.edit import yamltext
from govmap.files import content_key
from govmap.model import load
from govmap.model.load import SECTIONS, LoadResult
from govmap.model.problems import Location, Problem
from govmap.model.reader import LocDict, LocList, ReadResult, read_bytes

Files = tuple[tuple[str, bytes], ...]
Key = tuple[str, str]

#: The parts of an entity that the explorer shows as tables of their own (any other list
#: of mappings in an entity is treated the same way: see :func:`is_part`).
PARTS = ("members", "reporting_lines", "discharges")


def is_part(name: str, value: Any) -> bool:
    """Whether an entity's value is a table of rows (members, lines, duties, ...)."""
    if name in PARTS:
        return True
    return isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value)

#: What one of each section is called in messages.
SINGULAR = {"areas": "area", "footprints": "footprint", "organisations": "organisation",
            "bodies": "body", "duties": "duty", "arrangements": "arrangement",
            "documents": "source document"}

#: How the loader says that a fact has no sources or no confidence (``--strict``).
_PROVENANCE = re.compile(r" has no (sources|confidence); ")


#: Files a session keeps read (the input's files, and the latest versions of edited ones).
MAX_READ = 32


class Reader:
    """Files read once per content, for one edit session (never shared between sessions).

    Reading the embedded data takes about a second; an edit changes one file, so keeping
    what the other files read as makes checking an edit several times faster.
    """

    def __init__(self) -> None:
        self._read: dict[tuple[str, str], ReadResult] = {}

    def read(self, name: str, raw: bytes) -> ReadResult:
        """The file read by :func:`govmap.model.reader.read_bytes` (as the loader reads it)."""
        key = (name, hashlib.sha256(raw).hexdigest())
        found = self._read.get(key)
        if found is None:
            while len(self._read) >= MAX_READ:  # forget the oldest
                del self._read[next(iter(self._read))]
            found = self._read[key] = read_bytes(raw, name)
        return found

    def data(self, name: str, raw: bytes) -> Any:
        return self.read(name, raw).data

    def check(self, files: Sequence[tuple[str, bytes]], *, strict: bool = False) -> LoadResult:
        """:func:`govmap.model.load.check_bytes`, reading each distinct file once."""
        problems: list[Problem] = []
        documents = []
        for name, raw in files:
            read = self.read(name, raw)
            problems.extend(read.problems)
            if read.data is not None or not read.problems:
                documents.append((name, read.data))
        if not files:
            return load.check_bytes(list(files), strict=strict)
        return load._validate(documents, problems, [n for n, _ in files], strict)


@dataclass(frozen=True)
class Change:
    """One entity added (``before`` None), removed (``after`` None) or changed."""

    section: str
    id: str
    file: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    @property
    def key(self) -> Key:
        return (self.section, self.id)

    @property
    def kind(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


@dataclass(frozen=True)
class RowProblem:
    """A problem, and the entity (and row of one of its tables) it concerns, if known."""

    problem: Problem
    section: str | None = None
    id: str | None = None
    part: str | None = None
    index: int | None = None
    field: str | None = None

    @property
    def severity(self) -> str:
        return self.problem.severity

    def __str__(self) -> str:
        return str(self.problem)

    @property
    def where(self) -> str:
        """The entity, row and field in words: ``body 'x', members row 2, field 'sources'``."""
        parts = []
        if self.section and self.id:
            parts.append(f"{SINGULAR.get(self.section, self.section)} '{self.id}'")
        if self.part is not None and self.index is not None:
            parts.append(f"{self.part.replace('_', ' ')} row {self.index + 1}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class Draft:
    """An edit that was not applied, and why."""

    change: Change
    problems: tuple[RowProblem, ...]


@dataclass(frozen=True)
class Attempt:
    """What trying an edit gave: the session after it, whether it applied, and problems.

    ``problems`` holds errors (the edit was not applied) or warnings (it was).
    """

    session: EditSession
    applied: bool
    problems: tuple[RowProblem, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class Entry:
    """Where an entity is now: its file, its index in its section there, and its data."""

    file: str
    index: int
    data: dict[str, Any]


@dataclass(frozen=True)
class EditSession:
    """A landscape's files and the changes made to them (immutable: edits make a new one)."""

    base: Files
    base_result: LoadResult
    changes: tuple[Change, ...] = ()
    files: Files = ()
    result: LoadResult | None = None
    drafts: Mapping[Key, Draft] = field(default_factory=dict)
    reader: Reader = field(default_factory=Reader, compare=False, repr=False)
    #: The errors ``--strict`` finds in the files now, and found in the base files: gaps
    #: the input already had, which an edit that leaves them as they were may keep.
    known: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    base_known: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @classmethod
    def start(cls, files: Sequence[tuple[str, bytes]], result: LoadResult | None = None
              ) -> EditSession:
        """A session over ``files`` (``result``: their check, if already done)."""
        base = tuple(files)
        reader = Reader()
        checked = result if result is not None else reader.check(base)
        known = _errors(reader.check(base, strict=True).problems)
        return cls(base, checked, (), base, checked, reader=reader, known=known,
                   base_known=known)

    # -- what the session holds ---------------------------------------------------------

    @property
    def current(self) -> LoadResult:
        """The check of the files as edited (of the base files before any change)."""
        return self.result if self.result is not None else self.base_result

    @cached_property
    def key(self) -> str:
        """A hash of the edited files (equal to the base's when nothing changed)."""
        return content_key(self.files)

    @cached_property
    def base_key(self) -> str:
        return content_key(self.base)

    @cached_property
    def _index(self) -> dict[Key, Entry]:
        return index_files(self.files, self.reader)

    def entries(self, section: str) -> dict[str, Entry]:
        """Every entity of a section now: id -> where it is and its data (file order)."""
        return {k[1]: e for k, e in self._index.items() if k[0] == section}

    def get(self, section: str, ident: str) -> dict[str, Any] | None:
        """An entity's data now (plain dicts and lists, as in its file), or None."""
        found = self._index.get((section, ident))
        return None if found is None else found.data

    def file_of(self, section: str, ident: str) -> str | None:
        found = self._index.get((section, ident))
        return None if found is None else found.file

    def text(self, name: str) -> str:
        return dict(self.files)[name].decode("utf-8-sig")

    def changed_files(self) -> list[str]:
        """Names of the files whose bytes differ from the base."""
        before = dict(self.base)
        return [name for name, raw in self.files if before.get(name) != raw]

    # -- editing ------------------------------------------------------------------------

    def propose(self, section: str, ident: str, after: Mapping[str, Any] | None, *,
                new: bool = False, file: str | None = None) -> Attempt:
        """Try to add (``new``), change or remove (``after`` None) one entity.

        Parameters
        ----------
        section : str
            ``bodies``, ``organisations``, ``footprints``, ``duties`` or ``areas``.
        ident : str
            The entity's id now (for a change that renames it, the old id).
        after : mapping or None
            The entity as it should be written, or None to remove it.
        new : bool
            Add a new entity (an existing id is then an error, as a duplicate id is).
        file : str, optional
            For a new entity, the file to write it in (default: see :meth:`home_for`).
        """
        if section not in SECTIONS:
            raise ValueError(f"unknown section {section!r}")
        before = None if new else self.get(section, ident)
        if not new and before is None:
            return Attempt(self, False, (RowProblem(Problem(
                Location(""), f"there is no {SINGULAR[section]} '{ident}' to change"),
                section, ident),))
        tidy = None if after is None else clean(after)
        if tidy is not None and before is not None and \
                yamltext.canonical(tidy) == yamltext.canonical(before):
            return Attempt(self.without_draft((section, ident)), False,
                           message="Nothing changed.")
        where = file or (self.file_of(section, ident) if not new
                         else self.home_for(section, tidy or {}))
        if where is None:
            return Attempt(self, False, (RowProblem(Problem(
                Location(""), "there is no file to write it in"), section, ident),))
        change = Change(section, ident, where, before, tidy)
        return self._try(change, (*self.changes, change))

    def home_for(self, section: str, entity: Mapping[str, Any]) -> str | None:
        """The file a new entity goes in: where the last of its kind is, else the last file
        holding that section, else the first file."""
        kind = entity.get("kind")
        entries = list(self.entries(section).values())
        same = [e for e in entries if kind is not None and e.data.get("kind") == kind]
        if same:
            return same[-1].file
        if entries:
            return entries[-1].file
        return self.files[0][0] if self.files else None

    def undo(self, position: int) -> Attempt:
        """Undo change ``position`` (0-based), re-checking the landscape without it."""
        change = self.changes[position]
        later = [c for c in self.changes[position + 1:] if c.key == change.key]
        if later:
            return Attempt(self, False, (RowProblem(Problem(
                Location(change.file), f"{SINGULAR[change.section]} '{change.id}' was changed "
                "again later; undo the later change first"), change.section, change.id),))
        return self._try(None, self.changes[:position] + self.changes[position + 1:])

    def discard(self, key: Key) -> EditSession:
        """The session without the draft for an entity."""
        return self.without_draft(key)

    def without_draft(self, key: Key) -> EditSession:
        if key not in self.drafts:
            return self
        return replace(self, drafts={k: v for k, v in self.drafts.items() if k != key})

    def _try(self, change: Change | None, changes: tuple[Change, ...]) -> Attempt:
        reader = self.reader
        files = (rebuild(self.base, changes, reader) if change is None
                 else apply_change(self.files, change, reader))
        touched = {c.key for c in changes} if change is None else {change.key}
        strict = reader.check(files, strict=True)
        located = [locate(p, files, reader) for p in strict.problems]
        known = self.known | self.base_known if change is None else self.known
        blocking = [p for p in located if p.severity == "error" and (
            p.problem.message not in known or _new_fact(change, p))]
        if blocking:
            concerned = tuple(p for p in located if p in blocking or (
                p.severity == "warning" and (p.section, p.id) in touched))
            if change is None:
                return Attempt(self, False, concerned)
            drafts = {**self.drafts, change.key: Draft(change, concerned)}
            return Attempt(replace(self, drafts=drafts), False, concerned)
        result = strict if not strict.errors else reader.check(files)
        drafts = dict(self.drafts)
        if change is not None:
            drafts.pop(change.key, None)
        session = EditSession(self.base, self.base_result, changes, files, result, drafts,
                              reader, _errors(strict.problems), self.base_known)
        warnings = tuple(p for p in located if p.severity == "warning"
                         and (p.section, p.id) in touched)
        return Attempt(session, True, warnings)


def _errors(problems: Iterable[Problem]) -> frozenset[str]:
    return frozenset(p.message for p in problems if p.severity == "error")


def _new_fact(change: Change | None, problem: RowProblem) -> bool:
    """Whether a problem concerns a fact the change adds or alters (an entity's own fields,
    or one row of its members, lines or duties): only those need sources and confidence.

    Undoing restores what was there, so it never needs them.
    """
    if change is None or change.after is None or (problem.section, problem.id) != change.key:
        return False
    before, after = change.before, change.after
    if before is None:
        return True
    if problem.part is None:
        return any(yamltext.canonical(before.get(k)) != yamltext.canonical(after.get(k))
                   for k in {*before, *after}
                   if not is_part(k, before.get(k)) and not is_part(k, after.get(k)))
    rows = after.get(problem.part) or ()
    if problem.index is None or problem.index >= len(rows):
        return True
    old = {yamltext.canonical(r) for r in before.get(problem.part) or ()}
    return yamltext.canonical(rows[problem.index]) not in old


def clean(entity: Mapping[str, Any]) -> dict[str, Any]:
    """An entity as it should be written: no empty values, lists of parts tidied too."""
    out: dict[str, Any] = {}
    for key, value in entity.items():
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, Mapping):
            value = clean(value)
        elif isinstance(value, list | tuple):
            value = [clean(v) if isinstance(v, Mapping) else v for v in value]
            value = [v for v in value if v not in (None, "", {})]
        if value in (None, "", [], {}):
            continue
        out[str(key)] = value
    return out


# -- files ---------------------------------------------------------------------------------


#: The field that names an entity: ``id``, or ``key`` for a registered source document.
ID_FIELDS = ("id", "key")


def ident_of(item: Any) -> str | None:
    """An entity's id (a source document's key), or None."""
    if not isinstance(item, Mapping):
        return None
    for name in ID_FIELDS:
        if isinstance(item.get(name), str):
            return str(item[name])
    return None


def index_files(files: Files, reader: Reader | None = None) -> dict[Key, Entry]:
    """Every entity of every section in some files (the first one of each id wins)."""
    reader = reader or Reader()
    found: dict[Key, Entry] = {}
    for name, raw in files:
        data = reader.data(name, raw)
        if not isinstance(data, Mapping):
            continue
        for section in SECTIONS:
            items = data.get(section)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                ident = ident_of(item)
                if ident is not None:
                    found.setdefault((section, ident), Entry(name, i, yamltext.plain(item)))
    return found


def apply_change(files: Files, change: Change, reader: Reader | None = None) -> Files:
    """The files with one change written into the file that holds (or will hold) it."""
    reader = reader or Reader()
    out = []
    index = index_files(files, reader) if change.before is not None else {}
    entry = index.get(change.key)
    for name, raw in files:
        text = raw.decode("utf-8-sig")
        if change.before is None and name == change.file and change.after is not None:
            text = yamltext.append_entity(name, text, change.section, change.after,
                                          reader.data(name, raw))
        elif entry is not None and name == entry.file:
            text = yamltext.replace_entity(name, text, change.section, entry.index,
                                           change.after, reader.data(name, raw))
        else:
            out.append((name, raw))
            continue
        out.append((name, text.encode("utf-8")))
    return tuple(out)


def rebuild(base: Files, changes: Sequence[Change], reader: Reader | None = None) -> Files:
    """The base files with every change written in order."""
    files = base
    for change in changes:
        files = apply_change(files, change, reader)
    return files


def locate(problem: Problem, files: Files, reader: Reader | None = None) -> RowProblem:
    """Tie a problem to the entity, table row and field its line falls in."""
    where = problem.location
    if where.line <= 0:
        return RowProblem(problem)
    raw = dict(files).get(where.file)
    if raw is None:
        return RowProblem(problem)
    text = raw.decode("utf-8-sig")
    data = (reader or Reader()).data(where.file, raw)
    if not isinstance(data, LocDict):
        return RowProblem(problem)
    for section in SECTIONS:
        try:
            found = yamltext.blocks(text, data, section)
        except yamltext.NotInPlace:
            continue
        for i, block in enumerate(found):
            if not block.start < where.line <= block.end:
                continue
            item = data[section][i]
            ident = ident_of(item)
            part, row, name = _row(item, where.line, where.column)
            missing = _PROVENANCE.search(problem.message)
            if missing:
                name = missing.group(1)  # the field to fill in, not the row's first key
            return RowProblem(problem, section, ident, part, row, name)
    return RowProblem(problem)


def _row(item: Any, line: int, column: int = 0
         ) -> tuple[str | None, int | None, str | None]:
    """The part, row and field of an entity that a line and column (1-based) fall in.

    A problem placed at the start of the entity or of a row (a problem with it as a whole,
    such as dates in the wrong order) has no field.
    """
    if not isinstance(item, LocDict):
        return None, None, None
    if (line, column) == item.mark:
        return None, None, None
    for part, rows in item.items():
        if not isinstance(rows, LocList) or not rows or not is_part(str(part), rows):
            continue
        starts = [mark[0] for mark in rows.item_marks]
        after_part = min((item.key_marks[k][0] for k in item
                          if item.key_marks[k][0] > starts[-1]), default=10**9)
        if not starts[0] <= line < after_part:
            continue
        row = max(i for i, start in enumerate(starts) if start <= line)
        sub = rows[row]
        whole = not isinstance(sub, LocDict) or (line, column) == sub.mark
        return str(part), row, None if whole else _field_at(sub, line)
    return None, None, _field_at(item, line)


def _field_at(item: LocDict, line: int) -> str | None:
    best = None
    for key, (at, _) in item.key_marks.items():
        if at <= line:
            best = str(key)
    return best
