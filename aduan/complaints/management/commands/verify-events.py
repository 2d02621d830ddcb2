from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aduan.complaints.events import verify_all


class Command(BaseCommand):
    help = "Check every report's hash-chained event log; list each altered or removed row."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        for problem in verify_all():
            problems += 1
            where = f"event {problem.seq}" if problem.seq is not None else "chain tail"
            self.stdout.write(f"{problem.tracking_number} {where}: {problem.problem}")
        if problems:
            raise CommandError(f"{problems} problem(s) found in the event log.")
        self.stdout.write("Event log intact.")
