from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "aduan.actionplan"
    label = "actionplan"
