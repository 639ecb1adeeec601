"""docs/schema.md documents every vocabulary term the loader accepts."""

from __future__ import annotations

from pathlib import Path

from govmap.model import vocab
from govmap.model.load import check

from ..conftest import ROOT


def test_every_vocabulary_term_is_documented() -> None:
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    missing = [
        term
        for vocabulary in (vocab.FOOTPRINT_FAMILIES, vocab.ORGANISATION_KINDS, vocab.BODY_KINDS,
                           vocab.LEVELS, vocab.ROLES, vocab.LINE_TYPES, vocab.THEMES,
                           vocab.CONFIDENCE)
        for term in vocabulary
        if f"| `{term}` |" not in text
    ]
    assert missing == []


def test_the_worked_example_in_the_docs_loads(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    example = text.split("## A worked example", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    result = check([path])
    assert result.ok, "\n".join(map(str, result.problems))
    landscape = result.landscape
    assert landscape is not None
    assert landscape.footprint_areas("hb-cardiff-vale") == {"W06000015", "W06000014"}
