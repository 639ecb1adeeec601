"""Turning what someone uploads (YAML files, a zip of them, or a spreadsheet in Kumu's
layout) into files the loader reads, and checking them within a budget.

Everything happens in memory: nothing uploaded is written to disk. An upload holds at most
:data:`MAX_BYTES`. A zip is opened only if it is safe to (:data:`ZIP_LIMITS`, checked by
:mod:`govmap.importers.archive` on the sizes it declares, before anything is
decompressed): no absolute paths, no ``..`` members, no zip inside, at most
:data:`MAX_FILES` files, each within the loader's per-file limit, no zip bomb's
compression. A spreadsheet is imported as ``govmap import-sheet`` imports it, within the
same limits. Anything else is a located problem (the file name and what to do), never an
exception, so the explorer can show it beside the loader's own.

:func:`screen` does all of it (:func:`check_uploads`) in a child process with a time and
memory budget, one upload at a time, so that one bad upload cannot take the shared
explorer down.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import ctypes.util
import functools
import json
import os
import struct
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

try:
    import resource
except ImportError:  # Windows: no limits on the child's memory, only its time
    resource = None  # type: ignore[assignment]

from govmap.importers.archive import Limits, Refusal, megabytes, open_zip, read_member
from govmap.importers.sheet import SheetImport, import_sheets, locate, to_yaml
from govmap.importers.workbook import read_bytes_of
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
                    advice="zip only the landscape's YAML files, or upload them as they are",
                    large_advice="split the landscape into several files")

Files = list[tuple[str, bytes]]
#: An upload's content: bytes, or a view of them (an uploaded file's buffer).
Content = bytes | bytearray | memoryview


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


#: Uploads checked at the same time; others wait their turn (within their own budget). One
#: check at a time keeps the server's memory within its own plus one budget.
MAX_CHECKS = 1
_CHECKS = threading.BoundedSemaphore(MAX_CHECKS)
#: The folder holding the ``govmap`` package, for the child's import path.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def budget() -> tuple[float, int]:
    """The time (seconds) and memory (bytes) an upload's check may use."""
    seconds, memory = BUDGET_SECONDS, BUDGET_BYTES
    with contextlib.suppress(ValueError):
        seconds = float(os.environ.get("GOVMAP_UPLOAD_SECONDS", seconds))
    with contextlib.suppress(ValueError):
        memory = int(float(os.environ.get("GOVMAP_UPLOAD_MEMORY_MB", memory / 2**20)) * 2**20)
    return seconds, memory


def _label(uploads: Sequence[tuple[str, Content]]) -> str:
    names = [name for name, _ in uploads]
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _write_uploads(stream: IO[bytes], uploads: Sequence[tuple[str, Content]]) -> None:
    """The uploads as the child reads them: for each, the name's length, name, content's
    length, content (no pickle: nothing the child reads or writes is code). The contents
    are written as they are, never copied."""
    for name, raw in uploads:
        encoded = name.encode("utf-8", "surrogateescape")
        content = memoryview(raw)
        stream.write(struct.pack("<I", len(encoded)) + encoded + struct.pack("<Q", content.nbytes))
        stream.write(content)


def _decode_uploads(data: bytes) -> list[tuple[str, bytes]]:
    uploads, at = [], 0
    while at < len(data):
        (size,) = struct.unpack_from("<I", data, at)
        name = data[at + 4:at + 4 + size].decode("utf-8", "surrogateescape")
        at += 4 + size
        (size,) = struct.unpack_from("<Q", data, at)
        uploads.append((name, data[at + 8:at + 8 + size]))
        at += 8 + size
    return uploads


def _encode_checked(checked: Checked) -> bytes:
    return json.dumps({
        "files": [[name, base64.b64encode(raw).decode("ascii")] for name, raw in checked.files],
        "problems": [[p.location.file, p.location.line, p.location.column, p.message,
                      p.severity] for p in checked.problems],
        "valid": checked.valid,
    }, ensure_ascii=True).encode("ascii")


def _decode_checked(data: bytes) -> Checked:
    answer = json.loads(data)
    return Checked(
        [(name, base64.b64decode(raw)) for name, raw in answer["files"]],
        [Problem(Location(file, line, column), message, severity)
         for file, line, column, message, severity in answer["problems"]],
        bool(answer["valid"]))


def _child(memory: int, seconds: float) -> int:
    """The child's side (``python -m govmap.app.uploads MEMORY SECONDS``): limit this
    process, read the uploads from standard input, write the answer (JSON) to standard
    output; exit 3 when it ran out of memory. It runs at a lower priority than the server,
    so that the pages other people load come first."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)
    if resource is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        with contextlib.suppress(ValueError, OSError):
            cpu = int(seconds) + 2
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    try:
        checked = check_uploads(_decode_uploads(sys.stdin.buffer.read()))
        if not checked.valid:  # the explorer shows only the problems of a refused upload
            checked = Checked([], checked.problems, False)
        answer = _encode_checked(checked)
    except MemoryError:
        return 3
    sys.stdout.buffer.write(answer)
    sys.stdout.buffer.flush()
    return 0


def screen(uploads: Sequence[tuple[str, Content]], *, seconds: float | None = None,
           memory: int | None = None) -> Checked:
    """:func:`check_uploads` in a child process, stopped after ``seconds`` or when it needs
    more than ``memory`` bytes, so one upload cannot hold the explorer's server.

    ``uploads`` are (name, content) with any bytes-like content (an uploaded file's buffer
    is sent as it is, not copied). When the budget runs out, the child is killed and the
    answer is a problem saying so (and what to do); the server's own memory and time are
    untouched. A refused upload's answer holds only its problems (no files). Defaults:
    :func:`budget`. The child is a fresh ``python -m govmap.app.uploads``, never a fork of
    the (threaded) server. At most :data:`MAX_CHECKS` run at once; an upload that waits
    longer than ``seconds`` for its turn is told so.
    """
    default_seconds, default_memory = budget()
    seconds = default_seconds if seconds is None else seconds
    memory = default_memory if memory is None else memory
    where = Location(_label(uploads) or "(upload)")
    if not _CHECKS.acquire(timeout=seconds):
        return Checked([], [Problem(where, (
            f"the explorer was busy checking other uploads for {seconds:g} s, so this one was "
            "not checked; upload it again in a minute"))], False)
    try:
        return _screen(uploads, where, seconds, memory)
    finally:
        _CHECKS.release()


def _screen(uploads: Sequence[tuple[str, Content]], where: Location, seconds: float,
            memory: int) -> Checked:
    start = time.monotonic()
    path = os.pathsep.join(p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)
    child = subprocess.Popen(
        [sys.executable, "-m", "govmap.app.uploads", str(memory), repr(seconds)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": path})
    out = b""
    try:
        stdin, child.stdin = child.stdin, None  # written here, then only its answer is read
        assert stdin is not None
        with contextlib.suppress(BrokenPipeError), stdin:  # it died early: its exit code says
            _write_uploads(stdin, uploads)
        out, _ = child.communicate(timeout=max(0.0, seconds - (time.monotonic() - start)))
    except subprocess.TimeoutExpired:
        return Checked([], [Problem(where, (
            f"this upload took longer than {seconds:g} s to check, so the check was stopped "
            "and nothing was loaded; check that these are the right files, or split the "
            "landscape and check it with 'govmap validate FILES' on the command line, which "
            "has no time limit"))], False)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    if child.returncode == 0:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return _decode_checked(out)
    # it ran out of memory, or died of it (the system's memory killer, the CPU limit)
    return Checked([], [Problem(where, (
        f"this upload needed more than {megabytes(memory)} of memory to check, so the check "
        "was stopped and nothing was loaded; check that these are the right files, or split "
        "the landscape and check it with 'govmap validate FILES' on the command line"))],
        False)


#: glibc's ``mallopt`` parameter for the size from which memory is mapped on its own.
_M_MMAP_THRESHOLD = -3
#: Buffers from this size up are mapped on their own, so freeing one gives it back.
MMAP_THRESHOLD = 1024 * 1024


@functools.cache
def _libc() -> Any:
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        if hasattr(libc, "mallopt") and hasattr(libc, "gnu_get_libc_version"):
            return libc
    return None


@functools.cache
def keep_memory_returnable() -> bool:
    """Make each large buffer of this process (an uploaded file, as the web server receives
    it) a mapping of its own, given back to the system when it is freed. True if set.

    By default glibc raises that threshold to the size of the largest buffer freed so
    far, so from the second large upload on, buffers come from the heap and the
    server's memory ratchets up with each (measured: about 40 MB for each 17 MB upload
    after the first). Call it once, in the explorer's server; elsewhere (not glibc) it
    does nothing.
    """
    libc = _libc()
    return bool(libc is not None and libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1)


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


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1]), float(sys.argv[2])))
