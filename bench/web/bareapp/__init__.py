"""A bench-only app: the cheapest Django insert and list views, mounted by bench.web.settings
only, so that the web benchmark reports ratios that hold on a noisy machine."""
