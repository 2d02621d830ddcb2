"""Benchmarks of aduan at regency scale (docs/performance.md): not timed tests.

`python -m bench.run --db sqlite|postgres|both [--reports N]` loads N reports (10% open) into
a database of its own and measures submission through the service layer and the two
deadline queries (overdue list, coordinator inbox).
"""
