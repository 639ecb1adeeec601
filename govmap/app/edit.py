"""Edit page: add and correct bodies, organisations, seats, lines and duties, checked as typed.

Every edit goes through :class:`govmap.edit.session.EditSession`: it is written into a copy
of the data's files and checked by the loader behind ``govmap validate --strict``. A valid
edit is applied and every other page of this browser session shows it; an invalid one is
kept as a draft, with each problem in the command line's words beside the row it concerns.
The forms are drawn from the entity models (:func:`govmap.edit.fields.fields_of`), so a new
field in :mod:`govmap.model.entities` appears here by itself. Nothing is ever written to the
embedded data or to uploaded files: the edited files are downloaded as a zip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from govmap.app import editing, shell, ui
from govmap.app.uploads import embedded_files
from govmap.edit.export import change_log, describe, export_zip, to_scenario
from govmap.edit.fields import EDITABLE, FieldSpec, fields_of, ordered, part_model, section_model
from govmap.edit.session import (
    ID_FIELDS,
    SINGULAR,
    Attempt,
    Draft,
    EditSession,
    RowProblem,
    clean,
    ident_of,
)
from govmap.files import content_key
from govmap.scenario.diff import structural_diff
from govmap.state import EMBEDDED

NEW = "__new__"
_FLASH = "_edit_flash"
_REV = "_edit_rev"
_PICK = "_edit_pick_{section}"
_SECTION = "_edit_section"
_SEARCH = "_edit_search"

_SECTION_LABELS = {"bodies": "Bodies", "organisations": "Organisations",
                   "documents": "Source documents"}
_PART_LABELS = {"members": ("Members", "member"),
                "reporting_lines": ("Reporting lines", "reporting line"),
                "discharges": ("Duties discharged", "duty"),
                "chairs": ("Chairs", "chair"),
                "names": ("Dated names", "dated name"),
                "required_members": ("Required members", "required member")}
#: The earliest and latest day a date input offers.
_FIRST_DAY, _LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


# -- state ---------------------------------------------------------------------------------


def _rev() -> int:
    return int(st.session_state.get(_REV, 0))


def _bump() -> None:
    st.session_state[_REV] = _rev() + 1


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(_FLASH, []).append((kind, text))


def _session() -> EditSession | None:
    """This browser session's edit session for the data on screen (started on first use)."""
    found = editing.base()
    if found is None:
        return None
    base_key, _, result = found
    session = editing.get(base_key)
    if session is not None:
        return session
    ctx = shell.context()
    upload = shell.upload()
    if ctx.state.dataset != EMBEDDED and upload is not None:
        files = list(upload.files)
    else:
        files = embedded_files(shell.EMBEDDED_DIR)
    if content_key(files) != base_key or result.landscape is None:
        return None
    session = EditSession.start(files, result)
    editing.put(session)
    return session


def _record(attempt: Attempt, done: str) -> bool:
    """Keep what an attempt gave and say so; True when it was applied."""
    editing.put(attempt.session)
    if attempt.applied:
        _bump()
        warnings = [p for p in attempt.problems if p.severity == "warning"]
        _flash("success", done + (f" ({len(warnings)} warning(s): "
                                  + "; ".join(str(p) for p in warnings) + ")"
                                  if warnings else ""))
        return True
    if attempt.message:
        _flash("info", attempt.message)
    elif attempt.problems:
        errors = [p for p in attempt.problems if p.severity == "error"]
        _flash("error", f"Not applied: {len(errors)} problem(s), listed beside the rows they "
               "concern. Your entries are kept as a draft; correct them and check again.")
    return False


# -- names and values ----------------------------------------------------------------------


def _names(session: EditSession) -> dict[str, str]:
    names: dict[str, str] = {}
    for section in ("areas", "footprints", "duties", "organisations", "bodies", *EDITABLE):
        for ident, entry in session.entries(section).items():
            names[ident] = str(entry.data.get("name") or entry.data.get("title") or ident)
    return names


def _options(session: EditSession, targets: Sequence[str]) -> list[str]:
    names = _names(session)
    ids = [i for section in targets for i in session.entries(section)]
    return sorted(ids, key=lambda i: str(names.get(i, i)).casefold())


def _as_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _partial(value: Any) -> bool:
    """A date written as a year or a month (kept as written, in a text box)."""
    return value is not None and _as_day(value) is None


def _show(spec: FieldSpec, value: Any, names: Mapping[str, str]) -> str:
    if value is None or value == [] or value == "":
        return ""
    if spec.kind in ("ref",):
        return names.get(str(value), str(value))
    if spec.kind == "refs":
        return ", ".join(names.get(str(v), str(v)) for v in value)
    if spec.kind == "choice":
        return ui.humanise(str(value))
    if spec.kind == "choices":
        return ", ".join(ui.humanise(str(v)) for v in value)
    if spec.kind == "sources":
        return "; ".join(str(v) for v in value)
    if spec.kind == "bool":
        return "yes" if value else "no"
    if spec.kind == "nested" and isinstance(value, Mapping):
        return " ".join(str(v) for v in value.values() if v)
    if isinstance(value, list | dict):
        return yaml.safe_dump(value, default_flow_style=True, width=10**6).strip()
    return str(value)


# -- widgets from field specs ----------------------------------------------------------------


def _widget_key(prefix: str, spec: FieldSpec, value: Any) -> str:
    suffix = "_text" if spec.kind == "date" and _partial(value) else ""
    return f"{prefix}_{spec.name}{suffix}"


def _label(spec: FieldSpec) -> str:
    words = ui.humanise(spec.name).replace(" cy", " (Welsh)")
    return words + (" *" if spec.required else "")


def _field(spec: FieldSpec, value: Any, prefix: str, session: EditSession,
           names: Mapping[str, str]) -> None:
    """Draw the widget for one field (its value is read back by :func:`_read`)."""
    key = _widget_key(prefix, spec, value)
    help_text = spec.description or None
    label = _label(spec)
    if spec.kind == "bool":
        st.checkbox(label, value=bool(value), key=key, help=help_text)
    elif spec.kind in ("int", "number"):
        st.number_input(label, value=value, key=key, help=help_text,
                        step=1 if spec.kind == "int" else None)
    elif spec.kind == "date":
        if _partial(value):
            st.text_input(label, value=str(value), key=key, help=(
                "Written as a year or a month (2016 or 2016-04); a full date also works. "
                + (help_text or "")))
        else:
            st.date_input(label, value=_as_day(value), key=key, min_value=_FIRST_DAY,
                          max_value=_LAST_DAY, format="YYYY-MM-DD", help=help_text)
    elif spec.kind == "choice":
        options = list(spec.vocabulary)
        st.selectbox(label, options, index=options.index(value) if value in options else None,
                     key=key, format_func=ui.humanise, help=help_text, placeholder="Choose…")
    elif spec.kind == "choices":
        st.multiselect(label, list(spec.vocabulary),
                       default=[v for v in value or () if v in spec.vocabulary], key=key,
                       format_func=ui.humanise, help=help_text)
    elif spec.kind == "ref":
        options = _options(session, spec.targets)
        st.selectbox(label, options, index=options.index(value) if value in options else None,
                     key=key, format_func=lambda i: names.get(i, i), help=help_text,
                     placeholder="Choose…")
    elif spec.kind == "refs":
        options = _options(session, spec.targets)
        st.multiselect(label, options, default=[v for v in value or () if v in options],
                       key=key, format_func=lambda i: names.get(i, i), help=help_text)
    elif spec.kind == "sources":
        st.text_area(label, value="\n".join(str(v) for v in value or ()), key=key, height=90,
                     help="One per line: '<seed file>:L<line>' (004_1052c6d804dc056a.txt:"
                     "L3088) or 'public:<document name>'. Required for every new or changed "
                     "fact.")
    elif spec.kind == "nested" and spec.model is not None:
        inner = value if isinstance(value, Mapping) else {}
        for sub in fields_of(spec.model):
            st.text_input(f"{_label(spec).rstrip(' *')}: {sub.name}",
                          value=str(inner.get(sub.name) or ""),
                          key=f"{key}_{sub.name}", help=sub.description or None)
    elif spec.kind == "longtext":
        st.text_area(label, value=str(value or ""), key=key, height=80, help=help_text)
    elif spec.kind == "yaml":
        text = "" if value in (None, {}, []) else yaml.safe_dump(value, sort_keys=False)
        st.text_area(f"{label} (YAML)", value=text, key=key, height=80, help=help_text)
    else:
        st.text_input(label, value="" if value is None else str(value), key=key,
                      help=help_text)


class _Unreadable(ValueError):
    pass


def _read(spec: FieldSpec, value: Any, prefix: str) -> Any:
    """The value a field's widget holds now."""
    ss = st.session_state
    key = _widget_key(prefix, spec, value)
    got = ss.get(key)
    if spec.kind == "date":
        if isinstance(got, str):
            return got.strip() or None
        return got
    if spec.kind == "sources":
        return [line.strip() for line in str(got or "").splitlines() if line.strip()]
    if spec.kind in ("choices", "refs"):
        return list(got or [])
    if spec.kind == "nested" and spec.model is not None:
        inner = {sub.name: str(ss.get(f"{key}_{sub.name}") or "").strip()
                 for sub in fields_of(spec.model)}
        inner = {k: v for k, v in inner.items() if v}
        if not inner:
            return value if isinstance(value, str) else None  # keep 'none' as written
        return inner
    if spec.kind == "yaml":
        text = str(got or "").strip()
        if not text:
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise _Unreadable(f"'{spec.name}' is not valid YAML: {exc}") from None
    if spec.kind == "int" and isinstance(got, float):
        return int(got)
    return got


def _values(specs: Sequence[FieldSpec], start: Mapping[str, Any], prefix: str
            ) -> dict[str, Any]:
    """``start`` with every field the specs draw replaced by its widget's value."""
    out = dict(start)
    for spec in specs:
        if spec.kind == "parts":
            continue
        out[spec.name] = _read(spec, start.get(spec.name), prefix)
    return out


# -- callbacks -----------------------------------------------------------------------------


def _save_entity(section: str, ident: str, prefix: str, start: Mapping[str, Any]) -> None:
    session = _session()
    if session is None:
        return
    model = section_model(section)
    specs = fields_of(model, section)
    try:
        after = ordered(model, clean(_values(specs, start, prefix)))
    except _Unreadable as exc:
        _flash("error", str(exc))
        return
    new = ident == NEW
    target = (ident_of(after) or "") if new else ident
    what = SINGULAR[section]
    if new and not target:
        _flash("error", f"Give the new {what} an id (letters, digits, '-', '_' or '.').")
        return
    attempt = session.propose(section, target if new else ident, after, new=new)
    if new:
        # The form of a new entity keeps its draft under the id it was given.
        st.session_state[f"_edit_newdraft_{section}"] = target
    if _record(attempt, f"{'Added' if new else 'Changed'} {what} '{after.get('name')}'.") \
            and new:
        st.session_state[_PICK.format(section=section)] = target
        st.session_state.pop(f"_edit_newdraft_{section}", None)


def _save_row(section: str, ident: str, part: str, row: int | None, prefix: str,
              start: Mapping[str, Any]) -> None:
    session = _session()
    current = session.get(section, ident) if session is not None else None
    if session is None or current is None:
        return
    model = part_model(section, part)
    specs = fields_of(model, section, part)
    try:
        values = ordered(model, clean(_values(specs, start, prefix)))
    except _Unreadable as exc:
        _flash("error", str(exc))
        return
    rows = list(current.get(part) or [])
    if row is None:
        rows.append(values)
    else:
        rows[row] = values
    after = ordered(section_model(section), {**current, part: rows})
    singular = _PART_LABELS[part][1]
    number = len(rows) if row is None else row + 1
    _record(session.propose(section, ident, after),
            f"{'Added' if row is None else 'Changed'} {singular} {number} of "
            f"{current.get('name')}.")


def _remove_row(section: str, ident: str, part: str, row: int) -> None:
    session = _session()
    current = session.get(section, ident) if session is not None else None
    if session is None or current is None:
        return
    rows = list(current.get(part) or [])
    del rows[row]
    after = dict(current)
    after[part] = rows
    _record(session.propose(section, ident, after),
            f"Removed {_PART_LABELS[part][1]} {row + 1} of {current.get('name')}.")


def _remove_entity(section: str, ident: str) -> None:
    session = _session()
    if session is None:
        return
    if _record(session.propose(section, ident, None), f"Removed {SINGULAR[section]} "
               f"'{ident}'."):
        st.session_state[_PICK.format(section=section)] = NEW


def _undo(position: int) -> None:
    session = _session()
    if session is None:
        return
    attempt = session.undo(position)
    editing.put(attempt.session)
    if attempt.applied:
        _bump()
        _flash("success", f"Undid change {position + 1}.")
    else:
        _flash("error", "Cannot undo change " + str(position + 1) + ": "
               + "; ".join(str(p) for p in attempt.problems if p.severity == "error"))


def _discard(section: str, ident: str) -> None:
    session = _session()
    if session is not None:
        editing.put(session.discard((section, ident)))
        _bump()


def _start_again() -> None:
    found = editing.base()
    if found is not None:
        editing.drop(found[0])
    _bump()


# -- drawing -------------------------------------------------------------------------------


def _problem_lines(problems: Sequence[RowProblem]) -> None:
    for problem in problems:
        where = f" — {problem.where}" if problem.where else ""
        text = f"`{problem.problem}`{where}"
        if problem.severity == "error":
            st.error(text, icon=":material/error:")
        else:
            st.warning(text, icon=":material/warning:")


def _changes_panel(session: EditSession, source: str, day: dt.date) -> None:
    count = len(session.changes)
    drafts = len(session.drafts)
    with st.expander(f"Changes: {count} applied, {drafts} draft(s)", expanded=bool(count or
                                                                                  drafts),
                     icon=":material/history:"):
        if not count and not drafts:
            st.caption("No changes yet. What you change below is checked at once; valid "
                       "changes show on every page of this browser tab, and nowhere else.")
        names = _names(session)
        for position, change in enumerate(session.changes):
            lines = describe(change, names)
            left, right = st.columns([6, 1])
            with left:
                st.markdown(f"**{position + 1}. {lines[0]}**" + "".join(
                    f"\n- {line}" for line in lines[1:8])
                    + (f"\n- … and {len(lines) - 8} more" if len(lines) > 8 else ""))
            with right:
                st.button("Undo", key=f"_edit_undo_{position}_{_rev()}", on_click=_undo,
                          args=(position,), icon=":material/undo:")
        for (section, ident), draft in session.drafts.items():
            st.markdown(f"**Draft, not applied: {SINGULAR[section]} '{ident}'**")
            _problem_lines(draft.problems)
            st.button("Discard this draft", key=f"_edit_discard_{section}_{ident}_{_rev()}",
                      on_click=_discard, args=(section, ident), icon=":material/delete:")
        before, after = session.base_result.landscape, session.current.landscape
        if count and before is not None and after is not None:
            _diff_summary(before, after)
            _downloads(session, source, day)
            st.button("Discard every change", on_click=_start_again, type="tertiary",
                      icon=":material/restart_alt:", key="_edit_restart")


def _diff_summary(before: Any, after: Any) -> None:
    """What differs from the data as it was (the scenario diff's structural part)."""
    change = structural_diff(before, after)
    rows = []
    for label, table in (("Bodies", change.bodies), ("Organisations", change.organisations)):
        rows.append((label, len(table.added), len(table.removed), len(table.changed)))
    rows.append(("Seats", len(change.seats_added), len(change.seats_removed),
                 len(change.seats_changed)))
    rows.append(("Reporting lines", len(change.lines_added), len(change.lines_removed),
                 len(change.lines_changed)))
    rows.append(("Duty assignments", len(change.assignments_added),
                 len(change.assignments_removed), 0))
    st.caption("Compared with the data you started from:")
    st.dataframe(pd.DataFrame(rows, columns=["", "Added", "Removed", "Changed"]),
                 hide_index=True, width="content")


def _downloads(session: EditSession, source: str, day: dt.date) -> None:
    log = change_log(session, source=source)
    cols = st.columns(3)
    cols[0].download_button("Download the edited data (zip)", export_zip(session, log),
                            file_name="govmap-edited.zip", mime="application/zip",
                            icon=":material/download:", key="_edit_zip")
    cols[1].download_button("Download the change log", log, file_name="CHANGES.md",
                            mime="text/markdown", icon=":material/download:",
                            key="_edit_log")
    exported = to_scenario(session, day, base=session.base_result.landscape)
    if exported.operations and not exported.problems:
        cols[2].download_button("Download as a scenario", exported.text,
                                file_name="govmap-edits.yaml", mime="application/x-yaml",
                                icon=":material/download:", key="_edit_scenario")
    if exported.left_out:
        cols[2].caption("Not in the scenario (no operation for it): "
                        + "; ".join(exported.left_out[:5])
                        + ("…" if len(exported.left_out) > 5 else ""))
    if exported.problems:
        cols[2].caption("As a scenario on " + day.isoformat() + " it would not run: "
                        + "; ".join(p.message for p in exported.problems[:3]))


def _entity_table(session: EditSession, section: str, ids: Sequence[str],
                  names: Mapping[str, str]) -> None:
    specs = [s for s in fields_of(section_model(section), section)
             if s.kind not in ("longtext", "yaml", "nested", "sources")]
    rows = []
    for ident in ids:
        data = session.get(section, ident) or {}
        row: dict[str, Any] = {}
        for spec in specs:
            if spec.name in ID_FIELDS:
                continue
            label = ui.humanise(spec.name)
            if spec.kind == "parts":
                row[label] = len(data.get(spec.name) or ())
            else:
                row[label] = _show(spec, data.get(spec.name), names)
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=240)


def _entity_form(session: EditSession, section: str, ident: str,
                 names: Mapping[str, str]) -> None:
    model = section_model(section)
    specs = [s for s in fields_of(model, section) if s.kind != "parts"]
    draft_id = st.session_state.get(f"_edit_newdraft_{section}") if ident == NEW else ident
    draft = _draft(session, section, str(draft_id), new=ident == NEW) if draft_id else None
    start = dict(session.get(section, ident) or {}) if ident != NEW else {}
    prefix = f"_edit_{section}_{ident}_{_rev()}"
    what = SINGULAR[section]
    if draft is not None:
        entity_problems = [p for p in draft.problems if p.part is None]
        if entity_problems:
            st.markdown(f"**Problems with this {what} (not applied):**")
            _problem_lines(entity_problems)
    with st.form(key=f"_edit_form_{section}_{ident}_{_rev()}", border=True):
        st.markdown(f"**{'New ' + what if ident == NEW else names.get(ident, ident)}**")
        if ident != NEW:
            st.caption(f"Id: `{ident}`")
        shown = [s for s in specs if ident == NEW or s.name not in ID_FIELDS]
        _grid(shown, start, prefix, session, names)
        st.form_submit_button(
            f"Check and add this {what}" if ident == NEW else "Check and apply",
            on_click=_save_entity, args=(section, ident, prefix, start), type="primary",
            icon=":material/check:")
    if ident != NEW:
        st.button(f"Remove this {what}", on_click=_remove_entity, args=(section, ident),
                  icon=":material/delete:", key=f"_edit_remove_{section}_{ident}_{_rev()}",
                  type="tertiary")


def _draft(session: EditSession, section: str, ident: str, *, new: bool) -> Draft | None:
    """The draft of an entity: of a new one (whose id may clash with an existing one), or
    of a change to an existing one."""
    found = session.drafts.get((section, ident))
    if found is None or (found.change.before is None) != new:
        return None
    return found


def _grid(specs: Sequence[FieldSpec], values: Mapping[str, Any], prefix: str,
          session: EditSession, names: Mapping[str, str]) -> None:
    """The fields two by two, in the order a file writes them."""
    for start in range(0, len(specs), 2):
        for column, spec in zip(st.columns(2), specs[start:start + 2], strict=False):
            with column:
                _field(spec, values.get(spec.name), prefix, session, names)


def _row_of(part: str, row: Any) -> dict[str, Any]:
    if isinstance(row, Mapping):
        return dict(row)
    return {"duty": row} if part == "discharges" else {}


def _part(session: EditSession, section: str, ident: str, part: str,
          names: Mapping[str, str]) -> None:
    model = part_model(section, part)
    specs = fields_of(model, section, part)
    title, singular = _PART_LABELS.get(part, (ui.humanise(part), ui.humanise(part)))
    st.subheader(title, divider="gray")
    current = session.get(section, ident) or {}
    applied = [_row_of(part, r) for r in current.get(part) or ()]
    draft = _draft(session, section, ident, new=False)
    problems = [p for p in draft.problems if p.part == part] if draft else []
    shown = applied
    if draft is not None and draft.change.after is not None:
        shown = [_row_of(part, r) for r in draft.change.after.get(part) or ()]
    table = []
    for number, row in enumerate(shown):
        entry: dict[str, Any] = {"Row": number + 1}
        for spec in specs:
            if spec.kind in ("longtext",):
                continue
            entry[ui.humanise(spec.name)] = _show(spec, row.get(spec.name), names)
        entry["Status"] = ("applied" if number < len(applied) and row == applied[number]
                           else "draft, not applied")
        entry["Problems"] = " | ".join(p.problem.message for p in problems
                                       if p.index == number)
        table.append(entry)
    if table:
        frame = pd.DataFrame(table)
        if not any(frame["Problems"]):
            frame = frame.drop(columns=["Problems"])
        if (frame["Status"] == "applied").all():
            frame = frame.drop(columns=["Status"])
        st.dataframe(frame, hide_index=True, width="stretch")
    else:
        st.caption(f"No {title.lower()} yet.")
    if problems:
        _problem_lines(problems)

    choices: list[int | None] = [None, *range(len(applied))]
    pick_key = f"_edit_row_{section}_{ident}_{part}"

    def label(choice: int | None) -> str:
        if choice is None:
            return f"A new {singular}"
        row = applied[choice]
        first = specs[0]
        return f"Row {choice + 1}: {_show(first, row.get(first.name), names)}"

    chosen = st.selectbox(f"Add or change a {singular}", choices, key=pick_key,
                          format_func=label)
    row_values = applied[chosen] if chosen is not None else {}
    if chosen is None and draft is not None and problems and draft.change.after is not None:
        drafted = [_row_of(part, r) for r in draft.change.after.get(part) or ()]
        if len(drafted) > len(applied):
            row_values = drafted[-1]
    prefix = f"_edit_{section}_{ident}_{part}_{'new' if chosen is None else chosen}_{_rev()}"
    with st.form(key=f"_edit_rowform_{prefix}", border=True):
        _grid(specs, row_values, prefix, session, names)
        st.form_submit_button(f"Check and add this {singular}" if chosen is None
                              else "Check and apply", on_click=_save_row,
                              args=(section, ident, part, chosen, prefix, row_values),
                              type="primary", icon=":material/check:")
    if chosen is not None:
        st.button(f"Remove row {chosen + 1}", on_click=_remove_row,
                  args=(section, ident, part, chosen), icon=":material/delete:",
                  key=f"_edit_rmrow_{prefix}", type="tertiary")


def render() -> None:
    """Draw the Edit page."""
    ctx = shell.context()
    st.title("Edit")
    st.caption("Add and correct bodies, organisations, seats, reporting lines and duties. "
               "Each change is checked as `govmap validate --strict` checks files: sources "
               "and confidence are required for every new or changed fact. Valid changes "
               "show on every page in this browser tab only; download the edited files to "
               "keep them. The data on disk and uploaded files are never changed.")
    session = _session()
    if session is None:
        ctx.require()
        st.error("The data on screen could not be opened for editing; reload the page.")
        return
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "error": st.error}.get(kind, st.info)(text)
    found = editing.base()
    source = found[1] if found else ctx.source
    _changes_panel(session, source, ctx.day)

    names = _names(session)
    section = st.segmented_control("Table", list(EDITABLE), key=_SECTION,
                                   format_func=lambda s: _SECTION_LABELS.get(s, s),
                                   default="bodies") or "bodies"
    what = SINGULAR[section]
    query = st.text_input(f"Search {_SECTION_LABELS[section].lower()}", key=_SEARCH,
                          placeholder="Part of a name or id", icon=":material/search:")
    entries = session.entries(section)
    needle = (query or "").strip().casefold()
    ids = sorted((i for i in entries
                  if not needle or needle in i.casefold()
                  or needle in str(names.get(i, i)).casefold()),
                 key=lambda i: str(names.get(i, i)).casefold())
    pick_key = _PICK.format(section=section)
    picked = st.session_state.get(pick_key)
    options = [NEW, *ids]
    if picked not in options and picked in entries:
        options.insert(1, picked)
    elif picked not in options:
        st.session_state[pick_key] = NEW
    if ids:
        st.caption(f"{len(ids)} {_SECTION_LABELS[section].lower()} match.")
        _entity_table(session, section, ids, names)
    else:
        st.caption("Nothing matches.")
    ident = st.selectbox(f"{ui.humanise(what)} to edit", options, key=pick_key,
                         format_func=lambda i: f"➕ Add a new {what}" if i == NEW
                         else names.get(i, i))
    _entity_form(session, section, ident or NEW, names)
    if ident and ident != NEW and session.get(section, ident) is not None:
        for part in EDITABLE[section]:
            _part(session, section, ident, part, names)


if __name__ == "__main__":
    render()
