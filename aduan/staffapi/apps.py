from django.apps import AppConfig


class StaffApiConfig(AppConfig):
    name = "aduan.staffapi"
    label = "staffapi"
    verbose_name = "Staff API"
    default_auto_field = "django.db.models.BigAutoField"
