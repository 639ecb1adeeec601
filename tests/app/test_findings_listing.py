"""The explorer's findings pages show only rows that meet a finding's definition."""

from __future__ import annotations

import datetime as dt

from govmap.app.findings_page import PAGE_TABLES, passed_caption, table_rows
from govmap.model.load import load
from govmap.report import LISTINGS, build_report

DAY = dt.date(2017, 6, 30)


def test_listed_tables_show_only_rows_meeting_the_definition() -> None:
    report = build_report(load(), DAY)
    shown = {name for tables in PAGE_TABLES.values() for name, _, _ in tables}
    assert {"body_alignment", "duplicate_pairs", "parallel_seats"} <= shown & set(LISTINGS)
    rows, note = table_rows(report, "body_alignment")
    assert all(r["cuts_across"] for r in rows)
    assert note.endswith("others checked and passed.")  # the 2017 data: none cuts across
    today = build_report(load(), dt.date.today())
    pairs, _ = table_rows(today, "duplicate_pairs")
    assert pairs and all(p["score"] >= 0.5 for p in pairs)
    assert len(pairs) < len(today.duplicate_pairs)
    seats, _ = table_rows(report, "parallel_seats")
    assert seats and all(r["footprints"] >= 3 for r in seats)
    # a table that is not a list of findings is shown whole
    assert table_rows(report, "seat_load")[0] == report.seat_load


def test_the_accountability_page_says_how_many_bodies_passed() -> None:
    report = build_report(load(), DAY)
    caption = passed_caption(report, ("no-democratic-route", "reporting-cycle"))
    assert caption.startswith("Checked and passed: ")
    assert "no democratic route, " in caption and " bodies (not networks" in caption


def test_explorer_tables_and_evidence_show_names_labels_and_rounded_numbers() -> None:
    from govmap.app.findings_page import frame
    from govmap.metrics.evidence import evidence_rows
    from tests.test_report_people import problems

    land = load()
    report = build_report(land, DAY)
    texts = []
    for tables in PAGE_TABLES.values():
        for name, _, _ in tables:
            rows, _ = table_rows(report, name)
            texts.append(frame(rows).to_csv(index=False))
    for finding in report.findings:
        texts += [f"{head}: {text}" for head, text in evidence_rows(finding.evidence,
                                                                     report.names)]
    found = list(problems("\n".join(texts), land))
    assert found == [], "\n".join(found[:20])
