"""`aduan rollups`: bring the rollups up to date, check them against the reports, or rebuild
them. Exit status 1 when `--verify` finds a difference."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aduan.reporting.rollups import (
    rollups_position,
    rollups_rebuild,
    rollups_refresh,
    rollups_verify,
)


class Command(BaseCommand):
    help = "Update (default), --verify or --rebuild the statistics rollups."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--verify",
            action="store_true",
            help="recompute every figure from the reports and list each difference",
        )
        group.add_argument(
            "--rebuild", action="store_true", help="replace the rollups with recomputed figures"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            cells = rollups_rebuild()
            self.stdout.write(f"rebuilt: {cells} cells")
            return
        changed = 0
        while True:  # catch up first, so only real differences remain
            before = rollups_position()
            changed += rollups_refresh()
            if rollups_position() == before:
                break
        if not options["verify"]:
            self.stdout.write(f"updated: {changed} reports")
            return
        differences = rollups_verify()
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            self.stderr.write(f"{len(differences)} differences; repair with --rebuild")
            sys.exit(1)
        self.stdout.write("rollups match the reports")
