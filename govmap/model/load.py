"""Load a landscape from YAML or JSON files, reporting every problem with its location.

``load()`` accepts one file, several files, or directories (read recursively, so a review
team can split a landscape by region), and with no path reads the embedded Wales data.
Validation collects **all** problems in one pass: each is ``FILE:LINE:COL: error: message``
with a suggestion where one is obvious.

Files are read plainly first (:func:`govmap.model.reader.read_bytes` with ``plain=True``:
no positions below each entity's own, which is most of a load's memory); a problem found
in a file read that way is located afterwards, by reading that file again with positions
(:class:`_Places`). A file with anything to report while reading it is read with
positions from the start. Either way the messages are those of reading every file with
positions (``plain=False``). Findings about the landscape itself (a reporting
cycle, a body with no upward line) are not load problems: they belong to the metrics.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from govmap.model import vocab
from govmap.model.collector import collector_paused
from govmap.model.dates import PartialDate, describe_period, is_active
from govmap.model.entities import (
    INHERIT,
    Area,
    Arrangement,
    Body,
    Document,
    Duty,
    Footprint,
    LandscapeDocument,
    Organisation,
    Provenance,
)
from govmap.model.landscape import Landscape
from govmap.model.problems import LandscapeError, Location, Problem, show_value
from govmap.model.reader import (
    LocDict,
    ReadResult,
    located_position,
    position,
    read_bytes,
    read_file,
    without_keys,
)

#: The embedded Wales landscape shipped with govmap.
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"

#: File name endings read when walking a directory.
EXTENSIONS = (".yaml", ".yml", ".json")

#: The most bytes read for one landscape, over all its files.
MAX_TOTAL_BYTES = 200 * 1024 * 1024
#: The most entities (areas, footprints, organisations, bodies, duties) in one landscape.
MAX_ENTITIES = 500_000

#: Sub-directories skipped when walking a directory (they hold other kinds of file).
SKIPPED_DIRS = frozenset({"scenarios"})

SECTIONS: Mapping[str, type[BaseModel]] = {
    "areas": Area,
    "footprints": Footprint,
    "organisations": Organisation,
    "bodies": Body,
    "duties": Duty,
    "arrangements": Arrangement,
    "documents": Document,
}
_SINGULAR = {
    "areas": "area", "footprints": "footprint", "organisations": "organisation",
    "bodies": "body", "duties": "duty", "arrangements": "arrangement", "documents": "document",
}
#: Keys that 'govmap export --format json' adds and the loader recomputes.
_DERIVED_KEYS = {"bodies": ("areas",)}

_TOP_KEYS = tuple(LandscapeDocument.model_fields)


@dataclass
class LoadResult:
    """What loading produced: the landscape (None if any error) and every problem."""

    landscape: Landscape | None
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.landscape is not None


def load(paths: Sequence[str | Path] | None = None, *, strict: bool = False,
         seeds: str | Path | None = None) -> Landscape:
    """Load a landscape, raising :class:`LandscapeError` with every problem if it is invalid."""
    result = check(paths, strict=strict, seeds=seeds)
    if result.landscape is None:
        raise LandscapeError(result.problems)
    return result.landscape


@collector_paused
def check(paths: Sequence[str | Path] | None = None, *, strict: bool = False,
          seeds: str | Path | None = None, plain: bool = True) -> LoadResult:
    """Read and validate files; never raises for bad input.

    ``paths`` may name files and directories; None or empty means the embedded data. With
    ``strict``, anything without ``sources`` or ``confidence`` is an error (the rule for the
    embedded data), and so are references outside their period and citations of
    unregistered documents. ``seeds`` is the folder of seed texts used to check cited lines
    (default: see :func:`govmap.citations.seed_dir`). ``plain=False`` reads every file
    with positions from the start (the same result, slower and larger; for comparison).
    """
    if plain:
        try:
            return _check(paths, strict, seeds, plain=True)
        except _Relocate:
            pass  # a file changed while it was read: read everything again with positions
    return _check(paths, strict, seeds, plain=False)


def _check(paths: Sequence[str | Path] | None, strict: bool, seeds: str | Path | None,
           plain: bool) -> LoadResult:
    problems: list[Problem] = []
    files = list(_expand(paths, problems))
    total = sum(path.stat().st_size for _, path in files if path.is_file())
    if total > MAX_TOTAL_BYTES:
        problems.append(Problem(Location(", ".join(map(str, paths or [DATA_DIR]))),
                                f"the files add up to {total / 1e6:.0f} MB; govmap reads at most "
                                f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB for one landscape"))
        return LoadResult(None, problems, [d for d, _ in files])
    documents = []
    plainly = set()
    for display, path in files:
        read = read_file(path, display, plain=plain)
        problems.extend(read.problems)
        if read.data is not None or not read.problems:
            documents.append((display, read.data))
        if read.plain:
            plainly.add(display)
    if not files and not problems:
        problems.append(Problem(Location(", ".join(map(str, paths or []))),
                                "no .yaml, .yml or .json files found there"))
    where = dict(files)
    return _validate(documents, problems, [d for d, _ in files], strict, seeds,
                     lambda name: read_file(where[name], name), plainly)


@collector_paused
def check_bytes(files: Sequence[tuple[str, bytes]], *, strict: bool = False,
                seeds: str | Path | None = None, plain: bool = True) -> LoadResult:
    """Validate in-memory files given as ``(name, content)`` (uploads in the explorer)."""
    if len({name for name, _ in files}) < len(files):
        plain = False  # a problem's file is found again by its name: names must be unique
    problems: list[Problem] = []
    documents = []
    plainly = set()
    for name, raw in files:
        read = read_bytes(raw, name, plain=plain)
        problems.extend(read.problems)
        if read.data is not None or not read.problems:
            documents.append((name, read.data))
        if read.plain:
            plainly.add(name)
    if not files:
        problems.append(Problem(Location("(upload)"), "no files were given"))
    content = dict(files)

    def relocate(name: str) -> ReadResult:
        return read_bytes(content[name], name)

    try:
        return _validate(documents, problems, [n for n, _ in files], strict, seeds, relocate,
                         plainly)
    except _Relocate:  # pragma: no cover - the bytes cannot change; kept for safety
        return check_bytes(files, strict=strict, seeds=seeds, plain=False)


def _expand(paths: Sequence[str | Path] | None, problems: list[Problem]
            ) -> Iterable[tuple[str, Path]]:
    if not paths:
        paths = [DATA_DIR]
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            problems.append(Problem(Location(str(given)), "no such file or directory"))
            continue
        if path.is_dir():
            candidates = [
                p for p in path.rglob("*")
                if p.suffix.lower() in EXTENSIONS
                and not any(part in SKIPPED_DIRS or part.startswith((".", "_"))
                            for part in p.relative_to(path).parts)
            ]
            found = sorted(p for p in candidates if p.is_file())
            for p in sorted(set(candidates) - set(found)):  # pipes, devices, broken links
                if not p.is_dir():
                    problems.append(Problem(Location(str(p)), "skipped: not a regular file "
                                            "(a pipe, a device or a broken link)", "warning"))
            if not found:
                problems.append(Problem(Location(str(given)),
                                        "no .yaml, .yml or .json files in this directory"))
            for p in found:
                if p.resolve() not in seen:
                    seen.add(p.resolve())
                    yield str(p), p
        elif path.resolve() not in seen:
            seen.add(path.resolve())
            yield str(given), path


# -- validation -----------------------------------------------------------------------


class _Relocate(Exception):
    """A file read plainly did not read the same with positions (it changed meanwhile)."""


class _Places:
    """Where problems are, in files read plainly: found once validation is done.

    A problem whose place lies below an entity's own position in a file read plainly gets
    a stand-in :class:`Location`; :meth:`resolve` reads each such file again with
    positions (``relocate``) and puts the real place in. Places in files read with
    positions, and each entity's own place, are known at once.
    """

    def __init__(self, relocate: Callable[[str], ReadResult] | None,
                 plain: Collection[str]) -> None:
        self.relocate = relocate
        self.plain = frozenset(plain) if relocate is not None else frozenset()
        self.pending: dict[int, tuple[Location, str, tuple[Any, ...] | None,
                                      tuple[Any, ...], bool]] = {}

    def at(self, file: str, data: Any, loc: Sequence[str | int], key: bool = False
           ) -> Location:
        """The place of the value at ``loc`` in a file's data."""
        if file not in self.plain:
            return Location(file, *position(data, loc, key=key))
        exact = located_position(data, loc, key=key)
        if exact is not None:
            return Location(file, *exact)
        return self.later(file, None, tuple(loc), key)

    def later(self, file: str, item: tuple[Any, ...] | None, loc: tuple[Any, ...],
              key: bool) -> Location:
        """A stand-in for a place found by :meth:`resolve` (``item``: which entity, or
        None for a path from the file's top)."""
        stand_in = Location(file)
        self.pending[id(stand_in)] = (stand_in, file, item, loc, key)
        return stand_in

    def resolve(self, problems: list[Problem], documents: Sequence[tuple[str, Any]]) -> None:
        """Put the real place into every problem holding a stand-in."""
        if not self.pending or self.relocate is None:
            return
        plain = dict(documents)
        located: dict[str, Any] = {}
        for _, file, _, _, _ in self.pending.values():
            if file not in located:
                again = self.relocate(file)
                if again.problems or again.data != plain.get(file):
                    raise _Relocate(file)
                located[file] = again.data
        for index, problem in enumerate(problems):
            pending = self.pending.get(id(problem.location))
            if pending is None or pending[0] is not problem.location:
                continue
            _, file, item, loc, key = pending
            data = located[file]
            if item is not None:
                section, number, exported = item
                data = data[section][number]
                if exported and isinstance(data, dict):
                    data = without_keys(data, _DERIVED_KEYS.get(section, ()))
            problems[index] = replace(problem, location=Location(
                file, *position(data, loc, key=key)))
        self.pending.clear()


@dataclass
class _Raw:
    """An entity that passed its own validation, with where it came from."""

    entity: Any  # the validated entity, or None when the item failed validation
    section: str
    file: str
    data: LocDict | dict[str, Any]
    index: int = 0
    mark: tuple[int, int] = (0, 0)  # its own place (line, column)
    exported: bool = False  # its derived keys were dropped (see _DERIVED_KEYS)
    places: _Places | None = None  # set when it was read plainly

    @property
    def ident(self) -> str:
        value = self.data.get("id", self.data.get("key"))
        return value if isinstance(value, str) else "?"

    def at(self, *loc: str | int, key: bool = False) -> Location:
        if self.places is None:
            line, col = position(self.data, loc, key=key)
            return Location(self.file, line, col)
        if not loc:
            return Location(self.file, *self.mark)
        return self.places.later(self.file, (self.section, self.index, self.exported), loc, key)


def _describe_error(error: Any, section: str, item: Any) -> tuple[str, bool]:
    """A plain-English message for one pydantic error, and whether it points at a key."""
    loc = tuple(error["loc"])
    kind = error["type"]
    field_name = _field_path(loc)
    what = _SINGULAR.get(section, section)
    ident = item.get("id") if isinstance(item, dict) else None
    subject = f"{what} '{ident}'" if isinstance(ident, str) else what
    got = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent_model = _model_at(SECTIONS.get(section), loc[:-1])
        allowed = list(parent_model.model_fields) if parent_model else list(_TOP_KEYS)
        hint = vocab.did_you_mean(key, allowed) or f"; allowed keys: {', '.join(allowed)}"
        return f"unknown key '{key}' in {subject}{hint}", True
    if kind == "missing":
        return f"{subject} is missing required key '{loc[-1]}'", False
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return (f"{subject}: {field_name}: {message}" if field_name else f"{subject}: {message}",
                False)
    expected = {
        "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
        "int_from_float": "a whole number", "bool_type": "true or false",
        "bool_parsing": "true or false", "tuple_type": "a list", "list_type": "a list",
        "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
        "model_attributes_type": "a mapping (key: value)", "greater_than_equal": "not negative",
        "string_too_short": "non-empty text", "float_type": "a number",
        "float_parsing": "a number",
        "less_than_equal": f"at most {error.get('ctx', {}).get('le')}",
        "string_too_long": f"at most {error.get('ctx', {}).get('max_length')} characters",
    }.get(kind)
    if expected:
        shown = show_value(got)
        hint = ""
        if isinstance(got, bool) and kind == "string_type":
            hint = ("; YAML reads unquoted yes/no/on/off/true/false as true or false, "
                    "so put the value in quotes")
        return f"{subject}: '{field_name}' should be {expected}, got {shown}{hint}", False
    return f"{subject}: {field_name}: {error['msg']}", False


def _describe_errors(exc: ValidationError, section: str, item: Any
                     ) -> list[tuple[tuple[Any, ...], str, bool]]:
    """Messages for one item's errors; a misspelt key is not also reported as missing."""
    errors = exc.errors()
    misspelt: set[tuple[Any, ...]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            model = _model_at(SECTIONS.get(section), loc[:-1])
            best = vocab.suggest(str(loc[-1]), model.model_fields if model else ())
            if best:
                misspelt.add((*loc[:-1], best))
    described = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in misspelt:
            continue
        message, key = _describe_error(error, section, item)
        described.append((loc, message, key))
    return described


def _field_path(loc: Sequence[Any]) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _model_at(model: type[BaseModel] | None, loc: Sequence[Any]) -> type[BaseModel] | None:
    """The pydantic model that validates the value at ``loc`` inside ``model``."""
    import typing

    current: Any = model
    for step in loc:
        if current is None or isinstance(step, int):
            continue
        info = getattr(current, "model_fields", {}).get(step)
        if info is None:
            return None
        current = _first_model(info.annotation, typing)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _first_model(annotation: Any, typing: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg, typing)
        if found is not None:
            return found
    return None


def _validate(documents: Sequence[tuple[str, Any]], problems: list[Problem],
              files: list[str], strict: bool, seeds: str | Path | None = None,
              relocate: Callable[[str], ReadResult] | None = None,
              plain: Collection[str] = ()) -> LoadResult:
    """Validate parsed files. ``plain`` names the files read plainly, and ``relocate(file)``
    reads one of them again with positions; without it every file must have been read
    with positions."""
    places = _Places(relocate, plain)
    raws: dict[str, list[_Raw]] = {s: [] for s in SECTIONS}
    count = sum(len(d.get(s) or ()) for _, d in documents if isinstance(d, dict)
                for s in SECTIONS if isinstance(d.get(s), list))
    if count > MAX_ENTITIES:
        problems.append(Problem(Location(files[0] if files else ""),
                                f"the landscape has {count:,} entities; govmap reads at most "
                                f"{MAX_ENTITIES:,}: split it into separate landscapes"))
        return LoadResult(None, problems, files)

    for file, data in documents:
        def at(loc: Sequence[str | int], key: bool = False, _d: Any = data, _f: str = file
               ) -> Location:
            return places.at(_f, _d, loc, key)

        read_plainly = file in places.plain

        if data is None:
            problems.append(Problem(Location(file), "the file holds no data"))
            continue
        if not isinstance(data, dict):
            problems.append(Problem(at(()), "a landscape file must be a mapping with keys such "
                                    "as 'areas', 'footprints', 'organisations', 'bodies', "
                                    "'duties'; this one is " + show_value(data)))
            continue
        for key in data:
            if key not in _TOP_KEYS:
                problems.append(Problem(at((key,), key=True), f"unknown top-level key '{key}'"
                                        + (vocab.did_you_mean(str(key), _TOP_KEYS)
                                           or f"; allowed keys: {', '.join(_TOP_KEYS)}")))
        # A canonical export ('govmap export --format json') carries derived keys.
        exported = "as_at" in data
        version = data.get("schema_version")
        if version is not None and version != 1:
            problems.append(Problem(at(("schema_version",)),
                                    f"schema_version {version!r} is not supported; this govmap "
                                    "reads schema_version 1"))
        for section, model in SECTIONS.items():
            items = data.get(section)
            if items is None:
                continue
            if not isinstance(items, list):
                problems.append(Problem(at((section,)),
                                        f"'{section}' should be a list (items starting with "
                                        f"'- '), got {show_value(items)}"))
                continue
            for index, item in enumerate(items):
                if isinstance(item, dict) and exported:
                    item = without_keys(item, _DERIVED_KEYS.get(section, ()))
                entity = None
                try:
                    entity = model.model_validate(item)
                except ValidationError as exc:
                    for loc, message, key in _describe_errors(exc, section, item):
                        problems.append(Problem(at((section, index, *loc), key=key), message))
                if isinstance(item, dict):
                    if read_plainly:
                        mark = located_position(data, (section, index)) or (0, 0)
                        raws[section].append(_Raw(entity, section, file, item, index, mark,
                                                  exported, places))
                    else:
                        raws[section].append(_Raw(entity, section, file, item))

    landscape = _cross_check(raws, problems, strict, seeds)
    stamps = {d.get("as_at") for _, d in documents if isinstance(d, dict) and d.get("as_at")}
    if len(stamps) == 1:
        try:
            landscape = replace(landscape, as_at_date=dt.date.fromisoformat(str(stamps.pop())))
        except ValueError:
            problems.append(Problem(Location(files[0] if files else ""),
                                    "'as_at' is not a date (YYYY-MM-DD)"))
    places.resolve(problems, documents)
    has_errors = any(p.severity == "error" for p in problems)
    return LoadResult(None if has_errors else landscape, problems, files)


#: Where each kind of entity refers to others: a path into the item (``*`` for every item
#: of a list) and the section(s) the id must belong to.
REFERENCES: Mapping[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "footprints": (
        (("areas", "*"), ("areas",)),
        (("union", "*"), ("footprints",)),
        (("predecessors", "*"), ("footprints",)),
    ),
    "organisations": (
        (("footprint",), ("footprints",)),
        (("parent",), ("organisations",)),
        (("reporting_lines", "*", "target"), ("bodies", "organisations")),
        (("discharges", "*"), ("duties",)),
        (("discharges", "*", "duty"), ("duties",)),
        (("predecessors", "*"), ("organisations",)),
    ),
    "bodies": (
        (("footprint",), ("footprints",)),
        (("chair",), ("organisations",)),
        (("chairs", "*"), ("organisations",)),
        (("chairs", "*", "organisation"), ("organisations",)),
        (("members", "*", "organisation"), ("organisations",)),
        (("members", "*", "body"), ("bodies",)),
        (("reporting_lines", "*", "target"), ("bodies", "organisations")),
        (("discharges", "*"), ("duties",)),
        (("discharges", "*", "duty"), ("duties",)),
        (("predecessors", "*"), ("bodies",)),
    ),
    "arrangements": (
        (("footprint",), ("footprints",)),
        (("psb",), ("bodies",)),
        (("csp",), ("bodies",)),
    ),
}


def _walk(data: Any, path: Sequence[str], loc: tuple[str | int, ...] = ()
          ) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every string found along ``path`` in raw data, with its location."""
    if not path:
        if isinstance(data, str):
            yield loc, data
        return
    step, rest = path[0], path[1:]
    if step == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _walk(item, rest, (*loc, i))
    elif isinstance(data, dict) and step in data:
        yield from _walk(data[step], rest, (*loc, step))


def _cross_check(raws: dict[str, list[_Raw]], problems: list[Problem], strict: bool,
                 seeds: str | Path | None = None) -> Landscape:
    def error(where: Location, message: str) -> None:
        problems.append(Problem(where, message))

    def warn(where: Location, message: str) -> None:
        problems.append(Problem(where, message, "warning"))

    #: An error under --strict, a warning otherwise.
    strict_error = error if strict else warn

    # Unique ids across the whole landscape (checked on every item, valid or not).
    by_id: dict[str, _Raw] = {}
    duplicates: set[int] = set()
    for section in SECTIONS:
        for raw in raws[section]:
            ident = raw.data.get("id")
            if not isinstance(ident, str):
                continue
            if ident in by_id:
                first = by_id[ident]
                error(raw.at("id"), f"duplicate id '{ident}': already used by the "
                      f"{_SINGULAR[first.section]} at {first.at()}; give each entity its own id")
                duplicates.add(id(raw))
                continue
            by_id[ident] = raw

    # did-you-mean hints: the ids of each section gathered once, and each wanted set of
    # sections indexed once, so that many misspellings cost time in proportion to their
    # number (vocab.Suggestions), not to their number times the number of ids
    ids_in: dict[str, list[str]] = defaultdict(list)
    for ident, raw in by_id.items():
        ids_in[raw.section].append(ident)
    hints: dict[tuple[str, ...], vocab.Suggestions] = {}

    def did_you_mean(target: str, wanted: tuple[str, ...]) -> str:
        if wanted not in hints:
            hints[wanted] = vocab.Suggestions(k for w in wanted for k in ids_in[w])
        return hints[wanted](target)

    area_names = {
        str(raw.data.get("name", "")).lower(): k for k, raw in by_id.items()
        if raw.section == "areas"
    }

    for section, references in REFERENCES.items():
        for raw in raws[section]:
            for path, wanted in references:
                for loc, target in _walk(raw.data, path):
                    found = by_id.get(target)
                    if found is not None and found.section in wanted:
                        continue
                    what = " or ".join(_SINGULAR[w] for w in wanted)
                    if found is not None:
                        other = _SINGULAR[found.section]
                        hint = ""
                        if path[0] == "members" and path[-1] in ("organisation", "body"):
                            hint = f"; write '{other}: {target}'"
                        error(raw.at(*loc), f"{_subject(raw)}: '{target}' is {_article(other)} "
                              f"{other}, not {_article(what)} {what}{hint}")
                        continue
                    hint = did_you_mean(target, tuple(wanted))
                    if not hint and "areas" in wanted and target.lower() in area_names:
                        hint = (f" (did you mean '{area_names[target.lower()]}', the GSS code of "
                                f"{target}?)")
                    error(raw.at(*loc), f"{_subject(raw)} refers to {what} '{target}', which "
                          f"does not exist{hint}")

    for raw in raws["footprints"]:
        if not raw.data.get("areas") and not raw.data.get("union"):
            error(raw.at(), f"{_subject(raw)} has no areas; list its areas (GSS codes) under "
                  "'areas' or the footprints it joins under 'union'")

    def valid(section: str) -> dict[str, _Raw]:
        return {
            k: v for k, v in by_id.items()
            if v.section == section and v.entity is not None and id(v) not in duplicates
        }

    areas, footprints, orgs, bodies, duties, arrangements = (
        valid(s) for s in SECTIONS if s != "documents")
    registry = _registry(raws["documents"], error)

    # Footprints: areas, unions (acyclic), non-empty.
    for raw in footprints.values():
        fp: Footprint = raw.entity
        for i, other in enumerate(fp.union):
            if other == fp.id:
                error(raw.at("union", i), f"{_subject(raw)} is listed in its own union")

    resolved = _resolve_footprints(footprints, problems)

    for raw in orgs.values():
        org: Organisation = raw.entity
        if org.parent == org.id:
            error(raw.at("parent"), f"{_subject(raw)} is its own parent")
        _check_lines(raw, error)

    for raw in bodies.values():
        body: Body = raw.entity
        seen: dict[str, int] = {}
        for i, member in enumerate(body.members):
            key = "body" if member.member_is_body else "organisation"
            if member.member == body.id:
                error(raw.at("members", i, key), f"{_subject(raw)} lists itself as a member")
            if member.member in seen and _overlap(body.members[seen[member.member]], member):
                error(raw.at("members", i, key),
                      f"{_subject(raw)} lists member '{member.member}' twice for the same "
                      "period; keep one entry, or give each its start_date and end_date")
            seen.setdefault(member.member, i)
            _check_within(raw, ("members", i), member, warn)
        _check_lines(raw, error)

    families = {raw.entity.family for raw in footprints.values()}
    for raw in duties.values():
        duty: Duty = raw.entity
        if duty.applies_per not in families:
            warn(raw.at("applies_per"), f"{_subject(raw)} applies per '{duty.applies_per}', but "
                 "no footprint of that family exists, so its coverage cannot be measured")

    for raw in [*footprints.values(), *orgs.values(), *bodies.values(), *duties.values()]:
        names = raw.entity.names
        for i, later in enumerate(names):
            clash = next((j for j in range(i) if _overlap(names[j], later)), None)
            if clash is not None:
                error(raw.at("names", i), f"{_subject(raw)}: dated names {clash + 1} and "
                      f"{i + 1} ('{names[clash].name}', '{later.name}') cover the same days; "
                      "give each its start_date and end_date so that one name holds each day")

    live = {**orgs, **bodies, **footprints, **duties}
    for raw in [*orgs.values(), *bodies.values(), *arrangements.values()]:
        _check_periods(raw, live, strict_error)

    if strict:
        for raw in [*by_id.values()]:
            if raw.entity is not None:
                _check_provenance(raw, error)
    if registry:
        _check_citations(raws, registry, strict_error, error, seeds)

    def entities(section: str, table: Mapping[str, _Raw]) -> list[Any]:
        if section != "footprints":
            return [r.entity for r in table.values()]
        return [
            r.entity.model_copy(update={"areas": tuple(sorted(resolved.get(k, ())))})
            for k, r in table.items()
        ]

    return Landscape.build(
        entities("areas", areas), entities("footprints", footprints),
        entities("organisations", orgs), entities("bodies", bodies),
        entities("duties", duties),
        arrangements=entities("arrangements", arrangements),
        documents=registry.values(),
        locations={k: v.at() for k, v in by_id.items()},
    )


def _check_lines(raw: _Raw, error: Callable[[Location, str], None]) -> None:
    for i, line in enumerate(raw.entity.reporting_lines):
        if line.target == raw.entity.id:
            error(raw.at("reporting_lines", i, "target"),
                  f"{_subject(raw)} has a reporting line to itself")


def _check_within(raw: _Raw, loc: tuple[str | int, ...], part: Provenance,
                  warn: Callable[[Location, str], None]) -> None:
    whole: Provenance = raw.entity
    if part.start_date and whole.end_date and part.start_date.first >= whole.end_date.first:
        warn(raw.at(*loc), f"{_subject(raw)}: this starts on {part.start_date}, after the "
             f"{_SINGULAR[raw.section]} ended ({whole.end_date})")
    if part.end_date and whole.start_date and part.end_date.first <= whole.start_date.first:
        warn(raw.at(*loc), f"{_subject(raw)}: this ends on {part.end_date}, before the "
             f"{_SINGULAR[raw.section]} started ({whole.start_date})")


def _overlap(a: Provenance, b: Provenance) -> bool:
    starts = [d.first for d in (a.start_date, b.start_date) if d]
    ends = [d.first for d in (a.end_date, b.end_date) if d]
    latest_start = max(starts) if starts else dt.date.min
    earliest_end = min(ends) if ends else dt.date.max
    return latest_start < earliest_end or (not starts and not ends)


#: The dated, sourced facts inside an entity, and what a message calls each.
_PARTS = (
    ("members", "membership"), ("reporting_lines", "reporting line"),
    ("discharges", "duty assignment"), ("chairs", "chair"), ("names", "dated name"),
    ("required_members", "required member"),
)


def _check_provenance(raw: _Raw, error: Callable[[Location, str], None]) -> None:
    def need(item: Provenance, loc: tuple[str | int, ...], what: str, owned: bool) -> None:
        if not item.sources:
            error(raw.at(*loc), f"{what} has no sources; cite '<seed file>:L<line>' or "
                  "'public:<document>'" + (", or write 'sources: inherit' to rest on the "
                                           f"{_SINGULAR[raw.section]}'s" if owned else ""))
        elif item.inherits_sources and not owned:
            error(raw.at(*loc, "sources"), f"{what} says 'inherit' but belongs to nothing to "
                  "inherit from; cite its sources")
        if item.confidence is None:
            error(raw.at(*loc), f"{what} has no confidence; say stated, derived, inferred or "
                  "general-knowledge")

    entity = raw.entity
    if entity is None:  # failed its own validation; those problems are already listed
        return
    need(entity, (), _subject(raw), owned=False)
    for name, label in _PARTS:
        for i, part in enumerate(getattr(entity, name, ())):
            if name == "required_members" and not (part.start_date or part.end_date):
                continue  # an undated rule is part of the duty, cited with it
            need(part, (name, i), f"{_subject(raw)}: {label} {i + 1}", owned=True)


def _clip(part: Provenance, owner: Provenance
          ) -> tuple[PartialDate | None, PartialDate | None]:
    """A fact's own dates clipped to its owner's life."""
    starts = [d for d in (part.start_date, owner.start_date) if d is not None]
    ends = [d for d in (part.end_date, owner.end_date) if d is not None]
    return (max(starts, key=lambda d: d.first) if starts else None,
            min(ends, key=lambda d: d.first) if ends else None)


def _outside(start: PartialDate | None, end: PartialDate | None, target: Provenance) -> bool:
    """True when [start, end) certainly reaches outside the target's life."""
    if target.start_date is not None and (start is None or start.last < target.start_date.first):
        return True
    return target.end_date is not None and (end is None or end.first > target.end_date.last)


def _check_periods(raw: _Raw, live: Mapping[str, _Raw],
                   problem: Callable[[Location, str], None]) -> None:
    """Every reference points at an entity that exists for the whole referring period."""
    owner: Provenance = raw.entity

    def check(loc: tuple[str | int, ...], part: Provenance, what: str, target_id: str | None
              ) -> None:
        target = live.get(target_id) if target_id else None
        if target is None:
            return
        start, end = _clip(part, owner)
        if _outside(start, end, target.entity):
            lived = target.entity
            problem(raw.at(*loc), f"{_subject(raw)}: {what} '{target_id}' is "
                    f"{_dated(start, end)}, but {_subject(target)} exists "
                    f"{describe_period(lived.start_date, lived.end_date)}; date the reference "
                    "within that period or correct the dates")

    entity = raw.entity
    for field_name in ("footprint", "parent", "psb", "csp"):
        target_id = getattr(entity, field_name, None)
        if isinstance(target_id, str):
            check((field_name,), entity, field_name, target_id)
    if isinstance(getattr(entity, "chair", None), str):
        check(("chair",), entity, "chair", entity.chair)
    for i, chair in enumerate(getattr(entity, "chairs", ())):
        check(("chairs", i), chair, "chair", chair.organisation)
    for i, member in enumerate(getattr(entity, "members", ())):
        check(("members", i), member, "member", member.member)
    for i, line in enumerate(getattr(entity, "reporting_lines", ())):
        check(("reporting_lines", i), line, "reporting line to", line.target)
    for i, assignment in enumerate(getattr(entity, "discharges", ())):
        check(("discharges", i), assignment, "duty", assignment.duty)
    for i, pred_id in enumerate(getattr(entity, "predecessors", ())):
        pred = live.get(pred_id)
        if pred is None or entity.start_date is None or pred.entity.start_date is None:
            continue
        if pred.entity.start_date.first > entity.start_date.last:
            problem(raw.at("predecessors", i), f"{_subject(raw)}: predecessor '{pred_id}' "
                    f"starts {pred.entity.start_date}, after {_subject(raw)} itself starts "
                    f"{entity.start_date}; a predecessor comes first")


def _dated(start: PartialDate | None, end: PartialDate | None) -> str:
    period = describe_period(start, end)
    return period if period == "undated" else f"dated {period}"


def _registry(raws: Sequence[_Raw], error: Callable[[Location, str], None]
              ) -> dict[str, Document]:
    """The source registry, each key once."""
    registry: dict[str, Document] = {}
    where: dict[str, Location] = {}
    for raw in raws:
        document: Document | None = raw.entity
        if document is None:
            continue
        if document.key in registry:
            error(raw.at("key"), f"document '{document.key}' is registered twice (first at "
                  f"{where[document.key]}); keep one entry")
            continue
        registry[document.key] = document
        where[document.key] = raw.at()
    return registry


def _sources_in(data: Any, loc: tuple[str | int, ...] = ()
                ) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every citation in raw data, with its location."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*loc, key, i), item
            else:
                yield from _sources_in(value, (*loc, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _sources_in(item, (*loc, i))


def _check_citations(raws: Mapping[str, Sequence[_Raw]], registry: Mapping[str, Document],
                     problem: Callable[[Location, str], None],
                     error: Callable[[Location, str], None],
                     seeds: str | Path | None) -> None:
    """Every citation names a registered document, and its lines exist where the text is."""
    from govmap import citations

    hint = vocab.Suggestions(registry)
    for section, items in raws.items():
        if section == "documents":
            continue
        for raw in items:
            for loc, source in _sources_in(raw.data):
                if source == INHERIT:
                    continue
                ref = citations.resolve(source, registry)
                if ref.key is None:
                    named = citations.document_key(source)
                    cites = f"cites '{named}', which is" if named != source else "is"
                    problem(raw.at(*loc), f"{_subject(raw)}: '{source}' {cites} not in the "
                            "source registry (documents, data/sources.yaml)"
                            + (hint(named) or "; register it there"))
                    continue
                if ref.last_line is None or ref.first_line is None:
                    continue
                if ref.last_line < ref.first_line:
                    error(raw.at(*loc), f"{_subject(raw)}: '{source}' ends before it starts; "
                          f"write L{ref.last_line}-{ref.first_line}")
                    continue
                text = citations.document_lines(registry[ref.key], seeds)
                if text is not None and ref.last_line > len(text):
                    error(raw.at(*loc), f"{_subject(raw)}: '{source}' cites line "
                          f"{ref.last_line}, but {registry[ref.key].text_file} has only "
                          f"{len(text)} lines")


def _resolve_footprints(footprints: Mapping[str, _Raw], problems: list[Problem]
                        ) -> dict[str, frozenset[str]]:
    """Resolve unions to sets of areas, reporting cycles."""
    resolved: dict[str, frozenset[str]] = {}
    visiting: list[str] = []

    def visit(fid: str) -> frozenset[str]:
        if fid in resolved:
            return resolved[fid]
        if fid in visiting:
            cycle = [*visiting[visiting.index(fid):], fid]
            raw = footprints[fid]
            problems.append(Problem(raw.at("union"), f"{_subject(raw)} contains itself through "
                                    f"its unions: {' -> '.join(cycle)}"))
            resolved[fid] = frozenset()
            return resolved[fid]
        visiting.append(fid)
        fp: Footprint = footprints[fid].entity
        areas = set(fp.areas)
        for other in fp.union:
            if other in footprints and other != fid:
                areas |= visit(other)
        visiting.pop()
        resolved[fid] = frozenset(areas)
        return resolved[fid]

    for fid in footprints:
        visit(fid)
    return resolved


def _subject(raw: _Raw) -> str:
    return f"{_SINGULAR[raw.section]} '{raw.ident}'"


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def active_ids(landscape: Landscape, on: dt.date) -> set[str]:
    """Ids of the entities active on a day (a convenience for callers and tests)."""
    return {e.id for e in landscape.entities() if is_active(e.start_date, e.end_date, on)}
