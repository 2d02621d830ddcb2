from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from aduan.workflow.demo import CREDENTIALS_FILE, DEMO_SEED, credentials_text, demo_seed


class Command(BaseCommand):
    help = (
        "Create demo staff accounts for every role and a few hundred demo reports in every "
        "state (Kabupaten Luwu). Safe to run again: existing data and passwords are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, default=300, help="reports to create (300)")
        parser.add_argument("--seed", type=int, default=DEMO_SEED, help="seed of the stories")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="address printed with the logins"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.VAR_DIR / CREDENTIALS_FILE
        result = demo_seed(
            credentials_path=path,
            url=options["url"],
            reports=options["reports"],
            seed=options["seed"],
        )
        if result.reports_created:
            states = ", ".join(f"{n} {s}" for s, n in sorted(result.by_status.items()))
            self.stdout.write(f"Demo reports created: {result.reports_created} ({states}).")
        else:
            self.stdout.write("Reports already present: kept as they are, no demo reports added.")
        if result.new_logins:
            self.stdout.write("")
            self.stdout.write(credentials_text(result.new_logins, options["url"]))
            self.stdout.write(
                f"These passwords are shown only this once; they are also in {path} "
                "(readable only by you)."
            )
        else:
            self.stdout.write(f"Demo logins are in {path} (passwords are not shown again).")
