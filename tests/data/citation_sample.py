"""Draw a random sample of seed citations for a person to judge against their lines.

    python -m tests.data.citation_sample SEED N [DATA_DIR]

Lists every (fact, seed citation) pair of the landscape (entities, seats, reporting lines,
duty assignments, dated names, arrangements), sorted by file, fact and citation, and
prints N of them chosen by ``random.Random(SEED).sample``: the fact, its confidence, dates
and notes, and the cited lines. The judging is human; docs/data.md records the result.
Not a test: pytest does not collect it.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from govmap.citations import seed_dir

ROOT = Path(__file__).resolve().parents[2]
CITE = re.compile(r"^(?P<file>[^\s:]+\.txt):L(?P<a>\d+)(?:-L?(?P<b>\d+))?$")


def facts(data: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(data.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section in ("areas", "footprints", "organisations", "bodies", "duties",
                        "arrangements"):
            for entity in doc.get(section) or []:
                key = entity.get("id")
                yield {"file": path.name, **entity, "fact": f"{section[:-1]} {key}"}
                for seat in entity.get("members") or []:
                    member = seat.get("organisation") or seat.get("body")
                    yield {"file": path.name, **seat,
                           "fact": f"{key} has member {member} ({seat.get('role')})"}
                for line in entity.get("reporting_lines") or []:
                    yield {"file": path.name, **line,
                           "fact": f"{key} {line.get('type')} {line.get('target')}"}
                for duty in entity.get("discharges") or []:
                    if isinstance(duty, dict):
                        yield {"file": path.name, **duty,
                               "fact": f"{key} discharges {duty.get('duty')}"}
                for name in entity.get("names") or []:
                    yield {"file": path.name, **name, "fact": f"{key} named {name.get('name')}"}


def cited_lines(seeds: Path, source: str) -> str:
    match = CITE.match(source)
    assert match
    text = (seeds / match["file"]).read_text(encoding="utf-8").splitlines()
    first, last = int(match["a"]), int(match["b"] or match["a"])
    return "\n".join(f"   {n}: {text[n - 1]}" for n in range(first, last + 1)
                     if text[n - 1].strip())


def main(argv: list[str]) -> int:
    seed, count = int(argv[0]), int(argv[1])
    data = Path(argv[2]) if len(argv) > 2 else ROOT / "data"
    seeds = seed_dir()
    if seeds is None or not seeds.is_dir():
        sys.stderr.write("set GOVMAP_SEEDS to the folder of seed documents\n")
        return 2
    pairs = sorted(((f, s) for f in facts(data) for s in f.get("sources") or []
                    if isinstance(s, str) and CITE.match(s)),
                   key=lambda pair: (pair[0]["file"], pair[0]["fact"], pair[1]))
    sample = random.Random(seed).sample(pairs, count)
    out = [f"seed {seed}: {count} of {len(pairs)} seed citations"]
    for number, (fact, source) in enumerate(sample, 1):
        dates = f"{fact.get('start_date') or ''}..{fact.get('end_date') or ''}"
        sure = f", dates {fact['dates_confidence']}" if fact.get("dates_confidence") else ""
        out.append(f"\n#{number} [{fact.get('confidence')}{sure}] {fact['fact']} ({dates})"
                   f"  <- {source}")
        if fact.get("notes"):
            out.append("   notes: " + " ".join(str(fact["notes"]).split()))
        out.append(cited_lines(seeds, source))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
