from django.urls import path, re_path

from aduan.integrations.open311 import views

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^open311/discovery" + FORMAT, views.discovery, name="discovery"),
    path("open311/v2/", views.root, name="root"),
    re_path(r"^open311/v2/services" + FORMAT, views.service_list, name="services"),
    re_path(
        r"^open311/v2/services/(?P<code>[-\w]+)" + FORMAT, views.service_definition, name="service"
    ),
    re_path(r"^open311/v2/requests" + FORMAT, views.requests, name="requests"),
    re_path(
        r"^open311/v2/requests/(?P<request_id>[-\w]+)" + FORMAT,
        views.request_detail,
        name="request",
    ),
    re_path(r"^open311/v2/tokens/(?P<token>[-\w]+)" + FORMAT, views.token_detail, name="token"),
]
