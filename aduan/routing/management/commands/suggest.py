"""`aduan suggest --instansi <code>`: routing suggestions for JSON lines on standard input.

Each input line is `{"id": …, "text": …}`; each output line has `id`, `units` (unit codes,
best first, three), `confidences`, `scope`, `scope_confidence` and `region_code` (the place
named in the text, or null), from the model in use. A line that is not such an object gets
`{"id": …, "error": …}` and the others go on.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.organisation.models import Instansi
from aduan.routing.selectors import routing_context, suggest_text


class Command(BaseCommand):
    help = "Routing suggestions for JSON lines {id, text} on standard input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", required=True, help="the instansi's code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instansi = Instansi.objects.get(code=options["instansi"])
        except Instansi.DoesNotExist:
            raise CommandError(f"No instansi with the code {options['instansi']!r}.") from None
        out = self.stdout
        context = routing_context(instansi)
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    raise ValueError("expected an object with a text")
            except ValueError as error:
                out.write(json.dumps({"id": None, "error": str(error)}))
                continue
            suggestion = suggest_text(instansi, item["text"], context=context)
            out.write(
                json.dumps(
                    {
                        "id": item.get("id"),
                        "units": [u.unit.code for u in suggestion.units],
                        "confidences": [u.confidence for u in suggestion.units],
                        "scope": suggestion.scope,
                        "scope_confidence": suggestion.scope_confidence,
                        "region_code": suggestion.place.code if suggestion.place else None,
                    }
                )
            )
