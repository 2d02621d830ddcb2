from typing import Any

from django.core.management.base import BaseCommand, CommandError

from aduan.complaints.anchors import checkpoints_stored, sealed_unkeyed_counts, verify_checkpoints
from aduan.complaints.events import verify_all


class Command(BaseCommand):
    help = (
        "Check every report's event chain against the event log key, and the signed "
        "checkpoints against the signing key; list each altered, forged or removed row."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        checkpoints = checkpoints_stored()
        for problem in verify_all(sealed_unkeyed=sealed_unkeyed_counts(checkpoints)):
            problems += 1
            where = f"event {problem.seq}" if problem.seq is not None else "chain tail"
            self.stdout.write(f"{problem.tracking_number} {where}: {problem.problem}")
        for anchor in verify_checkpoints(checkpoints):
            problems += 1
            self.stdout.write(f"{anchor.where}: {anchor.problem}")
        if problems:
            raise CommandError(f"{problems} problem(s) found in the event log.")
        if not checkpoints:
            self.stdout.write("No checkpoint yet: `aduan worker` writes the first one.")
        self.stdout.write(f"Event log intact ({len(checkpoints)} signed checkpoint(s)).")
