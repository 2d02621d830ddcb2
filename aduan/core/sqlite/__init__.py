"""aduan's SQLite database engine: Django's, with writers queued in turn (see `base`)."""
