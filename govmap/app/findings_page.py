"""What the Duplication, Accountability and Duties pages share: findings and report tables.

Every row and sentence comes from :func:`govmap.report.build_report` for the chosen day
(``govmap report --as-at DAY``). This module only chooses which findings and tables a page
shows, hides id columns that have a name column beside them, and offers downloads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from govmap.app import cache, shell, spotlight, ui
from govmap.export.cells import frame_csv
from govmap.metrics.evidence import display_value, evidence_rows
from govmap.metrics.findings import CHECKED, CODES, SEVERITIES
from govmap.report import LISTINGS, Report

#: The finding codes each page shows.
PAGE_CODES: Mapping[str, tuple[str, ...]] = {
    "duplication": ("theme-duplication", "likely-duplicate", "parallel-seats", "theme-gap",
                    "straddle", "cuts-across"),
    "accountability": ("no-democratic-route", "reporting-cycle", "orphaned-sub-group",
                       "too-many-masters", "no-upward-line", "no-scrutiny",
                       "devolution-crossing", "long-line-of-sight"),
    "duties": ("duty-gap", "weaker-footing", "non-statutory-discharge", "duty-duplication"),
}

#: The report tables each page shows, with a heading and a sentence on how to read it.
PAGE_TABLES: Mapping[str, tuple[tuple[str, str, str], ...]] = {
    "duplication": (
        ("duplicate_pairs", "Pairs of bodies that look alike",
         "Pairs scoring 0.5 or more: the score combines how alike their themes, areas and "
         "members are (1 = identical)."),
        ("theme_coverage", "Themes by area",
         "For each council area and theme, the bodies covering it at each level."),
        ("parallel_seats", "Parallel seats",
         "An organisation sitting on boards with the same theme and level in 3 or more "
         "different footprints."),
        ("seat_load", "Seat load",
         "How many seats each organisation holds, by level and role."),
        ("brokers", "Brokers",
         "Organisations that connect otherwise separate parts of the network "
         "(betweenness)."),
        ("body_alignment", "Bodies cutting across their members' footprints",
         "A body whose footprint straddles the footprint of a member: they share areas and "
         "each has areas the other lacks."),
    ),
    "accountability": (
        ("line_of_sight", "Line of sight",
         "Each body's chain of upward lines (accountable to, reports to, sub-group of) "
         "towards national level."),
    ),
    "duties": (
        ("duty_coverage", "Duty coverage",
         "Each statutory duty and each unit it applies to, with the bodies discharging it."),
    ),
}

#: Headers for columns whose humanised name would be unclear.
HEADERS: Mapping[str, str] = {
    "a_name": "Body A", "b_name": "Body B", "a_level": "Level A", "b_level": "Level B",
    "a_family": "Family A", "b_family": "Family B", "x": "Family", "y": "Against family",
    "only_a": "Only in A", "only_b": "Only in B", "area_name": "Area", "body_name": "Body",
    "duty_name": "Duty", "unit_name": "Unit", "organisation_name": "Organisation",
    "council_name": "Council", "footprint_name": "Footprint", "body_names": "Bodies",
    "route_names": "Route", "jaccard": "Area overlap (Jaccard)",
    "population_jaccard": "Population overlap", "theme_jaccard": "Theme overlap",
    "area_jaccard": "Area overlap", "member_jaccard": "Member overlap",
}

SEVERITY_LABELS: Mapping[str, str] = {
    "high": "High", "medium": "Medium", "low": "Low", "info": "Info",
}


def _is_id_column(column: str, columns: Sequence[str]) -> bool:
    """True for an id column with a name column beside it (``area`` and ``area_name``)."""
    base = column.removesuffix("_ids")
    stems = {base, base.removesuffix("s"), base.removesuffix("ies") + "y"}
    return any(f"{stem}_{suffix}" in columns and f"{stem}_{suffix}" != column
               for stem in stems for suffix in ("name", "names"))


def _header(column: str) -> str:
    if column in HEADERS:
        return HEADERS[column]
    return ui.humanise(column.removesuffix("_names").removesuffix("_name"))


def _cell(value: Any, column: str) -> Any:
    """A cell as people read it: labels, names, rounded numbers (whole numbers stay
    numbers, so the column still sorts)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False)
    return display_value(value, column)


def frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Report rows as a table for people: names instead of ids, lists as text."""
    if not rows:
        return pd.DataFrame()
    columns = list(rows[0])
    kept = [c for c in columns if not _is_id_column(c, columns)]
    headers: list[str] = []
    for column in kept:
        header = _header(column)
        while header in headers:
            header += " "  # two columns with one header: keep both, visibly alike
        headers.append(header)
    data = [[_cell(row.get(c), c) for c in kept] for row in rows]
    return pd.DataFrame(data, columns=headers)


def finding_frame(report: Report, codes: Sequence[str]) -> pd.DataFrame:
    """The findings with these codes, one row each: severity, what, sentence, subjects."""
    rows = [row for row in report.finding_rows() if row["code"] in codes]
    return pd.DataFrame(
        [{"Severity": SEVERITY_LABELS.get(r["severity"], r["severity"]),
          "Finding": r["message"],
          "What": CODES.get(r["code"], r["code"]),
          "Concerns": ", ".join(r["subject_names"]),
          "Code": r["code"], "Evidence": r["evidence"], "Id": r["id"],
          "Subjects": r["subjects"]} for r in rows],
        columns=["Severity", "Finding", "What", "Concerns", "Code", "Evidence", "Id",
                 "Subjects"])


def table_rows(report: Report, name: str) -> tuple[list[dict[str, Any]], str]:
    """The rows of a report table shown to people, and a line on what was left out: a table
    of :data:`govmap.report.LISTINGS` keeps only rows meeting its finding's definition."""
    if name not in LISTINGS:
        return report.table(name), ""
    listing = report.listing(name)
    return listing.rows, listing.passed_line()


def passed_caption(report: Report, codes: Sequence[str]) -> str:
    """``"Checked and passed: no democratic route, 99 bodies; ..."`` for these codes."""
    parts = [f"{ui.humanise(c).lower()}, {report.passed(c)} {CHECKED[c]}"
             for c in codes if c in CHECKED and report.passed(c)]
    return ("Checked and passed: " + "; ".join(parts) + ".") if parts else ""


def _evidence(evidence_json: str, names: Mapping[str, str]) -> None:
    try:
        evidence = json.loads(evidence_json)
    except ValueError:
        st.code(evidence_json, language=None)
        return
    rows = [{"Evidence": head, "Value": text} for head, text in evidence_rows(evidence, names)]
    st.dataframe(pd.DataFrame(rows, columns=["Evidence", "Value"]), hide_index=True,
                 width="stretch")


def render_page(page: str, title: str, intro: str) -> None:
    """Draw one findings page: headline counts, findings with evidence, tables, downloads."""
    ctx = shell.context()
    ctx.require()
    assert ctx.full is not None
    report = cache.report(ctx.key, ctx.day, ctx.full)
    codes = PAGE_CODES[page]
    st.title(title)
    st.caption(f"{intro} As at {ctx.day:%-d %B %Y}, {ui.escape(ctx.source)}. The same findings as "
               f"`govmap report --as-at {ctx.day.isoformat()}`.")

    findings = finding_frame(report, codes)
    by_severity = report.summary.get("findings_by_severity", {})
    by_code = report.summary.get("findings_by_code", {})
    headline = sorted(codes, key=lambda c: (by_code.get(c, 0) == 0, codes.index(c)))[:4]
    columns = st.columns(len(headline))
    for column, code in zip(columns, headline, strict=True):
        column.metric(ui.humanise(code), by_code.get(code, 0), border=True,
                      help=CODES.get(code))
    st.caption("Findings of every kind in the report: " + ", ".join(
        f"{by_severity.get(s, 0)} {s}" for s in SEVERITIES) + ".")

    st.subheader("Findings", divider="gray")
    left, middle, right = st.columns([2, 2, 3])
    severities = left.multiselect("Severity", list(SEVERITIES), key=f"_govmap_{page}_sev",
                                  placeholder="Any severity")
    kinds = middle.multiselect("Kind of finding", list(codes), key=f"_govmap_{page}_code",
                               format_func=ui.humanise, placeholder="Any kind")
    text = right.text_input("Contains", key=f"_govmap_{page}_text",
                            placeholder="a name, e.g. Cardiff", icon=":material/search:")
    shown = findings
    if severities:
        shown = shown[shown["Severity"].isin([SEVERITY_LABELS[s] for s in severities])]
    if kinds:
        shown = shown[shown["Code"].isin(kinds)]
    if text.strip():
        needle = text.strip().casefold()
        shown = shown[shown["Finding"].str.casefold().str.contains(needle, regex=False)
                      | shown["Concerns"].str.casefold().str.contains(needle, regex=False)]
    st.caption(f"{len(shown)} of {len(findings)} finding(s). Click a row to see its "
               "evidence; click a column header to sort.")
    selection = st.dataframe(
        shown.drop(columns=["Evidence", "What", "Code", "Id", "Subjects"]), hide_index=True,
        width="stretch",
        height=360, on_select="rerun", selection_mode="single-row",
        key=f"_govmap_{page}_table",
        column_config={"Severity": st.column_config.TextColumn(width=90),
                       "Finding": st.column_config.TextColumn(width=760)},
    )
    picked = list(getattr(getattr(selection, "selection", None), "rows", []) or [])
    if len(shown):
        row = shown.iloc[picked[0] if picked and picked[0] < len(shown) else 0]
        with st.container(border=True):
            st.markdown(f"**{ui.escape(str(row['Finding']))}**")
            st.caption(ui.escape(f"{row['Severity']} · {row['What']}"))
            _evidence(str(row["Evidence"]), report.names)
            spotlight.button(list(row["Subjects"]), widget_key=f"_govmap_{page}_show")
    elif len(findings) == 0:
        st.success("No findings of these kinds on this day.", icon=":material/check_circle:")

    passed = passed_caption(report, codes)
    if passed:
        st.caption(passed)

    for name, heading, about in PAGE_TABLES[page]:
        rows, left_out = table_rows(report, name)
        table = frame(rows)
        st.subheader(heading, divider="gray")
        st.caption(f"{about} {len(table)} row(s); table `{name}` of the report. {left_out}")
        if table.empty:
            st.info("Nothing to show on this day.")
            continue
        st.dataframe(table, hide_index=True, width="stretch", height=320,
                     key=f"_govmap_{page}_{name}")
        st.download_button(f"Download {heading.lower()} (CSV)", frame_csv(table),
                           file_name=f"govmap-{name}-{ctx.day.isoformat()}.csv",
                           mime="text/csv", key=f"_govmap_{page}_{name}_csv",
                           icon=":material/download:")

    st.subheader("Downloads", divider="gray")
    one, two, three = st.columns(3)
    one.download_button("Findings shown (CSV)", frame_csv(shown.drop(columns=["Subjects"])),
                        file_name=f"govmap-{page}-findings-{ctx.day.isoformat()}.csv",
                        mime="text/csv", icon=":material/download:")
    two.download_button("Whole report (XLSX)", cache.report_xlsx(ctx.key, ctx.day, report),
                        file_name=f"govmap-report-{ctx.day.isoformat()}.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        icon=":material/table:")
    three.download_button("Whole report (Markdown)",
                          cache.report_markdown(ctx.key, ctx.day, report, ctx.full),
                          file_name=f"govmap-report-{ctx.day.isoformat()}.md",
                          mime="text/markdown", icon=":material/description:")
