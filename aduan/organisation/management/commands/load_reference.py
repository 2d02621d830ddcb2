from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from aduan.organisation.reference import luwu_load


class Command(BaseCommand):
    help = (
        "Load Kabupaten Luwu's regions, units and categories, and its action plan (safe to run "
        "again)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = luwu_load()
        self.stdout.write(
            f"{instansi.name}: {instansi.units.count()} units, "
            f"{instansi.categories.count()} categories"
        )
        # The action plan lives in a higher app (it may not be imported from here): its own
        # command loads Luwu's plan, by name, when the app is installed.
        if apps.is_installed("aduan.actionplan"):
            call_command("load_action_plan", stdout=self.stdout, stderr=self.stderr)
