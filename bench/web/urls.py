from django.urls import include, path

from aduan.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/", include("bench.web.bareapp.urls")),
    *site_urlpatterns,
]
