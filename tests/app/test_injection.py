"""Uploaded names, file names and scenario text stay text on every page of the explorer.

The same payloads as tests/test_output_injection.py (Markdown images and links, raw HTML,
autolinks, bare URLs, Streamlit icons and colours), in an uploaded landscape's names,
notes and sources, in the uploaded file's name, and in an uploaded scenario. Every piece
of Markdown the explorer draws (text, captions, alerts, headings, radio labels) is checked
as a permissive viewer would render it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from govmap.app import cache, shell

from ..conftest import ROOT
from ..test_output_injection import HOST, PAYLOADS, SCENARIO, live_markup, poisoned_landscape

HOSTILE_NAME = f"{PAYLOADS[0]} {PAYLOADS[2]}.yaml"


def markdown_shown(at: AppTest) -> str:
    """Every string the page hands to Streamlit's Markdown renderer."""
    parts = [m.value for m in [*at.markdown, *at.caption, *at.title, *at.subheader]]
    parts += [e.value for e in [*at.error, *at.warning, *at.info, *at.success]]
    parts += [o for radio in at.radio for o in radio.options]
    return "\n\n".join(str(p) for p in parts)


def pictures(at: AppTest) -> list[str]:
    """Live images and links to the payloads' host in the pages the explorer embeds."""
    found: list[str] = []
    for element in at.get("iframe"):
        found += re.findall(r"<(?:a|img)\b[^>]*" + re.escape(HOST) + r"[^>]*>",
                            str(element.proto.srcdoc))
    return found


@pytest.fixture
def upload(tmp_path: Path) -> bytes:
    """The mini landscape, every name, note and source poisoned, as one uploaded file."""
    folder = poisoned_landscape(tmp_path)
    merged: dict[str, object] = {"schema_version": 1}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section, items in data.items():
            if isinstance(items, list):
                merged.setdefault(section, [])
                merged[section] += items  # type: ignore[operator]
    return yaml.safe_dump(merged, sort_keys=False, allow_unicode=True).encode("utf-8")


def open_with_upload(raw: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("govmap/app/data.py").run()
    at.get("file_uploader")[0].set_value((HOSTILE_NAME, raw, "application/x-yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_upload_is_shown_with_its_name_as_text(upload: bytes) -> None:
    at = open_with_upload(upload)
    shown = markdown_shown(at)
    assert "is valid" in shown, shown
    assert live_markup(shown) == []
    for spec in shell.PAGE_SPECS:
        if spec[0] in {"help", "scenarios"}:
            continue
        at.switch_page(f"govmap/app/{spec[3]}").run()
        assert not at.exception, (spec, [e.value for e in at.exception])
        shown = markdown_shown(at)
        assert live_markup(shown) == [], spec[0]
        assert pictures(at) == [], spec[0]


def test_an_uploaded_scenario_is_shown_as_text(monkeypatch: pytest.MonkeyPatch,
                                               upload: bytes, tmp_path: Path) -> None:
    monkeypatch.setattr(cache, "SCENARIO_DIR", tmp_path / "none")
    at = open_with_upload(upload)
    at.switch_page("govmap/app/scenarios.py").run()
    at.segmented_control(key="_govmap_scn_source").set_value("Upload").run()
    text = yaml.safe_dump(SCENARIO, sort_keys=False).encode("utf-8")
    at.get("file_uploader")[0].set_value((HOSTILE_NAME, text, "application/x-yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = markdown_shown(at)
    assert "Merged" in shown and "Dissolve" in shown, shown
    assert live_markup(shown) == []
    assert pictures(at) == []


def test_a_scenario_file_that_is_not_text_is_named_as_text(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr(cache, "SCENARIO_DIR", tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("govmap/app/scenarios.py").run()
    at.segmented_control(key="_govmap_scn_source").set_value("Upload").run()
    at.get("file_uploader")[0].set_value((HOSTILE_NAME, b"\xff\xfe\x00", "application/x-yaml")
                                         ).run()
    assert [e.value for e in at.error if "not a text file" in e.value]
    assert live_markup(markdown_shown(at)) == []
