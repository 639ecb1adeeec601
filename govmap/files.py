"""Writing output safely: never over an input, never half-written, never by surprise.

Every command that writes goes through this module in two steps: :func:`check_output` (or
:func:`check_folder`) before any work, so that a refusal costs nothing, and then
:func:`write_output`, which checks again and writes.

- ``-`` (and a path that is the command's standard output, such as ``/dev/stdout``) means
  standard output.
- Nothing is written to, over or into any input of the command, nor into the embedded data
  folder, ``--force`` or not (symbolic links are followed to find out).
- An existing file is replaced only with ``force``, and only if it is a regular file (not a
  symbolic link, a device or a pipe); the new content goes to a temporary file beside it that
  is renamed into place, so a crash never leaves a half-written file.
- A named pipe or a character device (``/dev/null``, a terminal, a process substitution
  ``>(...)``) is written into, never replaced.
- A failure while writing (a full disk, no permission, a read-only file system) is an
  :class:`OutputError` that names the cause.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from govmap.model.problems import printable

#: The embedded data folder (as :data:`govmap.model.load.DATA_DIR`): never written to.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: The output name that means standard output.
STDOUT = "-"


class OutputError(Exception):
    """An output could not (or should not) be written; the message says what to do.

    ``usage`` is True for a refusal known before writing (exit code 2) and False for a
    failure while writing (a full disk, no permission: exit code 1).
    """

    def __init__(self, message: str, *, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage

    @property
    def exit_code(self) -> int:
        return 2 if self.usage else 1


@dataclass(frozen=True)
class Target:
    """Where an output goes: standard output, a stream (pipe, device) or a regular file."""

    kind: Literal["stdout", "stream", "file"]
    path: Path | None = None


def shown(path: str | Path) -> str:
    """A path as it can safely be printed: undecodable bytes and control characters escaped."""
    return printable(os.fsencode(path).decode("utf-8", "backslashreplace"))


def encoded(content: str | bytes) -> bytes:
    """Text as UTF-8. An undecodable file name carried into the text (a lone surrogate from
    the file system) is written as a visible escape (``\\udcff``) instead of failing."""
    if isinstance(content, bytes):
        return content
    try:
        return content.encode("utf-8")
    except UnicodeEncodeError:
        return content.encode("utf-8", "backslashreplace")


def protected(inputs: Iterable[str | Path] = ()) -> list[Path]:
    """The resolved paths nothing may be written to or into: the inputs and the embedded data."""
    return [Path(p).resolve() for p in (*inputs, DATA_DIR)]


def _refuse_inputs(target: Path, inputs: Iterable[str | Path]) -> None:
    candidates = {target.resolve()}
    if target.parent != target:
        candidates.add(target.parent.resolve() / target.name)  # a link itself, not what it names
    for source in protected(inputs):
        for place in candidates:
            if place == source or source in place.parents:
                what = ("over or into the embedded data" if source == DATA_DIR.resolve()
                        else "over an input of this command, or into it")
                raise OutputError(
                    f"{shown(target)}: refusing to write {what} ({shown(source)}), even with "
                    "--force; choose another output path")


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISFIFO, "a named pipe")):
        if test(mode):
            return what
    return "not a regular file"


def _is_stdout(info: os.stat_result) -> bool:
    try:
        return os.path.samestat(info, os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):  # no real standard output (a test's capture)
        return False


def check_output(path: str | Path, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Target:
    """Where ``path`` would be written, or :class:`OutputError` saying why it will not be.

    Call it before doing the work, so that a refusal costs nothing.
    """
    if str(path) == STDOUT:
        return Target("stdout")
    target = Path(path)
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{shown(target)}: cannot use this path: {exc.strerror or exc}") from None
    if info is not None and _is_stdout(info):
        return Target("stdout")
    if info is not None and (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        return Target("stream", target)  # /dev/null, a terminal, a pipe: written into, kept
    _refuse_inputs(target, inputs)
    if info is None:
        if target.is_symlink():
            raise OutputError(f"{shown(target)}: is a symbolic link to a missing file; "
                              "give another name")
        if not target.parent.is_dir():
            raise OutputError(f"{shown(target)}: the folder {shown(target.parent)} does not exist")
        return Target("file", target)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{shown(target)}: is a directory; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{shown(target)}: is {_kind(info.st_mode)}; govmap writes only "
                          "regular files")
    if not force:
        raise OutputError(f"{shown(target)}: already exists; use --force to replace it")
    if target.is_symlink():
        raise OutputError(f"{shown(target)}: is a symbolic link to {shown(target.resolve())}; "
                          "--force replaces only regular files: name that file itself")
    return Target("file", target)


def failure(exc: OSError, where: str | Path) -> OutputError:
    """An error while writing, as a message about its cause."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why = "the disk is full (no space left on the device); free some space or write elsewhere"
    elif code in (errno.EACCES, errno.EPERM):
        why = "permission denied; write somewhere you may write, or change the permissions"
    elif code == errno.EROFS:
        why = "the file system is read-only; write somewhere else"
    elif code == errno.ENAMETOOLONG:
        why = "the file name is too long; choose a shorter one"
    elif code == errno.EPIPE:
        why = "the reader of the output went away"
    else:
        why = exc.strerror or str(exc)
    return OutputError(f"{shown(where)}: cannot write: {why}; nothing was written there",
                       usage=False)


def write_output(path: str | Path, content: str | bytes, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``content`` where :func:`check_output` says and return ``path``.

    Raises :class:`OutputError` when it should not or could not be written.
    """
    target = check_output(path, force=force, inputs=inputs)
    data = encoded(content)
    if target.kind == "stdout":
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise failure(exc, "standard output") from None
        return Path(path)
    assert target.path is not None
    if target.kind == "stream":
        try:
            fd = os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise failure(exc, target.path) from None
        return target.path
    _replace(target.path, data)
    return target.path


def _replace(target: Path, data: bytes) -> None:
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise failure(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise failure(exc, target) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def check_folder(path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = (),
                 ours: Iterable[str] | None = None) -> Path:
    """Check a folder output before the work.

    A new or empty folder is fine. A folder that holds files is used only with ``force``;
    when ``ours`` names the files the command writes there (which it would replace), only
    if it holds nothing else. Each file written is then checked by :func:`write_output`.
    """
    if str(path) == STDOUT:
        raise OutputError("this output is a folder of files; it cannot go to standard output: "
                          "name a folder with -o")
    folder = Path(path)
    _refuse_inputs(folder, inputs)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{shown(folder)}: is a file; -o names a folder for this output")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise OutputError(f"{shown(folder)}: the folder {shown(folder.parent)} does not exist")
        return folder
    entries = list(folder.iterdir())
    if not entries:
        return folder
    if not force:
        raise OutputError(f"{shown(folder)}: the folder is not empty; choose a new folder or use "
                          "--force to replace what govmap wrote there")
    if ours is None:
        return folder
    names = set(ours)
    foreign = [e for e in entries if e.is_symlink() or not e.is_file() or e.name not in names]
    if foreign:
        raise OutputError(f"{shown(folder)}: holds {shown(foreign[0].name)}, which govmap did not "
                          "write there; --force replaces only what govmap wrote: choose a new "
                          "folder")
    return folder


def make_folder(folder: Path) -> None:
    """Create an output folder (its parent exists: :func:`check_folder` said so)."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise failure(exc, folder) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def content_key(files: Iterable[tuple[str, bytes]]) -> str:
    """A hash of file names and contents: equal data, equal key (the explorer's cache key
    for a landscape, and an edit session's)."""
    digest = hashlib.sha256()
    for name, raw in sorted(files):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(raw).digest())
    return digest.hexdigest()
