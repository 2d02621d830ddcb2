from django.urls import path

from aduan.staffapi import views

app_name = "staffapi"

urlpatterns = [
    path("konsol/token/", views.tokens, name="tokens"),
    path("konsol/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
