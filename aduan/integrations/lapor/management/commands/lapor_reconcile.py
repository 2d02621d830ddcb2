"""`aduan lapor_reconcile`: compare both sides of the SP4N-LAPOR! link (run daily from cron);
the result is listed on /konsol/lapor/."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aduan.integrations.lapor.client import HttpLapor
from aduan.integrations.lapor.services import reconcile_run


class Command(BaseCommand):
    help = "Compare aduan's reports with SP4N-LAPOR! and list what differs."

    def handle(self, *args: Any, **options: Any) -> None:
        run = reconcile_run(api=HttpLapor())
        if run.error:
            self.stderr.write(f"SP4N-LAPOR! did not answer: {run.error}")
            return
        for difference in run.differences:
            print(
                "\t".join(
                    str(difference.get(k) or "-")
                    for k in ("kind", "tracking_number", "national_id", "here", "there", "error")
                )
            )
        print(f"{len(run.differences)} differences")
