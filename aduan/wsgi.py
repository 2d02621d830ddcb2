"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
application = get_wsgi_application()
# What the app loaded at start-up lives as long as the process: out of the collector's sight,
# so its full collections, which pause a request, walk only what requests leave behind.
gc.freeze()
