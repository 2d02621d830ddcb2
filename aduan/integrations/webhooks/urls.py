from django.urls import path

from aduan.integrations.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("konsol/webhook/", views.deliveries, name="deliveries"),
    path("konsol/webhook/<int:pk>/kirim-ulang/", views.replay, name="replay"),
]
