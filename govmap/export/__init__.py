"""Exports: each format is a small module of its own."""
