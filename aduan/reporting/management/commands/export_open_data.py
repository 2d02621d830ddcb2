"""`aduan export_open_data`: write today's open dataset (CSV and JSON) of every instansi, or of
one (`--instansi luwu`). The worker runs the same export once a day; cron may run this too."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.organisation.models import Instansi
from aduan.reporting.opendata import open_data_export


class Command(BaseCommand):
    help = "Write the open dataset of published reports (CSV and JSON, CC BY 4.0)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", default="", help="code of one instansi (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Instansi.objects.order_by("pk")
        if options["instansi"]:
            rows = rows.filter(code=options["instansi"])
            if not rows.exists():
                raise CommandError(f"No instansi with code {options['instansi']!r}.")
        for instansi in rows:
            exported = open_data_export(instansi=instansi)
            self.stdout.write(
                f"{instansi.code}: {exported.records} reports → "
                + ", ".join(p.name for p in exported.paths)
            )
