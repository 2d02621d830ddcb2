from django.urls import path

from aduan.integrations.sms import views

app_name = "sms"

# The confirmation page's "send me the details by SMS" (the page itself is complaints').
confirmation_urls = [
    path("lapor/terkirim/sms/", views.report_done_sms, name="report_done_sms"),
]

urlpatterns = [
    *confirmation_urls,
    path("integrasi/sms/masuk/", views.inbound, name="inbound"),
]
