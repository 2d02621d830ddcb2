"""Forms of the workflow app: the citizen's tracking page (tracking.py), the coordinator's
console (coordinator.py) and the unit's console (unit.py)."""
