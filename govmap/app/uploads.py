"""Turning what someone uploads (YAML files, or a zip of them) into files the loader reads.

Everything happens in memory: nothing uploaded is written to disk. A zip is opened only if
it is safe to: no absolute paths, no ``..`` members, at most :data:`MAX_FILES` files and at
most :data:`MAX_BYTES` once uncompressed. Anything else is a located problem (the file name
and what to do), never an exception, so the explorer can show it beside the loader's own.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from govmap.model.load import DATA_DIR, EXTENSIONS, SKIPPED_DIRS
from govmap.model.problems import Location, Problem

#: Most files a zip may hold.
MAX_FILES = 200
#: Most bytes a zip may hold once uncompressed (50 MB).
MAX_BYTES = 50 * 1024 * 1024

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
        unsafe, no files are returned at all.
    """
    where = Location(name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError):
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
        if len(members) > MAX_FILES:
            return [], [Problem(where, f"the zip holds {len(members)} files; the explorer reads "
                                f"at most {MAX_FILES}. Zip only the landscape's YAML files")]
        declared = sum(info.file_size for info in members)
        if declared > MAX_BYTES:
            return [], [Problem(where, f"the zip holds {_megabytes(declared)} once "
                                f"uncompressed; the explorer reads at most "
                                f"{_megabytes(MAX_BYTES)}")]
        files: Files = []
        problems: list[Problem] = []
        total = 0
        for info in members:
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if parts[:1] == ("__MACOSX",) or not _wanted(parts):
                continue
            try:
                with archive.open(info) as handle:
                    content = handle.read(MAX_BYTES - total + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError, ValueError) as exc:
                problems.append(Problem(Location(f"{name}/{'/'.join(parts)}"),
                                        f"cannot read this member of the zip ({_reason(exc)})"))
                continue
            total += len(content)
            if total > MAX_BYTES:
                return [], [Problem(where, f"the zip holds more than {_megabytes(MAX_BYTES)} "
                                    "once uncompressed; the explorer reads no more")]
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
