"""Benchmarks (issue 5): scripts that print figures, not tests. ``python -m tests.bench``."""
