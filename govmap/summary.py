"""Counts of a landscape by kind and level: the first thing a reviewer checks."""

from __future__ import annotations

from collections import Counter
from typing import Any

from govmap.metrics.common import label
from govmap.model import vocab
from govmap.model.landscape import Landscape


def summarise(landscape: Landscape) -> dict[str, Any]:
    """Counts of entities, organisations by kind, and bodies by kind and level."""
    body_levels: dict[str, Counter[str]] = {}
    for body in landscape.bodies.values():
        body_levels.setdefault(body.kind, Counter())[body.level] += 1
    footprint_families = Counter(f.family for f in landscape.footprints.values())
    return {
        "as_at": landscape.as_at_date.isoformat() if landscape.as_at_date else None,
        "counts": {
            "areas": len(landscape.areas),
            "footprints": len(landscape.footprints),
            "organisations": len(landscape.organisations),
            "bodies": len(landscape.bodies),
            "duties": len(landscape.duties),
            "memberships": sum(len(b.members) for b in landscape.bodies.values()),
            "reporting_lines": sum(len(b.reporting_lines) for b in landscape.bodies.values())
            + sum(len(o.reporting_lines) for o in landscape.organisations.values()),
        },
        "footprints_by_family": dict(sorted(footprint_families.items())),
        "organisations_by_kind": dict(
            sorted(Counter(o.kind for o in landscape.organisations.values()).items())
        ),
        "bodies_by_kind": {
            kind: {level: levels[level] for level in vocab.LEVELS if levels[level]}
            for kind, levels in sorted(body_levels.items())
        },
    }


def format_summary(summary: dict[str, Any], source: str) -> str:
    """The summary as a plain-text table, vocabulary terms in words (as every output a
    person reads); ``--format json`` keeps the terms."""
    when = f" as at {summary['as_at']}" if summary["as_at"] else " (all dates)"
    lines = [f"Landscape: {source}{when}", ""]
    lines += [f"  {count:>6}  {name.replace('_', ' ')}" for name, count in
              summary["counts"].items()]
    lines += ["", "Footprints by family:"]
    lines += [f"  {n:>6}  {label(k)}" for k, n in summary["footprints_by_family"].items()]
    lines += ["", "Organisations by kind:"]
    lines += [f"  {n:>6}  {label(k)}" for k, n in summary["organisations_by_kind"].items()]
    lines += ["", "Bodies by kind and level:"]
    header = "  " + "kind".ljust(34) + "".join(level.rjust(10) for level in vocab.LEVELS)
    lines += [header + "total".rjust(8)]
    for kind, levels in summary["bodies_by_kind"].items():
        cells = "".join(str(levels.get(level, "")).rjust(10) for level in vocab.LEVELS)
        lines.append("  " + label(kind).ljust(34) + cells + str(sum(levels.values())).rjust(8))
    return "\n".join(lines) + "\n"
