from django.urls import path

from aduan.integrations.lapor import views

app_name = "lapor"

urlpatterns = [
    path("konsol/lapor/", views.console, name="console"),
    path("konsol/lapor/catat/", views.record, name="record"),
    path("konsol/lapor/kirim-ulang/<int:run_id>/<int:index>/", views.repair, name="repair"),
]
