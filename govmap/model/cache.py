"""Remember validated landscapes, so a second run on unchanged files does not re-read them.

:func:`cached_check` and :func:`cached_check_bytes` give what :func:`govmap.model.load.check`
and :func:`~govmap.model.load.check_bytes` give, but keep each landscape that loaded
without errors in the user's cache folder (``platformdirs.user_cache_dir("govmap")``
``/landscapes``, or ``$GOVMAP_CACHE_DIR/landscapes``), never next to the input files.

**The key** is a SHA-256 over: the name and content hash of every input file, in the
order they are read (so a changed, added, removed or renamed file gives another key);
whether ``strict`` was asked for; the seed folder the citations' line numbers are checked
against (its path, whether it is there, and the name and content hash of every file in
it: a load made while the seeds were absent skipped that check, and must not answer for
one where they are present); the govmap version; the versions of pydantic and PyYAML; and
the source of ``govmap/model`` (so changing the loader or the entities in a development
checkout invalidates every entry).

**An entry** is JSON: the landscape's entities as :func:`govmap.export.canonical` writes
them (each entity's ``model_dump(mode="json")``, without the derived keys and without
fields left at their default), the location of each entity, the warnings and the file
names. Reading it back is validated by the same
pydantic models (in pydantic's compiled JSON parser), so a damaged or tampered entry can
at worst be refused, never run code (pickle was measured, was not faster, and is not
safe to read from a folder another program could write to). Before an entry is written it
is read back and compared with the landscape it stores; if they differ, nothing is kept.

Entries are written atomically (a temporary file, then a rename). An entry that cannot
be read, is not valid, or holds another key is ignored, removed and rebuilt. A load with
any error is never stored (warnings are, and come back with the landscape). The folder
is created readable by its owner only; if it is not the user's own, the cache is not used.
Only the :data:`MAX_ENTRIES` most recently used entries are kept. The cache is a
convenience: when it cannot be used, loading simply happens afresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs
import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from govmap.model.collector import collector_paused, paused
from govmap.model.entities import LandscapeDocument
from govmap.model.landscape import Landscape
from govmap.model.load import MAX_TOTAL_BYTES, LoadResult, _expand, check, check_bytes
from govmap.model.problems import Location, Problem

#: The layout of an entry; change it when the layout changes.
FORMAT = 2
#: Entries kept (the most recently used); each is about the size of the canonical JSON.
MAX_ENTRIES = 8
#: Environment variable naming another cache folder (tests, or a shared machine).
ENV = "GOVMAP_CACHE_DIR"

_MODEL_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """The folder entries are kept in (it may not exist yet)."""
    root = os.environ.get(ENV) or platformdirs.user_cache_dir("govmap", appauthor=False)
    return Path(root) / "landscapes"


@collector_paused
def cached_check(paths: Sequence[str | Path] | None = None, *, strict: bool = False,
                 use_cache: bool = True, seeds: str | Path | None = None) -> LoadResult:
    """:func:`govmap.model.load.check`, answered from the cache when the files are unchanged."""
    if not use_cache:
        return check(paths, strict=strict, seeds=seeds)
    inputs = _read_inputs(paths)
    if inputs is None:  # a missing path, an unreadable or oversized file: check explains
        return check(paths, strict=strict, seeds=seeds)
    def unchanged() -> str | None:  # a file changed while it was read: keep nothing
        again = _read_inputs(paths)
        return None if again is None else _key("paths", again, strict, seeds)

    return _remembered(_key("paths", inputs, strict, seeds),
                       lambda: check(paths, strict=strict, seeds=seeds), unchanged)


@collector_paused
def cached_check_bytes(files: Sequence[tuple[str, bytes]], *, strict: bool = False,
                       use_cache: bool = True, seeds: str | Path | None = None) -> LoadResult:
    """:func:`govmap.model.load.check_bytes`, answered from the cache for content seen before."""
    if not use_cache or not files:
        return check_bytes(files, strict=strict, seeds=seeds)
    return _remembered(_key("bytes", files, strict, seeds),
                       lambda: check_bytes(files, strict=strict, seeds=seeds),
                       lambda: _key("bytes", files, strict, seeds))  # the seeds may change


def _remembered(key: str, fresh: Callable[[], LoadResult],
                key_after: Callable[[], str | None]) -> LoadResult:
    """The cache entry for ``key``, or ``fresh()``, kept when it is storable and the inputs'
    key is still ``key`` once it is done (``key_after``: nothing changed while it ran)."""
    store = _store()
    if store is not None:
        hit = _read_entry(store, key)
        if hit is not None:
            return hit
    result = fresh()
    if store is not None and _storable(result) and key_after() == key:
        _write_entry(store, key, result)
    return result


# -- the key -----------------------------------------------------------------------------


@functools.cache
def _code_hash() -> str:
    """A hash of what decides how files become a landscape: the loader's own source."""
    digest = hashlib.sha256(f"{FORMAT}\0{pydantic.VERSION}\0{yaml.__version__}\0".encode())
    for path in sorted(_MODEL_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _key(kind: str, files: Sequence[tuple[str, bytes]], strict: bool,
         seeds: str | Path | None = None) -> str:
    import govmap  # the version is read on every call: an upgrade in place invalidates

    digest = hashlib.sha256(f"{kind}\0{strict}\0{govmap.__version__}\0{_code_hash()}\0"
                            .encode())
    for name, raw in files:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(raw).digest())
    digest.update(_seed_state(seeds))
    return digest.hexdigest()


def _seed_state(seeds: str | Path | None) -> bytes:
    """What the citation check will find in the seed folder: its path, whether it is there,
    and the name and content hash of every file in it (a cited line beyond a seed's end is
    an error only when the seed can be read, so an entry made without the seeds, or with
    another copy of them, must not answer for this load)."""
    from govmap.citations import seed_dir

    folder = seed_dir(seeds)
    if folder is None:
        return b"\0seeds: none"
    digest = hashlib.sha256(b"\0seeds: " + os.fsencode(folder.absolute()) + b"\0")
    try:
        found = sorted(p for p in folder.rglob("*") if p.is_file())
        for path in found:
            digest.update(os.fsencode(path.relative_to(folder)) + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError as exc:  # absent or unreadable: the check is skipped, so say so
        digest.update(f"\0unreadable: {type(exc).__name__}".encode())
    if not folder.is_dir():
        digest.update(b"\0absent")
    return digest.digest()


def _read_inputs(paths: Sequence[str | Path] | None) -> list[tuple[str, bytes]] | None:
    """The files ``check(paths)`` would read, with their bytes; None if it would complain."""
    problems: list[Problem] = []
    found = list(_expand(paths, problems))
    if problems or not found:
        return None
    inputs = []
    total = 0
    try:
        for display, path in found:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return None  # a pipe or device: the loader names it (reading it could hang)
            total += info.st_size
            if total > MAX_TOTAL_BYTES:
                return None
            inputs.append((display, path.read_bytes()))
    except OSError:
        return None
    return inputs


def _storable(result: LoadResult) -> bool:
    return result.landscape is not None and not result.errors


# -- the folder --------------------------------------------------------------------------


def _store() -> Path | None:
    """The cache folder, created for the owner only; None if it cannot be used safely."""
    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode):
            return None
        if hasattr(os, "getuid"):
            if info.st_uid != os.getuid():
                return None
            if info.st_mode & 0o077:
                folder.chmod(0o700)
    except OSError:
        return None
    return folder


# -- entries -----------------------------------------------------------------------------


class _Entry(BaseModel):
    """The JSON layout of an entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int
    key: str
    files: list[str]
    as_at: dt.date | None
    locations: dict[str, tuple[str, int, int]]
    warnings: list[tuple[str, int, int, str]]
    landscape: LandscapeDocument


def _encode(key: str, result: LoadResult) -> str:
    landscape = result.landscape
    assert landscape is not None
    entry = {
        "format": FORMAT, "key": key, "files": result.files,
        "as_at": landscape.as_at_date.isoformat() if landscape.as_at_date else None,
        "locations": {k: (v.file, v.line, v.column) for k, v in landscape.locations.items()},
        "warnings": [(p.location.file, p.location.line, p.location.column, p.message)
                     for p in result.warnings],
        "landscape": {
            section: [entity.model_dump(mode="json", exclude_defaults=True)
                      for entity in table.values()]
            for section, table in (("areas", landscape.areas),
                                   ("footprints", landscape.footprints),
                                   ("organisations", landscape.organisations),
                                   ("bodies", landscape.bodies),
                                   ("duties", landscape.duties),
                                   ("arrangements", landscape.arrangements),
                                   ("documents", landscape.documents))
        },
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def _decode(text: str | bytes) -> _Entry:
    with paused():
        return _Entry.model_validate_json(text)


def _result(entry: _Entry) -> LoadResult:
    document = entry.landscape
    landscape = Landscape.build(
        document.areas, document.footprints, document.organisations, document.bodies,
        document.duties, as_at_date=entry.as_at,
        locations={k: Location(*v) for k, v in entry.locations.items()},
        arrangements=document.arrangements, documents=document.documents,
    )
    warnings = [Problem(Location(f, line, col), message, "warning")
                for f, line, col, message in entry.warnings]
    return LoadResult(landscape, warnings, list(entry.files))


def _same(a: LoadResult, b: LoadResult) -> bool:
    assert a.landscape is not None and b.landscape is not None
    return (a.landscape == b.landscape and a.landscape.locations == b.landscape.locations
            and a.problems == b.problems and a.files == b.files)


def _read_entry(store: Path, key: str) -> LoadResult | None:
    path = store / f"{key}.json"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or (
                    hasattr(os, "getuid") and info.st_uid != os.getuid()):
                return None
            raw = handle.read()
        entry = _decode(raw)
        if entry.format != FORMAT or entry.key != key:
            raise ValueError("another entry")
        result = _result(entry)
    except (OSError, ValueError, ValidationError):
        with contextlib.suppress(OSError):
            path.unlink()  # corrupt or stale: rebuilt by the caller
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used
    return result


def _write_entry(store: Path, key: str, result: LoadResult) -> None:
    text = _encode(key, result)
    try:
        if not _same(_result(_decode(text)), result):
            return  # the entry would not give back what was loaded: keep nothing
    except (ValueError, ValidationError):
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=store, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, store / f"{key}.json")
        tmp = None
        _prune(store)
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(store: Path) -> None:
    entries = []
    for path in store.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()
