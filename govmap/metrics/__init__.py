"""Metrics: pure functions from a landscape to tables (lists of flat dicts) and findings.

One concept per module: :mod:`~govmap.metrics.footprints`,
:mod:`~govmap.metrics.duplication`, :mod:`~govmap.metrics.seats`,
:mod:`~govmap.metrics.duties`, :mod:`~govmap.metrics.accountability`; findings are
:class:`~govmap.metrics.findings.Finding`. Definitions live in each function's docstring
and in ``docs/metrics.md``. :func:`govmap.report.build_report` gathers them all.
"""
