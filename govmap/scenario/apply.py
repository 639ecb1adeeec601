"""Apply a scenario to a landscape: a pure function from one landscape to another.

``apply(landscape, scenario)`` takes the landscape as it stands on the scenario's date
(:meth:`govmap.model.landscape.Landscape.as_at`) and applies the operations in order.
Every operation is checked against the landscape as the operations before it left it; if
any operation cannot be applied, **nothing** is applied and every problem is reported as
``SCENARIO.yaml:LINE:COL: error: operation 3 (merge): ...``.
"""

from __future__ import annotations

from govmap.model.landscape import Landscape
from govmap.model.problems import Problem, format_problems
from govmap.scenario.format import Regionalise, Scenario, describe_operation
from govmap.scenario.operations import HANDLERS, OperationError, Skipped, State, creates


class ScenarioError(Exception):
    """A scenario could not be applied; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{len(problems)} problem(s) in the scenario; nothing was applied:\n"
                         + format_problems(problems))


def run(landscape: Landscape, scenario: Scenario) -> tuple[Landscape | None, list[Problem]]:
    """Apply ``scenario``; return the new landscape (None on any error) and the problems.

    Parameters
    ----------
    landscape : Landscape
        The landscape to start from, at any date; it is viewed as at ``scenario.date``
        (a view already dated that day is used as it is).
    scenario : Scenario
        A checked scenario (:func:`govmap.scenario.format.read_scenario`).

    Returns
    -------
    (Landscape or None, list of Problem)
        The landscape after every operation, dated ``scenario.date``; or None and the
        problems, one per failed operation, located in the scenario file.

    Notes
    -----
    An operation that refers to something an earlier *failed* operation would have made is
    not reported again: fix the first problem and the rest follow.
    """
    # a view already dated that day is used as it is, so that what the operations leave
    # alone is the same object on both sides (the diff then compares only what they touched)
    base = landscape if landscape.as_at_date == scenario.date else landscape.as_at(scenario.date)
    state = State.of(base, scenario.date, scenario.name, scenario.sources)
    problems: list[Problem] = []
    for index, operation in enumerate(scenario.operations):
        handler = HANDLERS[type(operation)]
        note = f"Scenario '{scenario.name}', operation {index + 1} ({operation.label})"
        state.current = f"operation {index + 1}"
        try:
            handler(state, operation, note)
        except Skipped:
            state.failed |= creates(operation)
        except OperationError as exc:
            where = scenario.locate(index, exc.loc)
            problems.append(Problem(where, f"{describe_operation(index, operation)}: "
                                    f"{exc.message}"))
            state.failed |= creates(operation)
            if isinstance(operation, Regionalise):
                state.lenient = True  # the ids it would have made are unknown
    if problems:
        return None, problems
    return state.landscape(base), []


def check(landscape: Landscape, scenario: Scenario) -> list[Problem]:
    """Every problem applying ``scenario`` to ``landscape`` would meet (empty when it applies)."""
    return run(landscape, scenario)[1]


def apply(landscape: Landscape, scenario: Scenario) -> Landscape:
    """The landscape after ``scenario``; raises :class:`ScenarioError` if any operation fails.

    Examples
    --------
    >>> from govmap.scenario.format import Merge, Scenario
    >>> import datetime as dt
    >>> merged = apply(landscape, Scenario("Merge two CSPs", dt.date(2017, 6, 1),
    ...                (Merge(bodies=("csp-conwy", "csp-denbighshire")),)))  # doctest: +SKIP
    """
    result, problems = run(landscape, scenario)
    if result is None:
        raise ScenarioError(problems)
    return result


def dangling_references(landscape: Landscape) -> list[str]:
    """Every reference in ``landscape`` to an id it does not hold (empty for a valid one)."""
    found: list[str] = []
    actors = landscape.organisations.keys() | landscape.bodies.keys()

    def need(ok: bool, what: str) -> None:
        if not ok:
            found.append(what)

    for fp in landscape.footprints.values():
        for area in fp.areas:
            need(area in landscape.areas, f"footprint {fp.id} -> area {area}")
        for other in (*fp.union, *fp.predecessors):
            need(other in landscape.footprints, f"footprint {fp.id} -> footprint {other}")
    for org in landscape.organisations.values():
        if org.footprint is not None:
            need(org.footprint in landscape.footprints, f"{org.id} -> footprint {org.footprint}")
        if org.parent is not None:
            need(org.parent in landscape.organisations, f"{org.id} -> parent {org.parent}")
        for line in org.reporting_lines:
            need(line.target in actors, f"{org.id} -> line {line.target}")
        for other in org.predecessors:
            need(other in landscape.organisations, f"{org.id} -> predecessor {other}")
    for body in landscape.bodies.values():
        need(body.footprint in landscape.footprints, f"{body.id} -> footprint {body.footprint}")
        for chair in body.chair_ids:
            need(chair in landscape.organisations, f"{body.id} -> chair {chair}")
        for member in body.members:
            table = landscape.bodies if member.member_is_body else landscape.organisations
            need(member.member in table and member.member != body.id,
                 f"{body.id} -> member {member.member}")
        for line in body.reporting_lines:
            need(line.target in actors and line.target != body.id,
                 f"{body.id} -> line {line.target}")
        for assignment in body.discharges:
            need(assignment.duty in landscape.duties, f"{body.id} -> duty {assignment.duty}")
        for other in body.predecessors:
            need(other in landscape.bodies, f"{body.id} -> predecessor {other}")
    return found
