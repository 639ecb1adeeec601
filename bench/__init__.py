"""Benchmarks: how govmap's cost grows with the size of a landscape (``python -m bench``)."""
