from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "aduan.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from aduan.core import checks  # noqa: F401  (registers the system checks)
        from aduan.core.sqlite_checkpoint import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="sqlite-checkpoint")
