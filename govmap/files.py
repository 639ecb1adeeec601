"""Writing output files safely: never over an input, never half-written, never by surprise."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """An output file could not (or should not) be written; the message says what to do."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(path: str | Path, content: str | bytes, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Write ``content`` to ``path`` atomically.

    The content goes to a temporary file beside the target, which is then renamed into
    place, so a crash never leaves a half-written file. An existing file is only replaced
    with ``force``; an input file is never replaced.
    """
    target = Path(path)
    resolved = target.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if resolved == source or (source.is_dir() and source in resolved.parents
                                   and resolved.suffix.lower() in {".yaml", ".yml", ".json"}):
            raise OutputError(
                f"{target}: refusing to write over an input of this command; "
                "choose another output path"
            )
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to replace it")
    if not target.parent.exists():
        raise OutputError(f"{target}: the folder {target.parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
