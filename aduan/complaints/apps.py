from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "aduan.complaints"
    label = "complaints"
