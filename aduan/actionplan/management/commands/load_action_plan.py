from typing import Any

from django.core.management.base import BaseCommand

from aduan.actionplan.reference import LUWU_CODE, luwu_plan_load
from aduan.organisation.selectors import instansi_by_code


class Command(BaseCommand):
    help = "Load Kabupaten Luwu's 2020-2024 action plan (after load_reference; safe to rerun)."

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = instansi_by_code(LUWU_CODE)
        if instansi is None:
            self.stderr.write("Kabupaten Luwu is not loaded: run `aduan load_reference` first.")
            return
        plan = luwu_plan_load(instansi)
        self.stdout.write(
            f"{plan}: {plan.programmes.count()} programmes, {plan.indicators.count()} indicators"
        )
