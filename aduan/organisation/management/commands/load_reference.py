from typing import Any

from django.core.management.base import BaseCommand

from aduan.organisation.reference import luwu_load


class Command(BaseCommand):
    help = "Load Kabupaten Luwu's regions, units and categories (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = luwu_load()
        self.stdout.write(
            f"{instansi.name}: {instansi.units.count()} units, "
            f"{instansi.categories.count()} categories"
        )
