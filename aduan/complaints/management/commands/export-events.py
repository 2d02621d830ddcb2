import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aduan.complaints.eventlog_export import log_export


class Command(BaseCommand):
    help = (
        "Write the event log and its signed checkpoints to FILE (JSON Lines, '-' for standard "
        "output), for an auditor to check with `aduan verify-export` without the database. "
        "The file holds every report's events: hand it over as confidential."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the export ('-': standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"] == "-":
            log_export(stream=sys.stdout)
            return
        with Path(options["file"]).open("w", encoding="utf-8") as stream:
            reports = log_export(stream=stream)
        self.stderr.write(f"{reports} report(s) written to {options['file']}.")
