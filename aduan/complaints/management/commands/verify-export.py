from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.complaints.eventlog_export import export_problems


class Command(BaseCommand):
    help = (
        "Check an event log export (`aduan export-events`) without the database: its chains, "
        "the signed checkpoints against the public key published on /transparansi/, and, "
        "with --key-file, each event's seal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the export to check")
        parser.add_argument(
            "--public-key",
            required=True,
            help="the checkpoints' public key as published (64 hex digits), not the file's",
        )
        parser.add_argument(
            "--key-file", help="the event log key (EVENT_LOG_KEY), to check each event's seal"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = None
        if options["key_file"]:
            key = Path(options["key_file"]).read_text().strip().encode()
        problems = 0
        with Path(options["file"]).open(encoding="utf-8") as lines:
            for problem in export_problems(
                lines, public_key=options["public_key"].strip().lower(), key=key
            ):
                problems += 1
                self.stdout.write(f"{problem.where}: {problem.problem}")
        if problems:
            raise CommandError(f"{problems} problem(s) found in the export.")
        seals = "chains, seals and checkpoints" if key else "chains and checkpoints"
        self.stdout.write(f"Export intact ({seals} verified).")
