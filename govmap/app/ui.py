"""Small display helpers shared by the explorer's pages (no measures here)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import groupby

import streamlit as st

from govmap.markup import markdown_text
from govmap.model.problems import Problem, format_problems

_PARAGRAPHS = re.compile(r"\n\s*\n")


def escape(text: str) -> str:
    """Text safe to put in Streamlit Markdown, captions, alerts and labels.

    Nothing in it is read as formatting, a link, an image, HTML or a Streamlit directive
    (:func:`govmap.markup.markdown_text`); paragraphs stay paragraphs.
    """
    return "\n\n".join(markdown_text(part) for part in _PARAGRAPHS.split(text.strip()))


def show_problems(problems: Sequence[Problem], *, title: str | None = None,
                  limit: int = 300) -> None:
    """Problems as a readable list grouped by file: line, column and message.

    Errors first, then warnings; each file's problems in line order. The same lines in
    the compiler form (``FILE:LINE:COL: error: message``) are in an expander to copy.
    """
    if not problems:
        return
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if title:
        (st.error if errors else st.warning)(title, icon=":material/error:" if errors
                                              else ":material/warning:")
    ordered = sorted(problems, key=lambda p: (p.location.file, p.location.line,
                                              p.location.column, p.message))
    shown = 0
    for file, group in groupby(ordered, key=lambda p: p.location.file):
        items = list(group)
        lines = []
        for problem in items:
            if shown >= limit:
                break
            shown += 1
            where = (f"line {problem.location.line}, column {problem.location.column}"
                     if problem.location.line > 0 else "whole file")
            badge = ("**error**" if problem.severity == "error"
                     else "*warning*")
            lines.append(f"- {badge} · {where}: {escape(problem.message)}")
        if lines:
            st.markdown(f"**{escape(file)}**\n\n" + "\n".join(lines))
    if shown < len(problems):
        st.caption(f"… and {len(problems) - shown} more; download the full list below.")
    with st.expander(f"All {len(errors)} error(s) and {len(warnings)} warning(s) as text"):
        st.code(format_problems(problems), language=None, wrap_lines=True)


def not_available(what: str, module: str) -> None:
    """A calm notice for a part of govmap this checkout does not have yet."""
    st.info(f"{what} is not available in this version of govmap yet (it needs "
            f"`{module}`). Everything else in the explorer works without it.",
            icon=":material/construction:")


def names(labels: Iterable[str]) -> str:
    """A readable list: 'A', 'A and B', 'A, B and C'."""
    items = list(labels)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def humanise(term: str) -> str:
    """A vocabulary term as words: 'community_safety' -> 'Community safety'."""
    words = term.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 4.5rem !important; max-width: 100%; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li {
  font-size: 1.2rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.6rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 2.4rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem !important; }
</style>
"""

BASE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
[data-testid="stMetricValue"] { font-size: 1.6rem; }
</style>
"""
