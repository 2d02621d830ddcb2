"""Open311 writes: issuing and revoking partner keys, and filing a report through a key.

A report filed here goes through the same intake as every other channel
(`complaints.services.complaint_submit`, with its checks, and the per-phone limit of
`complaints.intake`); the partner's key takes the place of the per-address limit, because one
partner server files for many citizens.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.complaints.intake import HOUR, intake_guard, intake_within_limits
from aduan.complaints.services import ReportInput, Submitted, complaint_submit
from aduan.core import clock, ratelimit
from aduan.core.errors import PermissionDenied, RateLimited
from aduan.integrations.open311.models import PartnerKey, PartnerSubmission
from aduan.organisation.models import Instansi

logger = logging.getLogger(__name__)

KEY_PREFIX = "o311_"


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def partner_key_issue(
    *, actor: User | None, name: str, instansi: Instansi, per_hour: int = 60
) -> tuple[PartnerKey, str]:
    """A new key for a partner application: the row, and the key itself (shown once)."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = PartnerKey.objects.create(
        name=name.strip(),
        instansi=instansi,
        prefix=raw[:12],
        key_hash=key_hash(raw),
        per_hour=per_hour,
        created_at=clock.now(),
        created_by=actor,
    )
    logger.info("open311 key %s issued for %r by %s", key.prefix, key.name, actor)
    return key, raw


@transaction.atomic
def partner_key_revoke(*, actor: User | None, key: PartnerKey) -> PartnerKey:
    """Revoke a key: every later request with it is refused. Its reports stay attributed."""
    key = PartnerKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        key.save(update_fields=["revoked_at"])
        logger.info("open311 key %s of %r revoked by %s", key.prefix, key.name, actor)
    return key


def partner_key_check(raw: str, *, instansi: Instansi) -> PartnerKey:
    """The active key with this value, issued for `instansi`; PermissionDenied (403) for a
    missing, unknown or revoked one (all alike: a caller learns nothing about which keys
    exist), or one of another government."""
    key = (
        PartnerKey.objects.select_related("instansi").filter(key_hash=key_hash(raw)).first()
        if raw
        else None
    )
    if key is None or key.revoked_at is not None:
        raise PermissionDenied(_("The api_key is missing, unknown or revoked."), code="api_key")
    if key.instansi_id != instansi.pk:
        raise PermissionDenied(
            _("This api_key may not file reports for this jurisdiction."), code="api_key"
        )
    return key


@dataclass(frozen=True)
class PartnerFiled:
    submitted: Submitted
    token: str


def open311_submit(*, key: PartnerKey, instansi: Instansi, data: ReportInput) -> PartnerFiled:
    """File a report for a partner application.

    The key's hourly limit and the per-phone limit of intake are counted first (a refused
    attempt counts too, as on every channel); then the report is filed through
    `complaint_submit`, and the submission row with its token is written in the same
    transaction as the report.
    """
    if key.revoked_at is not None or key.instansi_id != instansi.pk:
        # The view checks the key first (partner_key_check); this keeps the service safe alone.
        raise PermissionDenied(
            _("This api_key may not file reports for this jurisdiction."), code="api_key"
        )
    if not ratelimit.hit("open311-key", str(key.pk), limit=key.per_hour, window_seconds=HOUR):
        raise RateLimited(
            _("This application has filed too many reports in the last hour. Try again later."),
            code="rate_limited_key",
        )
    intake_within_limits(ip="", phone=data.reporter.phone)
    intake_guard(ip="", phone=data.reporter.phone, honeypot="")
    token = secrets.token_urlsafe(18)
    now = clock.now()

    def remember(submitted: Submitted) -> None:
        PartnerSubmission.objects.create(
            key=key, complaint=submitted.complaint, token=token, created_at=now
        )

    submitted = complaint_submit(instansi=instansi, data=data, on_filed=remember)
    PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return PartnerFiled(submitted=submitted, token=token)
