"""Reads of webhook deliveries for the console (a coordinator's governments only)."""

from __future__ import annotations

from django.http import Http404

from aduan.integrations.webhooks.models import Delivery, Subscription


def subscriptions_of(*, instansi_ids: set[int]) -> list[Subscription]:
    return list(
        Subscription.objects.filter(instansi_id__in=instansi_ids)
        .select_related("instansi", "unit")
        .order_by("name", "pk")
    )


def deliveries_of(*, instansi_ids: set[int], limit: int = 100) -> list[Delivery]:
    """The latest deliveries of these governments' subscriptions, newest first."""
    return list(
        Delivery.objects.filter(subscription__instansi_id__in=instansi_ids)
        .select_related("subscription", "event__complaint")
        .order_by("-created_at", "-pk")[:limit]
    )


def delivery_of(*, instansi_ids: set[int], pk: int) -> Delivery:
    found = (
        Delivery.objects.filter(subscription__instansi_id__in=instansi_ids, pk=pk)
        .select_related("subscription")
        .first()
    )
    if found is None:
        raise Http404
    return found
