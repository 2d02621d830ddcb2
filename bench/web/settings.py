"""Settings of the web benchmark only: production's settings plus the bare app and its URLs.

Production never loads this module (aduan.settings stays the only settings of the site); the
benchmark's gunicorn runs with DJANGO_SETTINGS_MODULE=bench.web.settings.
"""

from aduan.settings import *  # noqa: F403 (the production set-up, unchanged)
from aduan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.web.bareapp"]
ROOT_URLCONF = "bench.web.urls"
