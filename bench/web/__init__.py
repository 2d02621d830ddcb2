"""Web benchmark (issue 3): the public API submission and the feed page under gunicorn, each
measured against a bare Django view doing the least work of its kind (bench/web/bareapp).

    python -m bench.web --db sqlite --duration 20
"""
