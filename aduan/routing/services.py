"""Writes of the routing assistant: accepting a suggestion, and training an instansi's model.

Accepting goes through the same lifecycle service as the console's own verification
(workflow.services.complaint_verify), with the same checks; the decision is recorded beside
the report's events. Training reads the instansi's dispatch decisions and keeps a new model
only when it is not worse than the one in use on the latest decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.complaints.models import Complaint, Dispatch
from aduan.core import clock
from aduan.core.errors import Conflict, ValidationFailed
from aduan.organisation.models import Instansi
from aduan.routing.linear import LinearModel
from aduan.routing.models import RoutingModel, SuggestionDecision
from aduan.routing.selectors import model_in_use, suggestion_pending
from aduan.routing.training import evaluate, train
from aduan.workflow import services as workflow

# Below this many decisions, or with fewer than two units among them, no own model is trained.
MIN_DECISIONS = 30
HOLDOUT_SHARE = 0.2


@transaction.atomic
def suggestion_accept(
    *, actor: User, complaint: Complaint, rank: int = 0, unit_code: str | None = None
) -> Complaint:
    """Verify the report and dispatch it to the suggested unit (best first: rank 0), with the
    category that unit implies when the report has none or the coordinator keeps it open.

    `unit_code` names the suggested unit instead of its rank (the staff API): a unit no longer
    among the report's suggestions (removed, made inactive, or out-ranked since the client
    read them) is a stale suggestion, 409, as is a report no longer awaiting verification."""
    suggestion = suggestion_pending(complaint)
    if unit_code is not None:
        codes = [u.unit.code for u in suggestion.units]
        if unit_code not in codes:
            raise Conflict(
                _(
                    "The unit %(code)s is no longer among the suggestions for this report; "
                    "read the suggestions again."
                )
                % {"code": unit_code},
                code="suggestion_stale",
            )
        rank = codes.index(unit_code)
    if not 0 <= rank < len(suggestion.units):
        raise ValidationFailed(_("That suggestion is no longer there."), code="rank")
    chosen = suggestion.units[rank]
    category = complaint.category if complaint.category_id else chosen.category
    done = workflow.complaint_verify(
        actor=actor,
        complaint=complaint,
        units=[chosen.unit],
        category=category,
    )
    SuggestionDecision.objects.create(
        complaint=complaint,
        actor=actor,
        decided_at=clock.now(),
        suggested=[u.unit.code for u in suggestion.units],
        chosen=[chosen.unit.code],
        scope=suggestion.scope,
        accepted=True,
        model_version=suggestion.model_version,
    )
    return done


def decisions_of(instansi: Instansi) -> list[tuple[str, str]]:
    """(text, unit code) of each report of the instansi by the unit it was first dispatched
    to, oldest decision first: what the coordinators decided, the training data."""
    first = (
        Dispatch.objects.filter(complaint__instansi=instansi)
        .values("complaint_id")
        .annotate(first=Min("pk"))
        .values_list("first", flat=True)
    )
    rows = (
        Dispatch.objects.filter(pk__in=list(first))
        .order_by("dispatched_at", "pk")
        .values_list(
            "complaint__title", "complaint__description", "complaint__address", "unit__code"
        )
    )
    return [(f"{t}\n{d}\n{a}", code) for t, d, a, code in rows]


@dataclass(frozen=True)
class Training:
    """What a training run did: the new version, its figures, and whether it is in use."""

    version: int | None
    promoted: bool
    reason: str
    figures: dict[str, object]


def routing_model_train(*, instansi: Instansi) -> Training:
    """Train the instansi's unit model from its dispatch decisions. The newest 20% of the
    decisions are held out: the new model (trained on the rest) and the model in use are both
    measured on them, and the new one is put in use only when its top-3 accuracy is not lower.
    The kept model is then trained on every decision."""
    decisions = decisions_of(instansi)
    units = {code for _text, code in decisions}
    if len(decisions) < MIN_DECISIONS or len(units) < 2:
        return Training(None, False, "too few decisions", {"decisions": len(decisions)})
    cut = int(len(decisions) * (1 - HOLDOUT_SHARE))
    learn, held = decisions[:cut], decisions[cut:]
    if len({code for _t, code in learn}) < 2:
        return Training(None, False, "too few units", {"decisions": len(decisions)})
    candidate = train([t for t, _c in learn], [c for _t, c in learn])
    texts, labels = [t for t, _c in held], [c for _t, c in held]
    new = evaluate(candidate, texts, labels)
    row, current = model_in_use(instansi)
    old = evaluate(current, texts, labels) if current is not None else None
    # Not worse: top-3 accuracy first; with as many right, top-1 decides (with three units or
    # fewer, every model has every answer in its top three).
    promoted = old is None or (new.top3, new.top1) >= (old.top3, old.top1)
    figures: dict[str, object] = {
        "decisions": len(decisions),
        "held_out": len(held),
        "candidate": new.as_dict(),
        "in_use": old.as_dict() if old is not None else None,
    }
    final: LinearModel = train([t for t, _c in decisions], [c for _t, c in decisions])
    with transaction.atomic():
        last = (
            RoutingModel.objects.select_for_update()
            .filter(instansi=instansi)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        version = (last or 0) + 1
        if promoted:
            RoutingModel.objects.filter(instansi=instansi, in_use=True).update(in_use=False)
        RoutingModel.objects.create(
            instansi=instansi,
            version=version,
            created_at=clock.now(),
            examples=len(decisions),
            figures=figures,
            params=final.to_json(),
            in_use=promoted,
        )
    reason = "not worse than the model in use" if promoted else "worse than the model in use"
    if row is None:
        reason = "first model of this instansi"
    return Training(version, promoted, reason, figures)


def routing_models_train_due(*, now: datetime | None = None) -> list[Training]:
    """The worker's schedule: retrain each instansi whose model in use (or latest try) is
    older than ADUAN_ROUTING_RETRAIN_DAYS and that has enough decisions."""
    now = now or clock.now()
    every = timedelta(days=settings.ADUAN_ROUTING_RETRAIN_DAYS)
    done = []
    for instansi in Instansi.objects.order_by("pk"):
        latest = (
            RoutingModel.objects.filter(instansi=instansi)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if latest is not None and now - latest < every:
            continue
        decided = (
            Dispatch.objects.filter(complaint__instansi=instansi).values("complaint").distinct()
        )
        if decided.count() < MIN_DECISIONS:
            continue
        done.append(routing_model_train(instansi=instansi))
    return done
