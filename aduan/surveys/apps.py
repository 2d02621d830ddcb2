from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "aduan.surveys"
    label = "surveys"
