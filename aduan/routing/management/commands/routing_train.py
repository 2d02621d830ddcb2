"""`aduan routing_train [--instansi <code>]`: train each instansi's routing model from its
coordinators' dispatch decisions (the worker runs it weekly; this runs it now)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aduan.organisation.models import Instansi
from aduan.routing.services import routing_model_train


class Command(BaseCommand):
    help = "Train the routing models of the instansi from their dispatch decisions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", help="only this instansi's code")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Instansi.objects.order_by("pk")
        if options["instansi"]:
            rows = rows.filter(code=options["instansi"])
        for instansi in rows:
            result = routing_model_train(instansi=instansi)
            version = f"v{result.version}" if result.version else "no model"
            state = "in use" if result.promoted else "kept aside"
            self.stdout.write(f"{instansi.code}: {version}, {state} ({result.reason})")
