"""HTML views over the lifecycle: the citizen's tracking page (/lacak/) in tracking.py."""
