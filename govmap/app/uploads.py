"""Turning what someone uploads (YAML files, or a zip of them) into files the loader reads.

Everything happens in memory: nothing uploaded is written to disk. A zip is opened only if
it is safe to: no absolute paths, no ``..`` members, at most :data:`MAX_FILES` files and at
most :data:`MAX_BYTES` once uncompressed. Anything else is a located problem (the file name
and what to do), never an exception, so the explorer can show it beside the loader's own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import os
import struct
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath

try:
    import resource
except ImportError:  # Windows: no limits on the child's memory, only its time
    resource = None  # type: ignore[assignment]

from govmap.importers.archive import Limits, Refusal, megabytes, open_zip, read_member
from govmap.importers.sheet import SheetImport, import_sheets, locate, read_bytes_of, to_yaml
from govmap.model.landscape import Landscape
from govmap.model.load import DATA_DIR, EXTENSIONS, SKIPPED_DIRS, check_bytes
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


#: File name endings read as spreadsheets in Kumu's layout (imported as ``govmap import-sheet``
#: would, then checked with the rest of the upload).
SHEETS = (".xlsx", ".csv")


@dataclass
class _Imported:
    """A spreadsheet turned into YAML, kept to point the loader's problems back at its rows."""

    yaml_name: str
    text: str
    sheet: SheetImport


def _gather(uploads: Iterable[tuple[str, bytes]]
            ) -> tuple[Files, list[Problem], list[_Imported]]:
    uploads = list(uploads)
    total = sum(len(raw) for _, raw in uploads)
    if total > MAX_BYTES:
        names = ", ".join(name for name, _ in uploads[:3]) + (
            f" and {len(uploads) - 3} more" if len(uploads) > 3 else "")
        return [], [Problem(Location(names), (
            f"the upload holds {megabytes(total)}; the explorer reads at most "
            f"{megabytes(MAX_BYTES)} for one landscape: upload fewer or smaller files, or "
            "check them on the command line (govmap validate FILES)"))], []
    files: Files = []
    problems: list[Problem] = []
    imported: list[_Imported] = []
    for name, raw in uploads:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            inside, found = read_zip(name, raw)
            files += inside
            problems += found
        elif suffix in EXTENSIONS:
            files.append((name, raw))
        elif suffix in SHEETS:
            sheets, found = read_bytes_of(name, raw)
            problems += found
            if sheets and not any(p.severity == "error" for p in found):
                sheet = import_sheets(sheets, Landscape())
                problems += sheet.problems
                if sheet.items:
                    text = to_yaml(sheet, name)
                    imported.append(_Imported(f"{name}.yaml", text, sheet))
                    files.append((f"{name}.yaml", text.encode("utf-8")))
        else:
            problems.append(Problem(Location(name), "not a landscape file; upload .yaml, .yml, "
                                    ".json, a spreadsheet in Kumu's layout (.xlsx, .csv) or a "
                                    ".zip of YAML files"))
    unpacked = sum(len(raw) for _, raw in files)
    if unpacked > MAX_BYTES:
        return [], [*problems, Problem(Location(files[0][0]), (
            f"the upload holds {megabytes(unpacked)} once unzipped and imported; the explorer "
            f"reads at most {megabytes(MAX_BYTES)} for one landscape: upload fewer files"))], []
    return files, problems, imported


def gather(uploads: Iterable[tuple[str, bytes]]) -> tuple[Files, list[Problem]]:
    """Every landscape file among some uploads, opening zips and importing spreadsheets;
    and the problems found. Nothing over :data:`MAX_BYTES` in all is read."""
    files, problems, _ = _gather(uploads)
    return files, problems


@dataclass
class Checked:
    """What checking an upload found: the landscape files it holds (YAML, also for an
    imported spreadsheet), every problem, and whether they make a valid landscape."""

    files: Files
    problems: list[Problem]
    valid: bool


def check_uploads(uploads: Sequence[tuple[str, bytes]]) -> Checked:
    """Gather the uploads and check them as one landscape (the work :func:`screen` bounds).

    A spreadsheet's problems point at its sheet, row and column, as with
    ``govmap import-sheet``.
    """
    files, problems, imported = _gather(uploads)
    if not files:
        if not problems:
            problems.append(Problem(Location("(upload)"), "no files were given"))
        return Checked([], problems, False)
    result = check_bytes(files)
    found = list(result.problems)
    for sheet in imported:
        found = locate(sheet.sheet, sheet.yaml_name, sheet.text, found)
    problems += found
    valid = result.landscape is not None and not any(p.severity == "error" for p in problems)
    return Checked(files, problems, valid)


# -- the time and memory budget of an upload ------------------------------------------------

#: Seconds the check of one upload may take (``GOVMAP_UPLOAD_SECONDS`` overrides).
BUDGET_SECONDS = 30.0
#: Bytes of memory (address space) the check of one upload may use
#: (``GOVMAP_UPLOAD_MEMORY_MB`` overrides, in MB).
BUDGET_BYTES = 1536 * 1024 * 1024


def budget() -> tuple[float, int]:
    """The time (seconds) and memory (bytes) an upload's check may use."""
    seconds, memory = BUDGET_SECONDS, BUDGET_BYTES
    with contextlib.suppress(ValueError):
        seconds = float(os.environ.get("GOVMAP_UPLOAD_SECONDS", seconds))
    with contextlib.suppress(ValueError):
        memory = int(float(os.environ.get("GOVMAP_UPLOAD_MEMORY_MB", memory / 2**20)) * 2**20)
    return seconds, memory


def _context() -> multiprocessing.context.BaseContext:
    """Fork server where there is one: each check is forked from a small process that has
    already imported the loader (fast, and never a fork of the threaded server)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["govmap.app.uploads"])
    return context


def _work(conn: Connection, uploads: Sequence[tuple[str, bytes]], memory: int,
          seconds: float) -> None:
    """The child's side: limit this process, check, send the answer back."""
    if resource is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        with contextlib.suppress(ValueError, OSError):
            cpu = int(seconds) + 2
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    try:
        answer: Checked | str = check_uploads(uploads)
    except MemoryError:
        answer = "memory"
    try:
        conn.send(answer)
    except MemoryError:
        conn.send("memory")
    finally:
        conn.close()


def _label(uploads: Sequence[tuple[str, bytes]]) -> str:
    names = [name for name, _ in uploads]
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def screen(uploads: Sequence[tuple[str, bytes]], *, seconds: float | None = None,
           memory: int | None = None) -> Checked:
    """:func:`check_uploads` in a child process, stopped after ``seconds`` or when it needs
    more than ``memory`` bytes, so one upload cannot hold the explorer's server.

    When the budget runs out, the child is killed and the answer is a problem saying so
    (and what to do); the server's own memory and time are untouched. Defaults:
    :func:`budget`.
    """
    default_seconds, default_memory = budget()
    seconds = default_seconds if seconds is None else seconds
    memory = default_memory if memory is None else memory
    uploads = list(uploads)
    where = Location(_label(uploads) or "(upload)")
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_work, args=(send, uploads, memory, seconds),  # type: ignore[attr-defined]
                            name="govmap-upload-check", daemon=True)
    child.start()
    send.close()
    answer: Checked | str | None = None
    in_time = False
    try:
        in_time = receive.poll(seconds)
        if in_time:
            with contextlib.suppress(EOFError, OSError):
                answer = receive.recv()
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if isinstance(answer, Checked):
        return answer
    if in_time:  # it ran out of memory, or died of it (the system's memory killer)
        message = (f"this upload needed more than {megabytes(memory)} of memory to check, so "
                   "the check was stopped and nothing was loaded; check that these are the "
                   "right files, or split the landscape and check it with 'govmap validate "
                   "FILES' on the command line")
    else:
        message = (f"this upload took longer than {seconds:g} s to check, so the check was "
                   "stopped and nothing was loaded; check that these are the right files, or "
                   "split the landscape and check it with 'govmap validate FILES' on the "
                   "command line, which has no time limit")
    return Checked([], [Problem(where, message)], False)


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


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "password" in text.lower() or "encrypted" in text.lower():
        return "it is password-protected"
    return text or type(exc).__name__
