from django.urls import path

from aduan.routing import views

app_name = "routing"

urlpatterns = [
    path("konsol/laporan/<str:number>/saran/terima/", views.accept, name="accept"),
]
