from django.urls import path

from aduan.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("tampilan/", views.display_set, name="display_set"),
]
