from django.apps import AppConfig


class LaporConfig(AppConfig):
    name = "aduan.integrations.lapor"
    label = "lapor"
    verbose_name = "SP4N-LAPOR!"
    default_auto_field = "django.db.models.BigAutoField"
