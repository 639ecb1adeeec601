"""Turning what someone uploads (YAML files, or a zip of them) into files the loader reads.

Everything happens in memory: nothing uploaded is written to disk. A zip is opened only if
it is safe to: no absolute paths, no ``..`` members, at most :data:`MAX_FILES` files and at
most :data:`MAX_BYTES` once uncompressed. Anything else is a located problem (the file name
and what to do), never an exception, so the explorer can show it beside the loader's own.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from govmap.importers.archive import Limits, Refusal, open_zip, read_member
from govmap.model.load import DATA_DIR, EXTENSIONS, SKIPPED_DIRS
from govmap.model.problems import Location, Problem
from govmap.model.reader import MAX_FILE_BYTES

#: Most files a zip may hold.
MAX_FILES = 200
#: Most bytes an upload may hold, all files together and once uncompressed (50 MB): the
#: explorer's limit for one landscape (the command line's is ``load.MAX_TOTAL_BYTES``).
MAX_BYTES = 50 * 1024 * 1024
#: Most times a zip member larger than 1 MB may be compressed (text: 5 to 20 times).
MAX_RATIO = 100

#: What an uploaded zip may hold: each member within the loader's per-file limit.
ZIP_LIMITS = Limits(max_members=MAX_FILES, max_member_bytes=MAX_FILE_BYTES,
                    max_total_bytes=MAX_BYTES, max_ratio=MAX_RATIO, what="the zip",
                    advice="zip only the landscape's YAML files, or upload them as they are")

Files = list[tuple[str, bytes]]


def _wanted(parts: Sequence[str]) -> bool:
    """True for a landscape file the loader would read when walking a directory."""
    if not parts or PurePosixPath(parts[-1]).suffix.lower() not in EXTENSIONS:
        return False
    return not any(part in SKIPPED_DIRS or part.startswith((".", "_")) for part in parts)


def read_zip(name: str, raw: bytes) -> tuple[Files, list[Problem]]:
    """The landscape files inside a zip, or the reason it cannot be opened.

    Parameters
    ----------
    name : str
        The zip's file name, used in messages and as the prefix of each member's name
        (``wales.zip/boards/csp.yaml``), so the loader's errors point inside the zip.
    raw : bytes
        The zip's content.

    Returns
    -------
    (list of (str, bytes), list of Problem)
        The ``.yaml``, ``.yml`` and ``.json`` members (skipping ``scenarios/`` and hidden
        folders, as the loader does for a directory), and the problems. When the zip is
        unsafe (see :mod:`govmap.importers.archive`: too many members, a member over the
        per-file limit, more than :data:`MAX_BYTES` in all, a zip bomb's compression, a
        zip inside), no files are returned at all, and nothing was decompressed.
    """
    where = Location(name)
    try:
        archive = open_zip(raw, ZIP_LIMITS)
    except Refusal as exc:
        return [], [Problem(where, str(exc))]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        return [], [Problem(where, "this is not a readable zip file; upload a .zip made by "
                            "your file manager, or the .yaml files themselves")]
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        for info in members:
            member = info.filename.replace("\\", "/")
            if member.startswith("/") or (len(member) > 1 and member[1] == ":"):
                return [], [Problem(where, f"the zip member '{info.filename}' has an absolute "
                                    "path; zip the folder again with relative paths")]
            if ".." in PurePosixPath(member).parts:
                return [], [Problem(where, f"the zip member '{info.filename}' points outside "
                                    "the zip ('..'); zip the folder again without it")]
        files: Files = []
        problems: list[Problem] = []
        total = 0
        for info in members:
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if parts[:1] == ("__MACOSX",) or not _wanted(parts):
                continue
            try:
                content = read_member(archive, info, min(MAX_FILE_BYTES, MAX_BYTES - total))
            except Refusal as exc:
                return [], [Problem(where, str(exc))]
            except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError) as exc:
                problems.append(Problem(Location(f"{name}/{'/'.join(parts)}"),
                                        f"cannot read this member of the zip ({_reason(exc)})"))
                continue
            total += len(content)
            files.append((f"{name}/{'/'.join(parts)}", content))
    if not files and not problems:
        problems.append(Problem(where, "the zip holds no .yaml, .yml or .json files"))
    return sorted(files), problems


def gather(uploads: Iterable[tuple[str, bytes]]) -> tuple[Files, list[Problem]]:
    """Every landscape file among some uploads, opening zips; and the problems found."""
    files: Files = []
    problems: list[Problem] = []
    for name, raw in uploads:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            inside, found = read_zip(name, raw)
            files += inside
            problems += found
        elif suffix in EXTENSIONS:
            files.append((name, raw))
        else:
            problems.append(Problem(Location(name), "not a landscape file; upload .yaml, .yml "
                                    ".json or a .zip of them"))
    return files, problems


def embedded_files(root: Path = DATA_DIR) -> Files:
    """The embedded landscape's files, named relative to the project (``data/...``).

    The same files :func:`govmap.model.load.check` reads with no path, so the explorer
    shows the same landscape as the command line.
    """
    if not root.is_dir():
        return []
    found: Files = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if path.is_file() and _wanted(parts):
            found.append((str(PurePosixPath(root.name, *parts)), path.read_bytes()))
    return found


def _megabytes(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB"


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "password" in text.lower() or "encrypted" in text.lower():
        return "it is password-protected"
    return text or type(exc).__name__
