from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "aduan.core"
    label = "core"

    def ready(self) -> None:
        from aduan.core import checks  # noqa: F401  (registers the system checks)
