from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from aduan.api import api, not_found

urlpatterns = [
    # The API first: its clients call it on every request, and Django tries the patterns in
    # order (the site's pages below are some sixty patterns behind an empty prefix).
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),  # unknown API paths answer JSON too
    # The front door is the report form: what most visitors come to do. (The staff console of
    # issue 4 will give signed-in staff their own start page.)
    path("", RedirectView.as_view(pattern_name="complaints:report"), name="home"),
    path("", include("aduan.core.urls")),
    path("", include("aduan.accounts.urls")),
    path("", include("aduan.complaints.urls")),
    path("", include("aduan.workflow.urls")),
    path("", include("aduan.reporting.urls")),
    path("", include("aduan.actionplan.urls")),
    path("", include("aduan.surveys.urls")),
    path("", include("aduan.notifications.urls")),
    path("", include("aduan.routing.urls")),
    path("", include("aduan.integrations.sms.urls")),
    path("", include("aduan.integrations.email.urls")),
    path("", include("aduan.integrations.open311.urls")),
    path("", include("aduan.integrations.webhooks.urls")),
    path("", include("aduan.integrations.lapor.urls")),
    path("", include("aduan.staffapi.urls")),
    path("", include("aduan.integrations.whatsapp.urls")),
    path("", include("aduan.notifications.simulator.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
