"""What an edit session saves: the files as a zip, a change log, and a scenario file.

- :func:`export_zip`: every file of the landscape in the input's layout, the files no edit
  touched byte for byte as they were, plus ``CHANGES.md`` (the change log), which
  ``govmap validate`` skips as it reads only ``.yaml``, ``.yml`` and ``.json``.
- :func:`change_log`: each change in order, fact by fact, with its sources.
- :func:`to_scenario`: the edits as operations of a scenario file (``govmap scenario``),
  where there is an operation for them, and what could not be expressed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from govmap.edit.session import SINGULAR, Change, EditSession, index_files, is_part
from govmap.edit.yamltext import canonical
from govmap.model.problems import Problem

#: The change log's name inside the zip.
CHANGE_LOG = "CHANGES.md"

_PART_NAMES = {"members": "membership", "reporting_lines": "reporting line",
               "discharges": "duty assignment"}


def _part_name(part: str) -> str:
    return _PART_NAMES.get(part) or f"{part.replace('_', ' ')} row"


def archive_name(name: str) -> str:
    """A file's name inside the zip: as loaded, less an uploaded zip's own name."""
    parts = PurePosixPath(name).parts
    if len(parts) > 1 and parts[0].lower().endswith(".zip"):
        parts = parts[1:]
    return "/".join(p for p in parts if p not in ("", ".", ".."))


def export_zip(session: EditSession, log: str | None = None) -> bytes:
    """The edited landscape as a zip of its files, plus the change log."""
    buffer = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in session.files:
            archive.writestr(zipfile.ZipInfo(archive_name(name), stamp), raw,
                             zipfile.ZIP_DEFLATED)
        text = log if log is not None else change_log(session)
        archive.writestr(zipfile.ZipInfo(CHANGE_LOG, stamp), text.encode("utf-8"),
                         zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# -- describing changes --------------------------------------------------------------------


def _names(session: EditSession) -> dict[str, str]:
    names: dict[str, str] = {}
    for files in (session.base, session.files):
        for (_, ident), entry in index_files(files, session.reader).items():
            name = entry.data.get("name")
            if isinstance(name, str):
                names[ident] = name
    return names


_TERM = re.compile(r"^[a-z]+(?:_[a-z]+)+$")


def _show(value: Any, names: Mapping[str, str] | None = None) -> str:
    """A value in words: an id as its name (and id), a vocabulary term with spaces."""
    names = names or {}
    if value is None or value == [] or value == {}:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(_show(v, names) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_key(k)}: {_show(v, names)}" for k, v in value.items())
    if isinstance(value, str) and value in names:
        return f"{names[value]} ({value})"
    if isinstance(value, str) and _TERM.match(value):
        return value.replace("_", " ")
    return str(value)


def _key(name: Any) -> str:
    return str(name).replace("_", " ")


def _row_key(part: str, row: Any) -> tuple[str, ...]:
    if not isinstance(row, Mapping):
        return (str(row),)
    if part == "members":
        return (str(row.get("organisation")),)
    if part == "reporting_lines":
        return (str(row.get("target")), str(row.get("type")))
    if part == "discharges":
        return (str(row.get("duty")),)
    return (canonical(row),)


def _keyed(part: str, rows: Iterable[Any]) -> dict[tuple[Any, ...], Any]:
    out: dict[tuple[Any, ...], Any] = {}
    counts: dict[tuple[str, ...], int] = {}
    for row in rows:
        key = _row_key(part, row)
        n = counts.get(key, 0)
        counts[key] = n + 1
        out[(*key, n)] = row
    return out


def _row_words(part: str, row: Any, names: Mapping[str, str]) -> str:
    def who(ident: Any) -> str:
        return f"{names.get(str(ident), str(ident))} ({ident})"

    if not isinstance(row, Mapping):
        return who(row)
    if part == "members":
        text = f"{who(row.get('organisation'))} as {str(row.get('role', '')).replace('_', ' ')}"
    elif part == "reporting_lines":
        text = f"{str(row.get('type', '')).replace('_', ' ')} {who(row.get('target'))}"
    elif part == "discharges":
        text = who(row.get("duty"))
    else:
        shown = {k: v for k, v in row.items() if k not in _PROVENANCE_KEYS}
        text = _show(shown, names)
    extra = [f"{k.replace('_', ' ')} {_show(row[k])}" for k in
             ("start_date", "end_date", "confidence") if row.get(k) is not None]
    if row.get("sources"):
        extra.append(f"sources {_show(row['sources'])}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


_PROVENANCE_KEYS = ("start_date", "end_date", "sources", "confidence", "notes")


def describe(change: Change, names: Mapping[str, str] | None = None) -> list[str]:
    """A change in words, one line per fact (the first line says what and where)."""
    names = names or {}
    what = SINGULAR.get(change.section, change.section)
    data = change.after if change.after is not None else change.before or {}
    title = f"{what} '{data.get('name', change.id)}' ({change.id})"
    if change.kind == "added":
        lines = [f"Added {title} in {change.file}"]
        for key, value in data.items():
            if is_part(key, value):
                for row in value or ():
                    lines.append(f"{_part_name(key)}: {_row_words(key, row, names)}")
            elif key not in ("id", "name"):
                lines.append(f"{_key(key)}: {_show(value, names)}")
        return lines
    if change.kind == "removed":
        return [f"Removed {title} from {change.file}"]
    before, after = change.before or {}, change.after or {}
    lines = [f"Changed {title} in {change.file}"]
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        if canonical(old) == canonical(new):
            continue
        if is_part(key, old) or is_part(key, new):
            a, b = _keyed(key, old or ()), _keyed(key, new or ())
            for k, row in b.items():
                if k not in a:
                    lines.append(f"{_part_name(key)} added: {_row_words(key, row, names)}")
                elif canonical(a[k]) != canonical(row):
                    lines.append(f"{_part_name(key)} changed: {_row_words(key, a[k], names)}"
                                 f" → {_row_words(key, row, names)}")
            for k, row in a.items():
                if k not in b:
                    lines.append(f"{_part_name(key)} removed: {_row_words(key, row, names)}")
        else:
            lines.append(f"{_key(key)}: {_show(old, names)} → {_show(new, names)}")
    return lines


def change_log(session: EditSession, *, source: str = "the landscape",
               when: dt.datetime | None = None) -> str:
    """The session's changes as Markdown, in the order they were made."""
    names = _names(session)
    stamp = (when or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    out = ["# Changes made in the govmap explorer", "",
           f"Made to {source} ({len(session.base)} file(s)); written {stamp}.",
           f"{len(session.changes)} change(s); file(s) changed: "
           + (", ".join(f"`{archive_name(n)}`" for n in session.changed_files()) or "none")
           + ". Every other file is byte for byte as it was.", ""]
    for number, change in enumerate(session.changes, 1):
        lines = describe(change, names)
        out.append(f"## {number}. {lines[0]}")
        out.append("")
        out.extend(f"- {line}" for line in lines[1:])
        out.append("")
    return "\n".join(out)


# -- as a scenario --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioExport:
    """A scenario file for the edits: its YAML text, what it leaves out, and whether it runs.

    ``problems`` are those ``govmap scenario`` meets running it on the landscape the session
    started from (empty when it runs).
    """

    text: str
    operations: int
    left_out: tuple[str, ...]
    problems: tuple[Problem, ...] = ()


def _sources(rows: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for row in rows:
        if isinstance(row, Mapping):
            for source in row.get("sources") or ():
                if str(source) not in found:
                    found.append(str(source))
    return found


def _yaml_ready(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _yaml_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_yaml_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _body_ops(ident: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
              left_out: list[str]) -> list[dict[str, Any]]:
    if before is None and after is not None:
        return [{"op": "add_body", "body": _yaml_ready(after)}]
    if after is None:
        return [{"op": "remove_body", "body": ident}]
    assert before is not None
    ops: list[dict[str, Any]] = []
    a = {str(m.get("organisation")): m for m in before.get("members") or ()
         if isinstance(m, Mapping)}
    b = {str(m.get("organisation")): m for m in after.get("members") or ()
         if isinstance(m, Mapping)}
    for org, row in b.items():
        if org not in a:
            ops.append({"op": "add_member", "body": ident, "organisation": org,
                        "role": row.get("role", "member"), "sources": _sources([row])})
        elif a[org].get("role") != row.get("role"):
            ops.append({"op": "set_role", "body": ident, "organisation": org,
                        "role": row.get("role")})
        elif canonical(a[org]) != canonical(row):
            left_out.append(f"body {ident}: the dates, sources or notes of {org}'s seat")
    ops += [{"op": "remove_member", "body": ident, "organisation": org} for org in a
            if org not in b]
    la = {(str(x.get("target")), str(x.get("type"))): x
          for x in before.get("reporting_lines") or () if isinstance(x, Mapping)}
    lb = {(str(x.get("target")), str(x.get("type"))): x
          for x in after.get("reporting_lines") or () if isinstance(x, Mapping)}
    for (target, kind), row in lb.items():
        if (target, kind) not in la:
            ops.append({"op": "add_line", "body": ident, "to": target, "type": kind,
                        "sources": _sources([row])})
        elif canonical(la[(target, kind)]) != canonical(row):
            left_out.append(f"body {ident}: the dates, sources or notes of its {kind} line "
                            f"to {target}")
    ops += [{"op": "remove_line", "body": ident, "to": target, "type": kind}
            for target, kind in la if (target, kind) not in lb]
    if before.get("footprint") != after.get("footprint") or \
            before.get("level") != after.get("level"):
        ops.append({"op": "set_footprint", "body": ident, "footprint": after.get("footprint"),
                    "level": after.get("level")})
    for key in [*before, *(k for k in after if k not in before)]:
        if key in ("members", "reporting_lines", "footprint", "level"):
            continue
        if canonical(before.get(key)) != canonical(after.get(key)):
            left_out.append(f"body {ident}: {key} (no scenario operation changes it)")
    return ops


def to_scenario(session: EditSession, date: dt.date, *,
                name: str = "Edits made in the govmap explorer",
                base: Any = None) -> ScenarioExport:
    """The session's edits as a scenario file that ``govmap scenario`` runs.

    Bodies added and removed, seats added, removed and re-roled, reporting lines added and
    removed, and a body's footprint or level become operations; anything else (an
    organisation's fields, a body's name, dates and sources of an existing seat, duty
    assignments) has no scenario operation and is listed in ``left_out``. The scenario
    takes the landscape as at ``date``, and what it creates starts then. With ``base`` (the
    landscape the session started from), the scenario is run on it and its problems kept.
    """
    from govmap.scenario.apply import run
    from govmap.scenario.format import scenario_from_text

    before = index_files(session.base, session.reader)
    after = index_files(session.files, session.reader)
    left_out: list[str] = []
    operations: list[dict[str, Any]] = []
    sources: list[str] = []
    for key in dict.fromkeys([*(c.key for c in session.changes)]):
        section, ident = key
        old = before[key].data if key in before else None
        new = after[key].data if key in after else None
        if old is None and new is None:
            continue
        if section != "bodies":
            left_out.append(f"{SINGULAR.get(section, section)} {ident} (no scenario operation "
                            "adds, changes or removes one)")
            continue
        made = _body_ops(ident, old, new, left_out)
        operations += made
        for op in made:  # the sources of what the operations create
            for source in _sources([op, op.get("body") or {}]):
                if source not in sources:
                    sources.append(source)
    document: dict[str, Any] = {
        "name": name,
        "description": "The changes made in the govmap explorer, as operations. "
        + (f"Not expressed as operations: {'; '.join(left_out)}." if left_out else
           "Every change is expressed."),
        "date": date.isoformat(),
        "sources": sources or ["public:changes made in the govmap explorer (CHANGES.md)"],
        "operations": operations,
    }
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    problems: list[Problem] = []
    if base is not None and operations:
        scenario, problems = scenario_from_text(text, "edits.yaml")
        if scenario is not None:
            problems = run(base, scenario)[1]
    return ScenarioExport(text, len(operations), tuple(left_out), tuple(problems))


def touched(changes: Sequence[Change]) -> list[tuple[str, str]]:
    """Each entity the changes touched, once, in the order first touched."""
    return list(dict.fromkeys(c.key for c in changes))
