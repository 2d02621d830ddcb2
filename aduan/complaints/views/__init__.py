"""HTML views of the citizen portal: intake (/lapor/) here; the public feed in feed.py.

The tracking page (/lacak/) calls the lifecycle services, so it lives in `aduan.workflow.views`
(complaints sits below workflow and never imports it).
"""
