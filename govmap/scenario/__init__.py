"""Streamlining scenarios: change a landscape on paper, then see what the change does.

- :mod:`govmap.scenario.format`: the scenario file (YAML) and its operations;
- :mod:`govmap.scenario.operations`: what each operation does;
- :mod:`govmap.scenario.apply`: ``apply(landscape, scenario) -> landscape``;
- :mod:`govmap.scenario.diff`: ``diff(before, after)``, structure and metrics;
- :mod:`govmap.scenario.briefing`: the diff as a Markdown briefing.
"""
