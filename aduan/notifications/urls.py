from django.urls import path

from aduan.notifications import views

app_name = "notifications"

# A staff member's console notifications.
console_urls = [
    path("konsol/notifikasi/", views.console_list, name="console_list"),
]

urlpatterns = [*console_urls]
