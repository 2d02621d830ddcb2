from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aduan.organisation.regions import regions_load


class Command(BaseCommand):
    help = "Load Kemendagri regions from the shipped idn-area-data files (safe to run again)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--code", help="a province or regency code, e.g. 73 or 73.17")
        group.add_argument("--all", action="store_true", help="every region of Indonesia")

    def handle(self, *args: Any, **options: Any) -> None:
        count = regions_load(prefix=None if options["all"] else options["code"])
        if count == 0:
            raise CommandError(f"No region has the code {options['code']!r}.")
        self.stdout.write(f"{count} regions loaded or already present.")
