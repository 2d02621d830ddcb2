from django.urls import path

from aduan.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.statistics, name="statistics"),
]
