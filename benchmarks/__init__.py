"""Benchmarks: each module drives the real server the way users would.

Run one as ``python -m benchmarks NAME``; with no NAME the list is printed. Every figure is
printed on its own line as ``bench: METRIC VALUE UNIT``.
"""
