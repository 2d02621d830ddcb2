from django.urls import path

from aduan.integrations.email import views

app_name = "email"

urlpatterns = [
    path("integrasi/email/masuk/", views.inbound, name="inbound"),
]
