"""Writes of the reporting app: the monthly report e-mailed to each leader."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.core import clock
from aduan.organisation.models import Instansi, Membership
from aduan.organisation.selectors import calendar_for
from aduan.reporting.models import MonthlyReportDelivery
from aduan.reporting.oversight import oversight_scopes
from aduan.reporting.periodic import Period, recap_build
from aduan.reporting.periodic_files import recap_pdf

logger = logging.getLogger("aduan.reporting")


def first_working_day(instansi: Instansi, year: int, month: int) -> date:
    calendar = calendar_for(instansi)
    day = date(year, month, 1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _claim(instansi: Instansi, month: date, leader: User, now: datetime) -> bool:
    """Take the once-only row for this leader and month; a claim left unsent (a failed or
    crashed send) is taken again after the worker lease."""
    try:
        with transaction.atomic():
            MonthlyReportDelivery.objects.create(
                instansi=instansi, month=month, recipient=leader, claimed_at=now
            )
        return True
    except IntegrityError:
        stale = now - timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS)
        return bool(
            MonthlyReportDelivery.objects.filter(
                instansi=instansi,
                month=month,
                recipient=leader,
                sent_at__isnull=True,
                claimed_at__lt=stale,
            ).update(claimed_at=now)
        )


def monthly_reports_send(*, now: datetime | None = None) -> int:
    """From the first working day of a month on, e-mail last month's report (PDF attached) to
    every leader of each instansi that has an e-mail address, once per leader and month.
    Returns how many were sent. Runs outside any transaction (it talks to the mail server)."""
    now = now or clock.now()
    sent = 0
    for instansi in Instansi.objects.order_by("pk"):
        today = now.astimezone(ZoneInfo(instansi.time_zone)).date()
        if today < first_working_day(instansi, today.year, today.month):
            continue
        period = Period("month", today.year, today.month).previous()
        leaders = (
            User.objects.filter(
                pk__in=Membership.objects.filter(instansi=instansi, role=Role.LEADER).values(
                    "user_id"
                ),
                is_active=True,
            )
            .exclude(email="")
            .order_by("pk")
        )
        for leader in leaders:
            if MonthlyReportDelivery.objects.filter(
                instansi=instansi, month=period.first_month, recipient=leader, sent_at__isnull=False
            ).exists():
                continue
            scope = next((s for s in oversight_scopes(leader) if s.instansi == instansi), None)
            if scope is None or not _claim(instansi, period.first_month, leader, now):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                report = recap_build(scope=scope, period=period)
                subject = _("Monthly complaint report %(period)s: %(name)s") % {
                    "period": period.label,
                    "name": instansi.name,
                }
                body = _(
                    "Attached is the complaint handling report of %(period)s. The same report "
                    "is in the console under Periodic report."
                ) % {"period": period.label}
                pdf = recap_pdf(report)
            message = EmailMessage(
                subject=subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[leader.email],
                connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
            )
            message.attach(f"rekap-{instansi.code}-{period.slug}.pdf", pdf, "application/pdf")
            rows = MonthlyReportDelivery.objects.filter(
                instansi=instansi, month=period.first_month, recipient=leader
            )
            try:
                message.send(fail_silently=False)
            except (OSError, TimeoutError) as exc:  # smtplib's errors are OSErrors
                logger.warning("monthly report to user %s failed: %s", leader.pk, exc)
                rows.update(last_error=str(exc)[:2000])
                continue
            rows.update(sent_at=clock.now(), last_error="")
            sent += 1
    return sent
