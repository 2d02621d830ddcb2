from django.urls import path

from aduan.integrations.whatsapp import views

app_name = "whatsapp"

urlpatterns = [
    path("integrasi/whatsapp/webhook/", views.webhook, name="webhook"),
]
