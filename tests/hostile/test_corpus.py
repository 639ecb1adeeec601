"""The hostile-input corpus: every file has an expected outcome, and none reaches a traceback.

Each entry of :data:`EXPECTED` says what govmap must do with one file in ``corpus/``:
refuse it with a message (and the line, where the file has lines), or load it and keep its
text exactly. The command-line run checks the same files end to end: exit code 1 (or 0),
never a traceback, and nothing executed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govmap.export.canonical import to_json
from govmap.model.load import check

from ..conftest import ROOT

CORPUS = Path(__file__).parent / "corpus"

# file -> (expected line or None, a phrase the message must contain); None = must load.
EXPECTED: dict[str, tuple[int | None, str] | None] = {
    "python-apply.yaml": (2, "tags are not allowed"),
    "python-name.yaml": (3, "tags are not allowed"),
    "python-new.yaml": (1, "tags are not allowed"),
    "python-module.yaml": (1, "tags are not allowed"),
    "custom-tag.yaml": (2, "'!include' tags are not allowed"),
    "billion-laughs.yaml": (None, "alias bomb"),
    "quadratic-blowup.yaml": (None, "alias bomb"),
    # 1,500 levels: libyaml (0.2.6+, PyYAML 6.0.4+) refuses it while parsing, before govmap's
    # own check while building; 100 levels: govmap's check fires first. Same words either way.
    "deep-flow.yaml": (1, "govmap reads at most 64 levels of lists and mappings"),
    "deep-flow-100.yaml": (1, "nesting deeper than 64 levels; govmap reads at most 64 levels"),
    "deep-block.yaml": (65, "nesting deeper than 64 levels; govmap reads at most 64 levels"),
    "latin1.yaml": (3, "not UTF-8"),
    "utf16.yaml": (None, "the file is UTF-16; save it as UTF-8"),
    "bom-valid.yaml": None,
    "png-renamed.yaml": (None, "this is a PNG image, not YAML"),
    "zip-renamed.yaml": (None, "this is a zip archive"),
    "pdf-renamed.yaml": (None, "this is a PDF document, not YAML"),
    "empty.yaml": (None, "the file is empty"),
    "whitespace.yaml": (None, "the file is empty"),
    "comments-only.yaml": (None, "the file holds no data"),
    "scalar.yaml": (None, "must be a mapping"),
    "list-top.yaml": (1, "must be a mapping"),
    "several-documents.yaml": (None, "several YAML documents"),
    "control-character.yaml": (3, "U+0007 is not allowed"),
    "nul-in-text.yaml": (None, "not YAML"),
    "huge-name.yaml": (3, "at most 300 characters"),
    "huge-population.yaml": (4, "should be a whole number"),
    "negative-population.yaml": (4, "should be not negative"),
    "complex-key.yaml": (2, "a key must be a plain value"),
    "duplicate-keys.yaml": (3, "duplicate key 'id'"),
    "wrong-types.yaml": (7, "'id' should be text, got 5"),
    "missing-fields.yaml": (7, "is missing required key 'footprint'"),
    "self-union.yaml": (4, "is listed in its own union"),
    "union-cycle.yaml": (4, "contains itself through its unions: a -> b -> c -> a"),
    "reversed-dates.yaml": (7, "is before start_date"),
    "dangling.yaml": (12, "refers to organisation 'nobody', which does not exist"),
    "duplicate-ids.yaml": (12, "duplicate id 'b1'"),
    "html-names.yaml": None,
    "welsh-and-rtl.yaml": None,
    "crlf.yaml": None,
    "tabs.yaml": (2, "cannot start any token"),
    "unclosed-quote.yaml": (4, "unexpected end of stream"),
    "bad-json.json": (1, "not valid JSON"),
    "json-valid.json": None,
    "merge-key.yaml": (1, "unknown top-level key 'base'"),
    "yes-no-norway.yaml": (2, "put the value in quotes"),
    # issue 19: what got past the reader (or crashed it) before
    "escape-control.yaml": (3, "U+001B (a control character"),
    "c1-control.yaml": (4, "U+009B (a control character"),
    "json-escape-nul.json": (3, "U+0000 (a control character"),
    "json-lone-surrogate.json": (3, "U+D800 (a lone surrogate"),
    "json-duplicate-keys.json": (5, "duplicate key 'name' (first given at line 4)"),
    "long-int.yaml": (4, "a whole number of 5,000 digits"),
    "long-int.json": (3, "a whole number of 5,000 digits"),
    "json-deep.json": (1, "nesting deeper than 64 levels"),
    "json-nan.json": (3, "not a finite number (NaN)"),
    "yaml-inf.yaml": (5, "not a finite number (inf)"),
    "whitespace-ids.yaml": (4, "duplicate id 'o1'"),
    "nfc-keys.yaml": (6, "duplicate key 'café' (first given at line 5) once spaces and Unicode"),
    "merge-override.yaml": None,
}


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in CORPUS.iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 57


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gets_its_expected_outcome(name: str) -> None:
    result = check([CORPUS / name])
    expected = EXPECTED[name]
    if expected is None:
        assert result.ok, [str(p) for p in result.problems]
        return
    line, phrase = expected
    assert result.landscape is None
    matching = [e for e in result.errors if phrase in e.message]
    assert matching, [str(e) for e in result.errors]
    assert matching[0].location.file.endswith(name)
    if line is not None:
        assert matching[0].location.line == line, str(matching[0])


def test_hostile_and_foreign_names_survive_intact() -> None:
    landscape = check([CORPUS / "welsh-and-rtl.yaml"]).landscape
    assert landscape is not None
    assert landscape.areas["W1"].name_cy == "Ynys Môn"
    assert landscape.footprints["la-x"].name == "Gŵyr a Chwm Tawe"
    assert landscape.bodies["rtl-1"].name == "مجلس الأمان المجتمعي"
    assert landscape.bodies["bidi-1"].name == "abc\u202edcba"
    assert "Ynys Môn" in to_json(landscape)
    html = check([CORPUS / "html-names.yaml"]).landscape
    assert html is not None
    assert html.bodies["xss-1"].name == "<img src=x onerror=alert(1)>"


def test_the_command_line_never_shows_a_traceback(tmp_path: Path) -> None:
    canary = Path("/tmp/govmap-owned")
    canary.unlink(missing_ok=True)
    for name, expected in EXPECTED.items():
        done = subprocess.run([sys.executable, "-m", "govmap", "validate", str(CORPUS / name)],
                              capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
        assert done.returncode == (0 if expected is None else 1), (name, done.stderr)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, name
    assert not canary.exists(), "a YAML tag ran a command"


def test_too_deep_is_govmaps_message_whichever_limit_fires_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With govmap's own limit out of the way, the parser's (or Python's) limit fires; the
    message is still govmap's, with the line, so a PyYAML upgrade cannot change what users see.
    """
    from govmap.model import reader

    monkeypatch.setattr(reader, "MAX_DEPTH", 10**6)
    result = check([CORPUS / "deep-flow.yaml"])
    assert result.landscape is None
    [error] = result.errors
    assert "govmap reads at most 64 levels of lists and mappings" in error.message
    assert "nesting deeper than" not in error.message  # govmap's own check did not fire
    assert error.location.line == 1
