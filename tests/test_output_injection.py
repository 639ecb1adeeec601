"""Names, notes and sources that hold Markdown or HTML stay text in every Markdown output.

A landscape (the mini fixture) whose every name, note and source carries a payload, and a
scenario whose name, description, sources, outcome and notes do: the Markdown report, the
HTML report and the briefing must show the payloads as text. "Live" is judged by rendering
the Markdown with everything on (raw HTML, links, images, autolinks), as a permissive
viewer would, and by looking for what GFM turns into a link on its own (``http://…``,
``www.…``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from govmap.markup import markdown_text
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.report import build_report
from govmap.report_format import to_markdown
from govmap.report_html import to_html
from govmap.scenario.apply import run
from govmap.scenario.briefing import briefing
from govmap.scenario.diff import diff
from govmap.scenario.format import parse_scenario

from .conftest import MINI

HOST = "evil.example"
PAYLOADS = (
    f"![x](http://{HOST}/x.png)",
    f"[click](http://{HOST}/a)",
    f"<img src=http://{HOST}/y.png>",
    f"<http://{HOST}/z>",
    f"see http://{HOST}/bare or www.{HOST}",
    f'=HYPERLINK("http://{HOST}/f","x")',
    ":material/warning: :red[alert] $x$",
)


def payload(original: str, index: int) -> str:
    return f"{original} {PAYLOADS[index % len(PAYLOADS)]}"


def poison(node: Any, counter: list[int]) -> Any:
    """Every name, note and source of a parsed landscape file, with a payload added."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in {"name", "notes"} and isinstance(value, str):
                counter[0] += 1
                out[key] = payload(value, counter[0])
            elif key == "sources" and isinstance(value, list):
                out[key] = [payload(v, i) if str(v).startswith("public:") else v
                            for i, v in enumerate(value)]
            else:
                out[key] = poison(value, counter)
        return out
    if isinstance(node, list):
        return [poison(item, counter) for item in node]
    return node


def poisoned_landscape(folder: Path) -> Path:
    counter = [0]
    for source in sorted(MINI.glob("*.yaml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        (folder / source.name).write_text(
            yaml.safe_dump(poison(data, counter), sort_keys=False, allow_unicode=True),
            encoding="utf-8")
    return folder


SCENARIO: dict[str, Any] = {
    "name": f"Dissolve {PAYLOADS[0]}",
    "description": f"{PAYLOADS[1]}\n\n{PAYLOADS[2]} {PAYLOADS[3]}",
    "date": "2020-01-01",
    "sources": [f"public:{PAYLOADS[4]}"],
    "outcome": PAYLOADS[5] + " " + PAYLOADS[6],
    "operations": [{"op": "merge", "bodies": ["csp-vale", "psb-cardiff"],
                    "into": "merged", "name": f"Merged {PAYLOADS[0]}",
                    "notes": PAYLOADS[2]},
                   {"op": "dissolve", "body": "safer-gwent", "notes": PAYLOADS[1]}],
}


def live_markup(markdown: str) -> list[str]:
    """What a permissive Markdown viewer would fetch or link to, built from the payloads."""
    found: list[str] = []
    page = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    found += [m for m in re.findall(r"<(?:a|img)\b[^>]*>", page) if HOST in m]
    found += [m for m in re.findall(r"<[a-z]+ [^>]*" + re.escape(HOST) + r"[^>]*>", page)]
    # GFM autolinks bare URLs and www. names that the CommonMark renderer leaves as text
    found += re.findall(r"https?://" + re.escape(HOST) + r"\S*", markdown)
    found += re.findall(r"(?i)\bwww\." + re.escape(HOST), markdown)
    # Streamlit directives: icons and colours
    found += re.findall(r"(?<!\\):(?:material/\w+|red\[)", markdown)
    return found


@pytest.fixture
def hostile(tmp_path: Path) -> Landscape:
    return load([poisoned_landscape(tmp_path)])


def test_the_fixture_really_carries_the_payloads(hostile: Landscape) -> None:
    names = [e.name for e in hostile.entities()]
    assert any(PAYLOADS[0] in n for n in names) and any(PAYLOADS[2] in n for n in names)
    # unescaped, the payloads are live: the check below can fail
    assert len(live_markup("\n\n".join(PAYLOADS))) >= 6


def test_the_markdown_report_shows_payloads_as_text(hostile: Landscape) -> None:
    view = hostile.as_at(dt.date(2020, 1, 1))
    text = to_markdown(build_report(view), view)
    # the names are there, escaped: a reader sees the payload as written
    assert any(markdown_text(e.name) in text for e in view.bodies.values())
    assert live_markup(text) == []


def test_the_html_report_shows_payloads_as_text(hostile: Landscape) -> None:
    view = hostile.as_at(dt.date(2020, 1, 1))
    page = to_html(build_report(view), view)
    assert re.findall(r"<(?:a|img)\b[^>]*" + re.escape(HOST), page) == []
    # the payloads are there, as text a reader can see
    assert "&lt;img src=http://" + HOST in page
    assert f"[click](http://{HOST}/a)" in page


def test_the_briefing_shows_payloads_as_text(hostile: Landscape) -> None:
    chosen, problems = parse_scenario(SCENARIO, "hostile.yaml")
    assert chosen is not None, problems
    before = hostile.as_at(chosen.date)
    after, problems = run(hostile, chosen)
    assert after is not None, problems
    text = briefing(diff(before, after), chosen)
    assert "Merged" in text and "Dissolve" in text
    assert live_markup(text) == []
