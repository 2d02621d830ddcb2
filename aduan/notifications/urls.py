from django.urls import path

from aduan.notifications import views

app_name = "notifications"

# A staff member's console notifications.
console_urls = [
    path("konsol/notifikasi/", views.console_list, name="console_list"),
    path("konsol/notifikasi/dibaca/", views.console_mark_read, name="console_mark_read"),
]

# Oversight: what the clock sweep escalated (the rest of oversight is in reporting).
oversight_urls = [
    path("konsol/pengawasan/eskalasi/", views.escalations, name="escalations"),
]

urlpatterns = [*console_urls, *oversight_urls]
