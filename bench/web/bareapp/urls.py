from django.urls import path

from bench.web.bareapp import views

app_name = "bareapp"

urlpatterns = [
    path("insert/", views.insert, name="insert"),
    path("newest/", views.newest, name="newest"),
]
