from django.urls import path

from aduan.notifications.simulator import views

app_name = "simulator"

urlpatterns = [
    path("konsol/simulator/", views.page, name="page"),
    path("konsol/simulator/tanda-tangan/", views.sign, name="sign"),
    path("konsol/simulator/jawaban/", views.answers, name="answers"),
]
