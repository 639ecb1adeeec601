"""Many misspelt references: each gets a located message and a suggestion, in bounded work.

Issue 21: 10,000 misspelt references took 78 s because each was compared with every id.
Speed lives in the benchmark (``python -m bench``, row "validate: every body's footprint
misspelt"); here the work is counted instead: the ids compared with each misspelling.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from govmap.model import vocab
from govmap.model.load import check_bytes

N = 600  # more footprints than vocab.Suggestions.SMALL, so the index is used


def landscape(bodies: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    areas = [{"id": f"W{i:08d}", "name": f"Area {i}"} for i in range(N)]
    prints = [{"id": f"fp-place-{i:04d}", "name": f"Place {i}", "family": "local_authority",
               "areas": [f"W{i:08d}"]} for i in range(N)]
    text = yaml.safe_dump({"areas": areas, "footprints": prints, "bodies": bodies},
                          sort_keys=False)
    return [("many.yaml", text.encode("utf-8"))]


def body(i: int, footprint: str) -> dict[str, Any]:
    return {"id": f"body-{i:04d}", "name": f"Body {i}", "kind": "other", "level": "local",
            "footprint": footprint}


#: A misspelling of each kind, and what it should suggest.
TYPOS = {
    "fp-plcae-0007": "fp-place-0007",   # two letters swapped
    "fp-plae-0007": "fp-place-0007",    # a letter left out
    "fp-placce-0008": "fp-place-0008",  # a letter doubled
    "fp-plase-0009": "fp-place-0009",   # a letter replaced
    "fp-place-0010-x": "fp-place-0010",  # more than one edit away: the alike choices
}


def test_each_misspelling_has_a_located_message_and_a_suggestion() -> None:
    bodies = [body(i, f"fp-plcae-{i:04d}") for i in range(N)]
    bodies += [body(N + i, typo) for i, typo in enumerate(TYPOS)]
    result = check_bytes(landscape(bodies))
    problems = [p for p in result.errors if "does not exist" in p.message]
    assert len(problems) == N + len(TYPOS)
    lines = {p.location.line for p in problems}
    assert len(lines) == len(problems) and all(p.location.file == "many.yaml"
                                               for p in problems)
    for i, problem in enumerate(problems[:N]):
        assert problem.message.endswith(f"(did you mean 'fp-place-{i:04d}'?)"), problem
    for problem, (typo, meant) in zip(problems[N:], TYPOS.items(), strict=True):
        assert f"'{typo}'" in problem.message and f"did you mean '{meant}'" in problem.message


def test_the_work_per_misspelling_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[int] = []
    suggest = vocab.suggest

    def counting(word: str, choices: Any) -> str | None:
        choices = list(choices)
        compared.append(len(choices))
        return suggest(word, choices)

    monkeypatch.setattr(vocab, "suggest", counting)
    # the same misspelling twice is answered once
    bodies = [body(i, f"fp-plcae-{i % (N // 2):04d}") for i in range(N)]
    result = check_bytes(landscape(bodies))
    assert sum("did you mean" in p.message for p in result.errors) == N
    assert len(compared) <= N // 2
    assert max(compared) <= vocab.Suggestions.SMALL


def test_a_few_choices_give_what_difflib_gives() -> None:
    choices = ["council-newport", "pcc-gwent", "safer-gwent", "csp-cardiff"]
    hint = vocab.Suggestions(choices)
    for word in ("council-nwport", "pcc-gwnt", "gwent", "zzz"):
        assert hint(word) == vocab.did_you_mean(word, choices)
    assert re.fullmatch(r" \(did you mean 'safer-gwent'\?\)", hint("safer-gwnet"))
