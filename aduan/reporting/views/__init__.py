"""HTML views of reporting: public statistics (statistics.py) and staff oversight (oversight.py)."""
