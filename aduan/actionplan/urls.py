from django.urls import path

app_name = "actionplan"

urlpatterns: list = []
