from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "aduan.reporting"
    label = "reporting"
