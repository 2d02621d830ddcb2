from django.contrib import admin
from django.urls import include, path, re_path

from aduan.api import api, not_found

urlpatterns = [
    path("", include("aduan.core.urls")),
    path("", include("aduan.accounts.urls")),
    path("", include("aduan.complaints.urls")),
    path("", include("aduan.workflow.urls")),
    path("statistik/", include("aduan.reporting.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),  # unknown API paths answer JSON too
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
