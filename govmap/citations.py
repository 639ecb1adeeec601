"""Citations as people read them, resolved against the source registry.

A fact cites ``004_1052c6d804dc056a.txt:L3088-3091`` (lines of a seed document) or
``public:Crime and Disorder Act 1998 s17`` (a named public document, with an optional place
in it after the registered key). The registry (``documents`` in the landscape, kept in
``data/sources.yaml``) gives each document's title, publisher and year, so a view can show
"Welsh Government (2017), *Working Together for Safer Communities*, lines 3088-3091"
instead of a file name, and, where the text is at hand, the cited lines themselves.

The seed folder is ``$GOVMAP_SEEDS`` when set, else ``../shared/seeds`` beside the checkout
(where the project keeps the seed documents) when it exists; every function also takes it
as an argument.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from govmap.model.entities import INHERIT, Document
from govmap.model.landscape import Landscape

#: The environment variable naming the folder of seed documents (plain text).
SEEDS_ENV = "GOVMAP_SEEDS"
#: Where the seed documents are when the variable is not set: ``shared/seeds`` beside the
#: checkout govmap runs from.
DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

#: The most cited lines quoted for one citation (a longer range is cut, and says so).
MAX_QUOTED_LINES = 12

#: What may follow a registered key in a 'public:' citation, before the place in it.
_AFTER_KEY = frozenset({" ", ";", ",", "("})

_SEED = re.compile(r"^(?P<key>[^\s:]+\.txt):L(?P<first>\d+)(?:-L?(?P<last>\d+))?$")


def seed_dir(given: str | Path | None = None) -> Path | None:
    """The seed folder: ``given``, else ``$GOVMAP_SEEDS``, else the default if it exists."""
    if given is not None:
        return Path(given)
    env = os.environ.get(SEEDS_ENV)
    if env:
        return Path(env)
    return DEFAULT_SEEDS if DEFAULT_SEEDS.is_dir() else None


@dataclass(frozen=True)
class Reference:
    """A citation split into the document it names and the place in it."""

    source: str
    key: str | None
    """The registered document's key, or None when no registered document matches."""
    place: str | None
    """What follows the key: 'lines 3088-3091', 's17', or None."""
    first_line: int | None = None
    last_line: int | None = None


def document_key(source: str) -> str:
    """The document a citation names, before any registry lookup (for messages)."""
    match = _SEED.match(source)
    if match:
        return match["key"]
    if source.startswith("public:"):
        return source
    return source.split(":", 1)[0]


def resolve(source: str, documents: Mapping[str, Document]) -> Reference:
    """Split a citation into its registered document and the place in it."""
    match = _SEED.match(source)
    if match:
        first = int(match["first"])
        last = int(match["last"]) if match["last"] else first
        place = f"line {first}" if first == last else f"lines {first}-{last}"
        key = match["key"] if match["key"] in documents else None
        return Reference(source, key, place, first, last)
    if source in documents:
        return Reference(source, source, None)
    best = None
    for key in documents:
        if (source.startswith(key) and source[len(key):len(key) + 1] in _AFTER_KEY
                and (best is None or len(key) > len(best))):
            best = key
    if best is not None:
        return Reference(source, best, source[len(best):].strip(" ;,") or None)
    return Reference(source, None, None)


@dataclass(frozen=True)
class Citation:
    """A citation ready to show: its text (Markdown and plain) and the cited lines."""

    source: str
    markdown: str
    plain: str
    lines: tuple[str, ...] = ()
    """The cited lines themselves, when the text is at hand (at most MAX_QUOTED_LINES)."""
    cut: bool = False
    """True when the range is longer than the lines quoted."""
    registered: bool = True


def describe(source: str, documents: Mapping[str, Document], *,
             seeds: str | Path | None = None, quote: bool = True) -> Citation:
    """How a view shows one citation.

    >>> from govmap.model.entities import Document
    >>> docs = {"004.txt": Document(key="004.txt", title="Working Together for Safer "
    ...         "Communities", publisher="Welsh Government", year=2017)}
    >>> describe("004.txt:L3088-3091", docs, quote=False).markdown
    'Welsh Government (2017), *Working Together for Safer Communities*, lines 3088-3091'
    """
    if source == INHERIT:
        text = "the sources of the entity it belongs to"
        return Citation(source, text, text)
    ref = resolve(source, documents)
    if ref.key is None:
        return Citation(source, source, source, registered=False)
    document = documents[ref.key]
    who = document.publisher or ""
    when = f" ({document.year})" if document.year else ""
    head = f"{who}{when}, " if who else (f"{document.year}, " if document.year else "")
    tail = f", {ref.place}" if ref.place else ""
    lines: tuple[str, ...] = ()
    cut = False
    if quote and ref.first_line is not None and ref.last_line is not None:
        known = document_lines(document, seeds)
        if known is not None:
            last = min(ref.last_line, len(known), ref.first_line + MAX_QUOTED_LINES - 1)
            lines = tuple(known[ref.first_line - 1:last])
            cut = last < ref.last_line
    return Citation(source, f"{head}*{document.title}*{tail}",
                    f"{head}{document.title}{tail}", lines, cut)


def document_lines(document: Document, seeds: str | Path | None = None
                   ) -> tuple[str, ...] | None:
    """The lines of a document's plain-text copy, or None when it is not at hand."""
    folder = seed_dir(seeds)
    name = document.text_file
    if folder is None or name is None:
        return None
    return _read_lines(str(folder / name))


def _read_lines(path: str) -> tuple[str, ...] | None:
    """The lines of a seed file, or None where it cannot be read. Remembered per version of
    the file, so a long-running explorer sees a seed file that appears or changes later."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _lines_of(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _lines_of(path: str, mtime_ns: int, size: int) -> tuple[str, ...] | None:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return tuple(line.rstrip() for line in text.splitlines())


def evidence(landscape: Landscape, entity_ids: Iterable[str], *,
             seeds: str | Path | None = None, quote: bool = True) -> dict[str, list[Citation]]:
    """The citations behind some entities (the subjects of a finding), ready to show.

    Each id maps to its entity's citations in the order written ('inherit' and unknown
    ids give none); with ``quote``, seed citations carry the cited lines when the seed
    folder is at hand. This is what a report or the explorer calls to show a finding's
    evidence as documents rather than file names.
    """
    found: dict[str, list[Citation]] = {}
    for ident in entity_ids:
        entity = next((table[ident] for table in (landscape.bodies, landscape.organisations,
                                                  landscape.duties, landscape.footprints,
                                                  landscape.areas) if ident in table), None)
        if entity is None:
            continue
        found[ident] = [describe(s, landscape.documents, seeds=seeds, quote=quote)
                        for s in entity.sources if s != INHERIT]
    return found
