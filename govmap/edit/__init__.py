"""Editing a landscape in memory: each edit checked as ``govmap validate`` checks it.

- :mod:`govmap.edit.session`: the edit session (apply, draft, undo).
- :mod:`govmap.edit.yamltext`: writing one entity into a file's text, every other line kept.
- :mod:`govmap.edit.fields`: the editable fields, read from the entity models.
- :mod:`govmap.edit.export`: the zip, the change log and the scenario file.
"""
