"""Benchmarks: `make bench` (or `python -m benchmarks`) prints a table and writes JSON.

Every figure is reported next to a baseline measured in the same process and run, as a ratio:
these machines are shared and noisy, so absolute times mean little on their own. Medians and
percentiles, never a single run.
"""
