"""Importers: read landscapes kept in other tools' formats and write govmap YAML."""
