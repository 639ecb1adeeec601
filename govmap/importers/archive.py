"""Opening a zip (an uploaded zip of YAML files, or an .xlsx workbook) only when it is safe.

A zip says in its central directory how many members it holds and how large each is once
uncompressed; a zip bomb (a 50 KB zip holding 49 MB, a 5.9 MB workbook holding 1.4 GB of
XML) is refused on those numbers before a single byte is decompressed. The numbers can lie,
so the readers here also stop at the declared size while reading (:func:`read_member`):
Python's :mod:`zipfile` never returns more than a member declares, and fails the CRC check
when the content does not match.

The checks, in order, each a :class:`Refusal` whose message names the file, the member and
what to do:

- the central directory itself is small enough to list (checked on the end record, before
  :class:`zipfile.ZipFile` reads it), and at most ``max_members`` files (folders aside);
- no member larger than ``max_member_bytes`` once uncompressed;
- all members together at most ``max_total_bytes``;
- no member larger than :data:`RATIO_FLOOR` that is more than ``max_ratio`` times its
  compressed size (text compresses about 5 to 20 times; a bomb 1,000 times);
- members that are themselves zips are named (nested zips are not opened).
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

#: Members smaller than this are not checked for their compression ratio.
RATIO_FLOOR = 1024 * 1024
#: Bytes of a central-directory entry beyond its name (46 fixed, and room for extras).
_ENTRY_BYTES = 46 + 64
_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"


@dataclass(frozen=True)
class Limits:
    """What a zip may hold."""

    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    #: Most uncompressed bytes per compressed byte of one member (None: not checked).
    max_ratio: int | None = None
    #: What the zip is, in messages ("the zip", "the workbook").
    what: str = "the zip"
    #: What a member is called in messages ("file", "part").
    member: str = "file"
    #: What to do instead, ending every refusal's message.
    advice: str = "zip only the landscape's YAML files"
    #: What to do about a member too large (None: :attr:`advice`).
    large_advice: str | None = None


class Refusal(Exception):
    """A zip that is not opened; the message names what is wrong and what to do."""


def megabytes(count: int) -> str:
    """A byte count in MB with one decimal (``49.0 MB``)."""
    return f"{count / 1024 / 1024:,.1f} MB"


def _declared_entries(raw: bytes) -> tuple[int, int] | None:
    """(entries, central directory bytes) from the end record, or None if there is none."""
    tail = raw[-(22 + 65535):]
    # the record whose comment runs to the end of the file (a comment may hold the
    # signature too); failing that, the last one, as zipfile reads it
    found: int | None = None
    at = len(tail)
    while (at := tail.rfind(_END_RECORD, 0, at)) >= 0:
        if len(tail) - at < 22:
            continue
        found = at if found is None else found
        (comment,) = struct.unpack("<H", tail[at + 20:at + 22])
        if at + 22 + comment == len(tail):
            found = at
            break
    if found is None:
        return None
    at = found
    entries, size = struct.unpack("<HI", tail[at + 10:at + 16])
    locator = tail[max(0, at - 20):at]
    if locator.startswith(_ZIP64_LOCATOR):  # the real numbers are in the zip64 end record
        (offset,) = struct.unpack("<Q", locator[8:16])
        record = raw[offset:offset + 56]
        if len(record) == 56 and record.startswith(b"PK\x06\x06"):
            entries, size = struct.unpack("<QQ", record[32:48])
    return entries, size


def open_zip(raw: bytes, limits: Limits) -> zipfile.ZipFile:
    """The zip, opened only when its declared sizes are within ``limits``.

    Raises :class:`Refusal` (too many members, too large, too compressed, a nested zip)
    or :class:`zipfile.BadZipFile` (not a zip at all).
    """
    declared = _declared_entries(raw)
    if declared is None:
        raise zipfile.BadZipFile("no end of central directory")
    entries, directory = declared
    most = 2 * limits.max_members  # room for folder entries, which are not counted
    if entries > most or directory > most * (_ENTRY_BYTES + 1024):
        raise Refusal(f"{limits.what} lists {entries:,} {limits.member}s; govmap opens at most "
                      f"{limits.max_members:,}: {limits.advice}")
    archive = zipfile.ZipFile(io.BytesIO(raw))
    try:
        check_members(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_members(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Raise :class:`Refusal` if the members' declared sizes break ``limits``."""
    members = archive.infolist()
    files = sum(1 for info in members if not info.is_dir())
    if files > limits.max_members:
        raise Refusal(f"{limits.what} holds {files:,} {limits.member}s; govmap opens at most "
                      f"{limits.max_members:,}: {limits.advice}")
    total = 0
    for info in members:
        if info.is_dir():
            continue
        name = info.filename
        if info.file_size > limits.max_member_bytes:
            raise Refusal(f"{limits.what}'s {limits.member} '{name}' is "
                          f"{megabytes(info.file_size)} once uncompressed; govmap reads at most "
                          f"{megabytes(limits.max_member_bytes)} per file: "
                          f"{limits.large_advice or limits.advice}")
        if (limits.max_ratio is not None and info.file_size > RATIO_FLOOR
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            ratio = info.file_size / max(info.compress_size, 1)
            raise Refusal(f"{limits.what}'s {limits.member} '{name}' is compressed "
                          f"{ratio:,.0f} times ({megabytes(info.file_size)} from "
                          f"{info.compress_size:,} bytes), as a zip bomb is; govmap opens "
                          f"members compressed at most {limits.max_ratio} times: {limits.advice}")
        if PurePosixPath(name.replace("\\", "/")).suffix.lower() == ".zip":
            raise Refusal(f"{limits.what} holds another zip ('{name}'), which govmap does not "
                          f"open: unzip it and {limits.advice}")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise Refusal(f"{limits.what} holds more than {megabytes(limits.max_total_bytes)} "
                          f"once uncompressed; govmap reads at most "
                          f"{megabytes(limits.max_total_bytes)}: {limits.advice}")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's content, never more than ``limit`` bytes (:class:`Refusal` beyond)."""
    with archive.open(info) as handle:
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise Refusal(f"the member '{info.filename}' is larger once uncompressed than its "
                      f"header says (more than {megabytes(limit)}); the zip is damaged or "
                      "made to mislead: zip the files again")
    return content
