"""Scenarios page: change the landscape on paper and see what the change does.

A scenario is a YAML file (``docs/scenarios.md``). Choose a shipped one, upload one, or
build one with the widgets; the page applies it with :func:`govmap.scenario.apply.run` and
compares with :func:`govmap.scenario.diff.diff`, exactly as
``govmap scenario FILE.yaml`` does, and offers the YAML so the scenario can be kept,
reviewed and run again with the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from govmap.app import cache, shell, ui
from govmap.app.shell import key
from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.scenario.deltas import CHANGED_COLUMNS, FindingRow, changed_finding_rows
from govmap.state import pack_scenario, unpack_scenario

SOURCES = ("Shipped", "Upload", "Build")
_SOURCE = "_govmap_scn_source"
_UPLOAD = "_govmap_scn_upload"
_OPS = "_govmap_scn_ops"
_LOADED = "_govmap_scn_loaded"
_SIDE = "_govmap_scn_side"
DEFAULT_DESCRIPTION = "A change drafted in the govmap explorer."

OPERATION_LABELS: dict[str, str] = {
    "merge": "Merge these bodies",
    "dissolve": "Dissolve a body",
    "move_line": "Move a reporting line",
    "regionalise": "Regionalise a kind of body by a footprint family",
}
DEFAULT_SOURCE = "public:scenario drafted in the govmap explorer"


def _builder(full: Landscape, day: dt.date) -> tuple[str, str] | None:
    """Widgets that write a scenario; its YAML text and file name, once it has a step."""
    ss = st.session_state
    ops: list[dict[str, Any]] = ss.setdefault(_OPS, [])
    bodies = sorted(full.bodies, key=lambda i: full.name_of(i).casefold())
    actors = sorted([*full.bodies, *full.organisations], key=lambda i: full.name_of(i).casefold())
    with st.container(border=True):
        st.markdown("**Add a step**")
        kind = st.selectbox("Operation", list(OPERATION_LABELS),
                            format_func=lambda op: OPERATION_LABELS[op], key="_govmap_scn_op")
        step: dict[str, Any] | None = None
        if kind == "merge":
            chosen = st.multiselect("Bodies to merge", bodies, format_func=full.name_of,
                                    key="_govmap_scn_merge", placeholder="Two or more bodies")
            name = st.text_input("Name of the merged body (optional)",
                                 key="_govmap_scn_merge_name")
            if len(chosen) >= 2:
                step = {"op": "merge", "bodies": chosen} | ({"name": name} if name else {})
        elif kind == "dissolve":
            body = st.selectbox("Body to dissolve", bodies, index=None,
                                format_func=full.name_of, key="_govmap_scn_dissolve")
            to = st.selectbox("Its sub-groups and duties go to (optional)", bodies, index=None,
                              format_func=full.name_of, key="_govmap_scn_dissolve_to",
                              placeholder="Its parent body")
            if body:
                step = {"op": "dissolve", "body": body} | ({"to": to} if to else {})
        elif kind == "move_line":
            body = st.selectbox("Body", bodies, index=None, format_func=full.name_of,
                                key="_govmap_scn_move")
            to = st.selectbox("Now reports to", actors, index=None, format_func=full.name_of,
                              key="_govmap_scn_move_to")
            line = st.selectbox("As", list(vocab.UPWARD_LINE_TYPES | {"scrutinised_by"}),
                                index=None, format_func=ui.humanise, key="_govmap_scn_move_type",
                                placeholder="The same kind of line as before")
            if body and to:
                step = {"op": "move_line", "body": body, "to": to} | (
                    {"type": line} if line else {})
        else:
            kinds = sorted({b.kind for b in full.bodies.values()})
            families = sorted({f.family for f in full.footprints.values()})
            body_kind = st.selectbox("Every body of this kind", kinds, index=None,
                                     format_func=ui.humanise, key="_govmap_scn_reg_kind")
            family = st.selectbox("becomes one body per", families, index=None,
                                  format_func=ui.humanise, key="_govmap_scn_reg_family")
            if body_kind and family:
                step = {"op": "regionalise", "kind": body_kind, "family": family}
        add, undo, clear = st.columns(3)
        if add.button("Add this step", disabled=step is None, icon=":material/add:",
                      type="primary") and step is not None:
            ops.append(step)
        if undo.button("Remove the last step", disabled=not ops, icon=":material/undo:"):
            ops.pop()
        if clear.button("Start again", disabled=not ops, icon=":material/delete:"):
            ops.clear()
        if ops:
            st.markdown("**Steps so far**, applied in this order:\n\n" + "\n".join(
                f"{number}. {ui.escape(describe_step(step, full))}"
                for number, step in enumerate(ops, 1)))
    ss.setdefault("_govmap_scn_name", "My scenario")
    ss.setdefault("_govmap_scn_description", DEFAULT_DESCRIPTION)
    ss.setdefault("_govmap_scn_sources", DEFAULT_SOURCE)
    name = st.text_input("Scenario name", key="_govmap_scn_name")
    description = st.text_area("What it tests, and why", key="_govmap_scn_description")
    sources = st.text_input("Source", key="_govmap_scn_sources",
                            help="Where the idea comes from: '<seed file>:L<line>' or "
                            "'public:<document>'.")
    if not ops:
        st.info("Add a step to see what it changes. The scenario applies on the sidebar's "
                f"date ({day:%-d %B %Y}).", icon=":material/info:")
        ss[key("built")] = ""
        return None
    document = {"name": name or "My scenario",
                "description": description or DEFAULT_DESCRIPTION,
                "date": day.isoformat(), "sources": [sources or DEFAULT_SOURCE],
                "operations": ops}
    # the built scenario is part of the view: the address (and so a copied link) holds
    # it, packed, leaving out what is at its default
    packed = {k: v for k, v in document.items()
              if not (k == "description" and v == DEFAULT_DESCRIPTION)
              and not (k == "sources" and v == [DEFAULT_SOURCE])}
    ss[key("built")] = ss[_LOADED] = pack_scenario(packed)
    ss[key("scenario")] = None
    text = "# Drafted in the govmap explorer. Run: govmap scenario this-file.yaml\n" + \
        yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=88)
    return text, "scenario.yaml"


def describe_step(step: dict[str, Any], full: Landscape) -> str:
    """One step of a scenario in words, with names."""
    name = full.name_of
    op = step.get("op")
    if op == "merge":
        merged = ui.names([name(str(b)) for b in step.get("bodies", [])])
        return f"Merge {merged}" + (f" into “{step['name']}”" if step.get("name") else "")
    if op == "dissolve":
        return f"Dissolve {name(str(step.get('body')))}" + (
            f"; its sub-groups and duties go to {name(str(step['to']))}"
            if step.get("to") else "")
    if op == "move_line":
        line = ui.humanise(str(step.get("type", "reports_to"))).lower()
        return f"{name(str(step.get('body')))} now {line} {name(str(step.get('to')))}"
    if op == "regionalise":
        return (f"Every {ui.humanise(str(step.get('kind'))).lower()} becomes one body per "
                f"{ui.humanise(str(step.get('family'))).lower()}")
    return ui.humanise(str(op))


def _from_link(token: str) -> None:
    """Put a built scenario from the address into the builder (before its widgets)."""
    ss = st.session_state
    if not token or ss.get(_LOADED) == token:
        return
    document = unpack_scenario(token)
    ss[_LOADED] = token
    if document is None:
        return
    ss[_OPS] = [op for op in document["operations"] if isinstance(op, dict)]
    ss["_govmap_scn_name"] = str(document.get("name") or "My scenario")
    ss["_govmap_scn_description"] = str(document.get("description") or DEFAULT_DESCRIPTION)
    found = document.get("sources")
    ss["_govmap_scn_sources"] = str(found[0]) if isinstance(found, list) and found \
        else DEFAULT_SOURCE
    ss[_SOURCE] = "Build"


def _choose(full: Landscape, day: dt.date) -> tuple[str, str] | None:
    """The scenario to show: its YAML text and file name, or None."""
    ss = st.session_state
    if ss.get(_SOURCE) is None:
        ss[_SOURCE] = "Shipped"
    source = st.segmented_control("Scenario", SOURCES, key=_SOURCE, required=True,
                                  label_visibility="collapsed",
                                  format_func=lambda s: {"Shipped": "Shipped scenarios",
                                                         "Upload": "Upload one",
                                                         "Build": "Build one"}[s])
    if source != "Build":
        ss[key("built")] = ""
    if source == "Upload":
        ss[key("scenario")] = None
        st.caption("An uploaded scenario stays on this machine: a link to this page does "
                   "not carry it (download it and send the file).")
        given = st.file_uploader("A scenario file (.yaml)", type=["yaml", "yml"], key=_UPLOAD,
                                 help="The format is in docs/scenarios.md.")
        if given is None:
            return None
        try:
            return given.getvalue().decode("utf-8"), given.name
        except UnicodeDecodeError:
            st.error(f"{ui.escape(given.name)}: this is not a text file (UTF-8); save it "
                     "as YAML and upload it again.")
            return None
    if source == "Build":
        return _builder(full, day)
    shipped = cache.shipped_scenarios()
    if not shipped:
        st.info("This version of govmap ships no scenarios (data/scenarios/ is empty). "
                "Upload one or build one.", icon=":material/info:")
        return None
    if ss.get(key("scenario")) not in shipped:
        ss[key("scenario")] = next(iter(shipped))
    stem = st.selectbox("Shipped scenario", list(shipped), key=key("scenario"),
                        format_func=lambda s: shipped[s][0], persist_state="session")
    return shipped[stem][1], f"data/scenarios/{stem}.yaml"


def _findings(rows: Sequence[FindingRow]) -> pd.DataFrame:
    return pd.DataFrame([{"Severity": ui.humanise(r.severity), "Finding": r.message}
                         for r in rows], columns=["Severity", "Finding"])


def render() -> None:
    """Draw the Scenarios page."""
    ctx = shell.context()
    ctx.require()
    assert ctx.full is not None
    st.title("Scenarios")
    st.caption("Merge, dissolve, move or regionalise on paper, and see what the change does "
               "to seats, duties and findings, before you propose it.")
    _from_link(ctx.state.built)
    chosen = _choose(ctx.full, ctx.day)
    if chosen is None:
        return
    text, file = chosen
    outcome = cache.scenario_outcome(ctx.key, text, file, ctx.full)
    scenario = outcome.scenario
    if scenario is not None:
        with st.container(border=True):
            st.subheader(ui.escape(scenario.name))
            st.markdown(ui.escape(scenario.description.strip()))
            if st.session_state.get(_SOURCE) == "Build":
                when = (f"Applies to the landscape as at {scenario.date:%-d %B %Y}, the "
                        "sidebar's date")
            else:
                when = (f"Applies to the landscape as at {scenario.date:%-d %B %Y}, the "
                        "scenario's own date (the sidebar's date, "
                        f"{ctx.day:%-d %B %Y}, is not used here)")
            st.caption(f"{when} · {len(scenario.operations)} step(s) · "
                       f"sources: {ui.escape(', '.join(scenario.sources)) or 'none'}")
            if scenario.outcome:
                st.markdown(f"**What the sources say happened:** "
                            f"{ui.escape(scenario.outcome.strip())}")
    st.download_button("Download the scenario (YAML)", text,
                       file_name=file.rsplit("/", 1)[-1], mime="application/x-yaml",
                       icon=":material/download:",
                       help="Keep it, review it, and run it again with "
                       "`govmap scenario FILE.yaml`.")
    if outcome.diff is None:
        ui.show_problems(list(outcome.problems), title=(
            "This scenario cannot be applied, so nothing was changed. Fix these and try "
            "again:"))
        return
    change = outcome.diff
    metrics = change.metrics

    resolved = metrics.findings_resolved if metrics else ()
    introduced = metrics.findings_introduced if metrics else ()
    changed_rows = changed_finding_rows(metrics.findings_changed if metrics else (),
                                        change.names)
    changed_count = len({row["Finding"] for row in changed_rows})
    measures = pd.DataFrame(
        [{"Measure": ui.humanise(label), "Before": before, "After": after,
          "Change": f"{after - before:+d}" if after != before else "±0"}
         for label, (before, after) in change.totals.items()],
        columns=["Measure", "Before", "After", "Change"])
    source = f"govmap, {ctx.source}"
    table, closed_count, opened_count, changed_count_box = st.columns([3, 1, 1, 1],
                                                                      gap="small")
    with table:
        st.dataframe(measures, hide_index=True, width="stretch",
                     height=35 * (len(measures) + 1) + 3)
    closed_count.metric("Findings closed", len(resolved), border=True)
    opened_count.metric("Findings opened", len(introduced), border=True)
    changed_count_box.metric("Findings changed", changed_count, border=True,
                             help="Findings on both sides whose evidence changed (the "
                             "same organisation on fewer boards, say).")
    if change.metrics_note:
        st.caption(change.metrics_note)
    side = st.segmented_control(
        "Show", ["both", "before", "after"], key=_SIDE, required=True, default="both",
        format_func=lambda s: {"both": "Before and after on one picture",
                               "before": "Before", "after": "After"}[s],
        help="One network: what the scenario adds (blue ring), removes (red dashed ring, "
        "faint) and changes (orange ring).")
    st.iframe(cache.scenario_network(ctx.key, text, file, side or "both",
                                     ctx.state.presenter, source, outcome),
              height=860, alt=f"The network, {side}, of the scenario")

    opened, closed = st.columns(2, gap="large")
    with opened:
        st.subheader(f"Findings opened ({len(introduced)})", divider="red")
        if introduced:
            st.dataframe(_findings(introduced), hide_index=True, width="stretch")
        else:
            st.caption("None.")
    with closed:
        st.subheader(f"Findings closed ({len(resolved)})", divider="green")
        if resolved:
            st.dataframe(_findings(resolved), hide_index=True, width="stretch")
        else:
            st.caption("None.")

    st.subheader(f"Findings changed ({changed_count})", divider="orange")
    st.caption("The same finding before and after, with different evidence: one row per "
               "item that changed, its value before and after (a list by its length, with "
               "what came and went). The sentence is the finding after the scenario.")
    if changed_rows:
        st.dataframe(pd.DataFrame(changed_rows, columns=list(CHANGED_COLUMNS)),
                     hide_index=True, width="stretch", key="_govmap_scn_changed",
                     height=min(420, 35 * (len(changed_rows) + 1) + 3),
                     # narrow enough that the names that came and went show at 1280 px
                     column_config={
                         "Severity": st.column_config.TextColumn(width=70),
                         "Finding": st.column_config.TextColumn(width=360),
                         "What changed": st.column_config.TextColumn(width=105),
                         "Before": st.column_config.TextColumn(width=62),
                         "After": st.column_config.TextColumn(width=62),
                         "Details": st.column_config.TextColumn(width=420)})
    else:
        st.caption("None.")

    st.subheader("What changes", divider="gray")
    name = change.name
    bodies, seats, duties = st.tabs(["Bodies", "Seats", "Duties"])
    with bodies:
        rows = ([{"Change": "Added", "Body": name(i)} for i in change.bodies.added]
                + [{"Change": "Removed", "Body": name(i)} for i in change.bodies.removed]
                + [{"Change": "Changed: " + ", ".join(c.field for c in e.changes),
                    "Body": name(e.id)} for e in change.bodies.changed])
        st.dataframe(pd.DataFrame(rows, columns=["Change", "Body"]), hide_index=True,
                     width="stretch")
    with seats:
        st.dataframe(pd.DataFrame(
            [{"Organisation": name(s.organisation), "Seats before": s.before,
              "Seats after": s.after} for s in change.seat_counts],
            columns=["Organisation", "Seats before", "Seats after"]),
            hide_index=True, width="stretch")
    with duties:
        rows = [{"Duty": name(h.duty), "Loses its home in": ", ".join(map(name, h.lost)),
                 "Gains a home in": ", ".join(map(name, h.gained))} for h in change.duty_homes]
        rows += [{"Duty": name(a.duty), "Loses its home in": "",
                  "Gains a home in": f"now discharged by {name(a.body)}"}
                 for a in change.assignments_added]
        st.dataframe(pd.DataFrame(rows, columns=["Duty", "Loses its home in",
                                                 "Gains a home in"]),
                     hide_index=True, width="stretch")

    text_briefing = cache.scenario_briefing(ctx.key, text, file, outcome)
    with st.expander("The briefing (what `govmap scenario` prints)"):
        st.markdown(text_briefing)
    st.download_button("Download the briefing (Markdown)", text_briefing,
                       file_name=file.rsplit("/", 1)[-1].rsplit(".", 1)[0] + "-briefing.md",
                       mime="text/markdown", icon=":material/description:")


if __name__ == "__main__":
    render()
