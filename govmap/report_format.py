"""Formats of a report: Markdown for people, CSV files and an XLSX workbook for analysts.

JSON lives with the report itself (:func:`govmap.report.to_json`). Nothing here computes
a metric: each function only lays out what :func:`govmap.report.build_report` found.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from govmap.export.cells import as_text_cell, csv_text
from govmap.files import check_folder, make_folder, write_output
from govmap.markup import markdown_text
from govmap.metrics.common import Row, and_list, label, plural
from govmap.metrics.duplication import LIKELY_DUPLICATE
from govmap.metrics.evidence import evidence_rows
from govmap.metrics.findings import CODES, SEVERITIES, Finding
from govmap.metrics.seats import PARALLEL_SEATS
from govmap.model.landscape import Landscape
from govmap.report import TABLES, Report

#: Footprint families in words, for headings and sentences.
FAMILY_NAMES: Mapping[str, str] = {
    "local_authority": "council areas",
    "police_force_area": "police force areas",
    "health_board_area": "health board areas",
    "fire_area": "fire and rescue areas",
    "psb_area": "PSB areas",
    "safeguarding_area": "safeguarding areas",
    "regional_partnership_area": "regional partnership areas",
    "area_planning_area": "area planning board areas",
    "vawdasv_region": "VAWDASV regions",
    "youth_justice_area": "youth justice areas",
    "region": "other regions",
    "nation": "nations",
    "custom": "custom footprints",
}

#: Short column headings for the family matrix.
FAMILY_SHORT: Mapping[str, str] = {
    "police_force_area": "Police", "health_board_area": "Health", "fire_area": "Fire",
    "psb_area": "PSB", "safeguarding_area": "Safeguarding",
    "regional_partnership_area": "RPB", "area_planning_area": "APB",
    "vawdasv_region": "VAWDASV", "youth_justice_area": "YOT", "region": "Region",
    "custom": "Custom", "local_authority": "Council", "nation": "Nation",
}

SEVERITY_WORDS: Mapping[str, str] = {
    "high": "high", "medium": "medium", "low": "low", "info": "for information",
}

#: Rows shown per table in the Markdown report; the other formats have them all.
TOP = 10


def family_name(family: str) -> str:
    return FAMILY_NAMES.get(family, label(family))


# -- Markdown --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value) or "–"
    return markdown_text(str(value))


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(markdown_text(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _more(total: int, shown: int, what: str) -> list[str]:
    if total <= shown:
        return []
    return [f"*… and {total - shown} more {what}: see the JSON, CSV or XLSX report.*", ""]


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _by_code(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.code].append(finding)
    return grouped


def _passed(count: int) -> list[str]:
    """The line under a list shown to people: how many candidates met no definition."""
    if count <= 0:
        return []
    return [f"*{count} other{'s' if count > 1 else ''} checked and passed.*", ""]


#: The evidence the Markdown report shows under each finding of a code (the explorer shows
#: it all): the chain followed and its sources, the shares behind a score, what is missing.
MARKDOWN_EVIDENCE: Mapping[str, tuple[str, ...]] = {
    "no-democratic-route": ("steps",), "no-scrutiny": ("steps",),
    "too-many-masters": ("steps",), "reporting-cycle": ("steps",),
    "long-line-of-sight": ("steps",), "devolution-crossing": ("source",),
    "likely-duplicate": ("theme_jaccard", "area_jaccard", "member_jaccard", "shared_themes",
                         "shared_members"),
    "theme-duplication": ("shared_members",),
    "weaker-footing": ("required_members",),
    "duty-gap": ("required_members", "partial"),
}


def _finding_item(finding: Finding, names: Mapping[str, str]) -> list[str]:
    fields = MARKDOWN_EVIDENCE.get(finding.code, ())
    rows = evidence_rows(finding.evidence, names, only=fields) if fields else []
    return [f"- **{finding.severity}**: {markdown_text(finding.message)}",
            *(f"  - {head}: {markdown_text(text)}" for head, text in rows)]


def _finding_list(findings: Sequence[Finding], limit: int = 15,
                  report: Report | None = None) -> list[str]:
    names = report.names if report is not None else {}
    # a chain followed says more than a body with no line at all: longest chains first
    findings = sorted(findings, key=lambda f: -len(f.evidence.get("path") or ()))
    lines = [line for f in findings[:limit] for line in _finding_item(f, names)]
    out = [*lines, "", *_more(len(findings), min(limit, len(findings)), "findings")]
    if report is not None and findings:
        out += _passed(report.passed(findings[0].code))
    return out


def to_markdown(report: Report, landscape: Landscape) -> str:
    """The report as Markdown a review team can hand on: a summary, then each section.

    Every table names things by name, shows its most important rows (up to :data:`TOP`)
    and says what its numbers mean. ``landscape`` is the landscape the report was built
    on; rows and findings already carry names, and it names anything they do not.
    """
    found = _by_code(report.findings)
    out: list[str] = []
    out += _summary(report, landscape, found)
    out += _footprints(report, found)
    out += _duplication(report, found)
    out += _duties(report, found)
    out += _accountability(report, found)
    out += _definitions(report)
    return "\n".join(out).rstrip() + "\n"


def _summary(report: Report, landscape: Landscape,
             found: Mapping[str, list[Finding]]) -> list[str]:
    s = report.summary
    when = f"as at {report.as_at}" if report.as_at else "across all dates"
    out = [
        f"# Governance map: evidence report{' ' + when if report.as_at else ''}", "",
        f"*The landscape {when}: {plural(s['bodies'], 'body', 'bodies')} (boards, "
        f"partnerships and groups), {plural(s['organisations'], 'organisation')}, "
        f"{plural(s['footprints'], 'footprint')} over {plural(s['areas'], 'area')}, "
        f"{plural(s['duties'], 'statutory duty', 'statutory duties')}.*", "",
        "## Summary", "",
    ]
    sev = s["findings_by_severity"]
    counts = ", ".join(f"{sev[k]} {SEVERITY_WORDS[k]}" for k in SEVERITIES if sev.get(k))
    out += [f"The map yields **{plural(s['findings'], 'finding')}** ({counts or 'none'}).", ""]
    points: list[str] = []
    straddles = _ranked_straddles(report)
    if straddles:
        examples = markdown_text("; ".join(f"{r['a_name']} with {r['b_name']}"
                                           for r in straddles[:3]))
        points.append(
            f"**Footprints.** {plural(len(straddles), 'pair')} of footprints of different "
            f"families straddle each other (share areas, but each has areas the other "
            f"lacks). Among them: {examples}.")
    if report.area_complexity and report.area_complexity[0]["partner_sets"]:
        most = report.area_complexity[0]["partner_sets"]
        tops = [markdown_text(r["council_name"] or r["area_name"])
                for r in report.area_complexity if r["partner_sets"] == most]
        points.append(
            f"**Complexity.** {and_list(tops, limit=4)} "
            f"{'is' if len(tops) == 1 else 'are'} asked to work in {most} different "
            "groupings of neighbouring councils (police, fire, health and regional board "
            "areas), the most of any area.")
    gaps = [r for r in report.duty_coverage if r["status"] == "gap"]
    dups = [r for r in report.duty_coverage if r["status"] == "duplicated"]
    weak = [r for r in report.duty_coverage if r["weaker_footing"]]
    if report.duty_coverage:
        points.append(
            f"**Duties.** Of {plural(len(report.duty_coverage), 'place')} where a statutory "
            f"duty applies, {len(gaps)} have no body discharging it, {len(dups)} have more "
            f"than one, and in {len(weak)} the body discharging it lacks a member the law "
            "requires.")
    no_route = found.get("no-democratic-route", [])
    no_line = found.get("no-upward-line", [])
    points.append(
        f"**Accountability.** {plural(len(no_route), 'body', 'bodies')} have no chain of "
        f"reporting lines to anyone elected; {len(no_line)} report to nobody at all; "
        f"{len(found.get('too-many-masters', []))} answer to more than one master.")
    likely = found.get("likely-duplicate", [])
    themed = found.get("theme-duplication", [])
    points.append(
        f"**Duplication.** {plural(len(themed), 'set')} of bodies "
        f"{'covers' if len(themed) == 1 else 'cover'} the same theme at the same level in "
        f"the same places; {plural(len(likely), 'pair')} of bodies "
        f"{'looks' if len(likely) == 1 else 'look'} like duplicates of each other.")
    if report.seat_load and report.seat_load[0]["seats"]:
        busiest = report.seat_load[0]
        points.append(
            f"**Seats.** {markdown_text(busiest['organisation_name'])} sits on the most bodies "
            f"({busiest['seats']}).")
    if report.brokers and report.brokers[0]["betweenness"] > 0:
        broker = report.brokers[0]
        points.append(
            f"**Brokers.** {markdown_text(broker['organisation_name'])} holds the structure "
            "together: "
            f"{_pct(broker['betweenness'])} of shortest paths between the other "
            "organisations and bodies run through it.")
    out += [f"- {p}" for p in points] + [""]
    high = _by_code(f for f in report.findings if f.severity == "high")
    if high:
        out += ["### The most serious findings", ""]
        for code, group in high.items():
            who = [markdown_text(report.names.get(f.subjects[0])
                                 or landscape.name_of(f.subjects[0])) for f in group]
            out.append(f"- **{CODES[code].capitalize()}**: {len(group)} "
                       f"finding{'s' if len(group) > 1 else ''}, concerning "
                       f"{and_list(who, limit=5)}.")
        out.append("")
    return out


#: Families whose footprints are organisations' boundaries: their straddles come first.
ORGANISATIONAL_FAMILIES = frozenset({"police_force_area", "fire_area", "health_board_area"})


def _ranked_straddles(report: Report) -> list[Row]:
    """Straddles between different families: organisational boundaries first."""
    rows = [r for r in report.straddles if r["a_family"] != r["b_family"]]
    return sorted(rows, key=lambda r: (
        -len({r["a_family"], r["b_family"]} & ORGANISATIONAL_FAMILIES), -r["shared"],
        r["a_name"], r["b_name"]))


def _footprints(report: Report, found: Mapping[str, list[Finding]]) -> list[str]:
    out = ["## 1. Footprints", "",
           "Which geographies line up, and which cut across each other. A footprint "
           "*straddles* another when they share council areas but each also covers areas "
           "the other does not: anyone working to one must deal with part of the other.", ""]
    out += ["### How footprint families fit together", ""]
    families = sorted({r["x"] for r in report.family_coterminosity}
                      - {"local_authority", "nation"})
    if len(families) > 1:
        cells = {(r["x"], r["y"]): r for r in report.family_coterminosity}
        out += ["Each cell is the share of the row family's footprints that straddle none "
                "of the column family's: 100% means every one sits inside, or is made of "
                "whole, footprints of the other family. (Council areas and nations are left "
                "out: nothing straddles a single council area, and a nation contains every "
                "footprint.)", ""]
        headers = ["Footprints of ↓ against →", *(FAMILY_SHORT.get(f, f) for f in families)]
        rows = []
        for x in families:
            rows.append([f"{family_name(x)} ({cells[(x, x)]['footprints']})",
                         *(_pct(cells[(x, y)]["share"]) for y in families)])
        out += _table(headers, rows)
    else:
        out += ["Fewer than two families of regional footprints: nothing to compare.", ""]
    ranked = _ranked_straddles(report)
    out += ["### Straddling footprints", "",
            "Organisational boundaries (police, fire and rescue, health board) first, then "
            "by the number of council areas shared.", ""]
    passed = report.passed("straddle")
    if ranked:
        out += _table(
            ["Footprint", "Straddles", "Shared areas", "Only in first", "Only in second"],
            [[f"{r['a_name']} ({family_name(r['a_family'])})",
              f"{r['b_name']} ({family_name(r['b_family'])})",
              ", ".join(r["shared_area_names"]), r["only_a"], r["only_b"]]
             for r in ranked[:TOP]])
        out += _more(len(ranked), TOP, "straddles")
    else:
        out += ["No footprints of different families straddle each other.", ""]
    out += _passed(passed)
    out += ["### Areas asked to work in the most groupings", "",
            "A *partner set* is a grouping of neighbouring councils that an area's council "
            "must work with on some regional body (its police area, its health board area, "
            "its safeguarding region...). Each different grouping is another set of "
            "meetings, plans and agreements.", ""]
    complex_rows = [r for r in report.area_complexity if r["regional_footprints"]]
    if complex_rows:
        out += _table(
            ["Area", "Partner sets", "Regional footprints", "Bodies covering it",
             "Groupings (other councils)"],
            [[r["council_name"] or r["area_name"], r["partner_sets"],
              r["regional_footprints"], r["bodies"], "; ".join(r["partner_set_names"])]
             for r in complex_rows[:TOP]])
        out += _more(len(complex_rows), TOP, "areas")
    else:
        out += ["No regional bodies: every body covers a single area or the whole nation.", ""]
    listing = report.listing("body_alignment")
    cutting = listing.rows
    out += ["### Bodies that cut across their members' areas", "",
            "A body cuts across a member's area when its footprint covers part of that "
            "member's area and part of somewhere else: the member takes part for only some "
            "of the people it serves.", ""]
    if cutting:
        out += _table(["Body", "Its footprint", "Members whose area it splits"],
                      [[r["body_name"], r["footprint_name"], ", ".join(r["cut_member_names"])]
                       for r in cutting[:TOP]])
        out += _more(len(cutting), TOP, "bodies")
    else:
        out += ["No body cuts across the area of one of its members.", ""]
    out += _passed(listing.passed)
    return out


def _duplication(report: Report, found: Mapping[str, list[Finding]]) -> list[str]:
    out = ["## 2. Duplication and load", ""]
    out += ["### The same theme, the same level, the same place", "",
            "Where more than one body covers a theme at the same level in an area, the work "
            "is likely to be duplicated; where nobody covers a theme that is covered "
            "elsewhere, there may be a gap.", ""]
    themed = sorted(found.get("theme-duplication", []),
                    key=lambda f: (-len(f.evidence["areas"]), f.evidence["theme"]))
    if themed:
        out += _table(["Theme", "Level", "Bodies", "Where"],
                      [[label(f.evidence["theme"]), label(f.evidence["level"]),
                        ", ".join(f.evidence["body_names"]),
                        f.evidence["where"]] for f in themed[:TOP]])
        out += _more(len(themed), TOP, "duplications")
    else:
        out += ["No theme is covered twice at the same level in the same area.", ""]
    gaps = found.get("theme-gap", [])
    if gaps:
        out += ["Gaps:", ""]
        out += [f"- {markdown_text(f.message)}" for f in gaps[:TOP]] + [""]
        out += _more(len(gaps), TOP, "gaps")
    out += ["### Pairs of bodies that look alike", "",
            "Each pair shares at least one theme, one area and one member. The score "
            "multiplies the share of themes, of areas and of member organisations they have "
            "in common (each a Jaccard index, shared over either): 1.00 would be two bodies "
            "with the same themes, footprint and members. Listed: pairs scoring "
            f"{LIKELY_DUPLICATE:.2f} or more. A body and its own sub-group, and scrutiny "
            "committees, are left out.", ""]
    listing = report.listing("duplicate_pairs")
    pairs = listing.rows
    if pairs:
        out += _table(["Body", "Body", "Score", "Themes", "Areas", "Members",
                       "Shared themes"],
                      [[p["a_name"], p["b_name"], p["score"], _pct(p["theme_jaccard"]),
                        _pct(p["area_jaccard"]), _pct(p["member_jaccard"]),
                        ", ".join(label(t) for t in p["shared_themes"])]
                       for p in pairs[:TOP]])
        out += _more(len(pairs), TOP, "pairs")
    else:
        out += [f"No two bodies score {LIKELY_DUPLICATE:.2f} or more.", ""]
    out += _passed(listing.passed)
    out += ["### Seat load", "",
            "How many bodies each organisation sits on, by level; *statutory* seats are "
            "those the law requires it to hold. *Parallel* is the most footprints in which "
            "it attends boards with the same theme at the same level.", ""]
    busy = [r for r in report.seat_load if r["seats"]]
    out += _table(["Organisation", "Seats", "National", "Regional", "Local", "Sub-local",
                   "Statutory", "Parallel"],
                  [[r["organisation_name"], r["seats"], r["national"], r["regional"],
                    r["local"], r["sub_local"], r["statutory_seats"], r["parallel"]]
                   for r in busy[:TOP]])
    out += _more(len(busy), TOP, "organisations")
    parallel = found.get("parallel-seats", [])
    if parallel:
        out += ["Organisations doing the same work with different neighbours (boards with "
                f"the same theme and level in {PARALLEL_SEATS} or more footprints):", ""]
        out += _finding_list(parallel, limit=TOP, report=report)
    out += ["### Brokers", "",
            "Betweenness centrality in the network of organisations and the bodies they sit "
            "on: the share of shortest paths between other organisations and bodies that "
            "run through an organisation. High values mark the organisations that hold "
            "the structure together, and whose withdrawal would split it.", ""]
    brokers = [r for r in report.brokers if r["betweenness"] > 0]
    if brokers:
        out += _table(["Organisation", "Betweenness", "Seats"],
                      [[r["organisation_name"], _pct(r["betweenness"]), r["seats"]]
                       for r in brokers[:TOP]])
        out += [f"*Betweenness computed: {brokers[0]['method']}.*", ""]
    else:
        out += ["No organisation links otherwise separate bodies.", ""]
    return out


def _duties(report: Report, found: Mapping[str, list[Finding]]) -> list[str]:
    out = ["## 3. Statutory duties", "",
           "For each duty and each place it applies to (each council area, for the Crime "
           "and Disorder Act strategy), the bodies that discharge it there. None is a gap; "
           "more than one is a duplication; a body without a member the law requires "
           "stands on a weaker footing (it cannot bind that partner).", ""]
    if not report.duty_coverage:
        return [*out, "No duties are recorded.", ""]
    per_duty: dict[str, list[Row]] = defaultdict(list)
    for row in report.duty_coverage:
        per_duty[row["duty_name"]].append(row)
    out += _table(["Duty", "Places", "Discharged once", "Gaps", "Duplicated",
                   "Weaker footing"],
                  [[f"{name} ({rows[0]['law']})", len(rows),
                    sum(r["status"] == "covered" for r in rows),
                    sum(r["status"] == "gap" for r in rows),
                    sum(r["status"] == "duplicated" for r in rows),
                    sum(bool(r["weaker_footing"]) for r in rows)]
                   for name, rows in per_duty.items()])
    for code, title in (("duty-gap", "Gaps"), ("duty-duplication", "Duplications"),
                        ("weaker-footing", "Weaker footing"),
                        ("non-statutory-discharge", "Duties discharged by non-statutory "
                         "bodies")):
        if found.get(code):
            out += [f"### {title}", "", *_finding_list(found[code], report=report)]
    return out


_ACCOUNTABILITY = (
    ("no-democratic-route", "No route to anyone elected"),
    ("no-upward-line", "Reporting to nobody"),
    ("too-many-masters", "Too many masters"),
    ("reporting-cycle", "Reporting cycles"),
    ("orphaned-sub-group", "Orphaned sub-groups"),
    ("no-scrutiny", "No scrutiny"),
    ("devolution-crossing", "Lines across the devolution boundary"),
    ("long-line-of-sight", "Long lines of sight"),
)


def _accountability(report: Report, found: Mapping[str, list[Finding]]) -> list[str]:
    out = ["## 4. Accountability", "",
           "Following each body's upward reporting lines (accountable to, reports to, "
           "sub-group of): does the chain reach someone elected, is anyone scrutinising it, "
           "and is it clear to whom it answers?", ""]
    for code, title in _ACCOUNTABILITY:
        if found.get(code):
            out += [f"### {title}", "", f"*{CODES[code].capitalize()}.*", ""]
            out += _finding_list(found[code], report=report)
    deep = [r for r in report.line_of_sight if r["depth"]]
    if deep:
        out += ["### Line of sight", "",
                "Upward steps from a body to national level (a national body, a government "
                "or a legislature): each step is a board that passes the message on.", ""]
        out += _table(["Body", "Level", "Steps", "Route"],
                      [[r["body_name"], label(r["level"]), r["depth"],
                        " → ".join(r["route_names"])] for r in deep[:TOP]])
        unreached = sum(r["depth"] is None for r in report.line_of_sight)
        if unreached:
            out += [f"{plural(unreached, 'body', 'bodies')} have no chain of upward lines to "
                    "national level.", ""]
    return out


def _definitions(report: Report) -> list[str]:
    codes = [c for c in CODES if report.summary["findings_by_code"].get(c)]
    out = ["## About this report", "",
           "Every number here is defined in `docs/metrics.md`. The finding codes used:", ""]
    out += [f"- `{c}`: {CODES[c]}." for c in codes]
    day = f" --as-at {report.as_at}" if report.as_at else ""
    out += ["", f"Reproduce it with `govmap report{day}`; `--format json`, `csv` or `xlsx` "
            "give every row of every table.", ""]
    return out


# -- CSV and XLSX ------------------------------------------------------------------------


def _flat(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def table_names() -> list[str]:
    """The tables a report has, as file and sheet names: ``findings`` and then
    :data:`govmap.report.TABLES`."""
    return ["findings", *TABLES]


def _columns(rows: Sequence[Row]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _summary_rows(report: Report) -> list[Row]:
    rows: list[Row] = [{"measure": "as_at", "value": report.as_at or ""}]
    for key, value in report.summary.items():
        if isinstance(value, Mapping):
            rows += [{"measure": f"{key}.{k}", "value": v} for k, v in value.items()]
        else:
            rows.append({"measure": key, "value": value})
    return rows


def csv_files(report: Report) -> dict[str, str]:
    """The report as CSV texts, one per table: ``{"findings.csv": ..., ...}``, plus
    ``summary.csv``. List values are joined with ``"; "``; text a spreadsheet would run as a
    formula gets a leading apostrophe (:func:`govmap.export.cells.csv_safe`)."""
    files: dict[str, str] = {}
    tables: dict[str, list[Row]] = {"summary": _summary_rows(report)}
    tables.update({name: report.table(name) for name in table_names()})
    for name, rows in tables.items():
        columns = _columns(rows)
        files[f"{name}.csv"] = csv_text(columns, ([_flat(row.get(c)) for c in columns]
                                                  for row in rows))
    return files


def csv_names() -> list[str]:
    """The names of the files :func:`csv_files` makes (known before any report is built)."""
    return [f"{name}.csv" for name in ("summary", *table_names())]


def write_csv(report: Report, folder: str | Path, *, force: bool = False,
              inputs: Iterable[str | Path] = ()) -> list[Path]:
    """Write :func:`csv_files` into ``folder``, creating it.

    Refuses (:class:`govmap.files.OutputError`, see :func:`govmap.files.check_folder`) an
    input, the embedded data, and a folder that is not empty unless ``force`` is given and it
    holds only the report's CSV files; each file is written atomically.
    """
    given = list(inputs)
    target = check_folder(folder, force=force, inputs=given, ours=csv_names())
    make_folder(target)
    return [write_output(target / name, content, force=True, inputs=given)
            for name, content in csv_files(report).items()]


def to_xlsx(report: Report) -> bytes:
    """The report as an XLSX workbook: a ``summary`` sheet, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    first = workbook.active
    sheets: dict[str, list[Row]] = {"summary": _summary_rows(report)}
    sheets.update({name: report.table(name) for name in table_names()})
    for index, (name, rows) in enumerate(sheets.items()):
        sheet = first if index == 0 else workbook.create_sheet()
        sheet.title = name[:31]
        columns = _columns(rows)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_flat(row.get(c)) for c in columns])
        for cells in sheet.iter_rows():
            for cell in cells:
                as_text_cell(cell)  # a name beginning '=' is text, never a formula
        sheet.freeze_panes = "A2"
        for position, column in enumerate(columns, start=1):
            width = max([len(column), *(len(str(_flat(r.get(column)))) for r in rows[:200])])
            sheet.column_dimensions[_letter(position)].width = min(60, max(8, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(position)
    return letter

