"""The two bare views: the same middleware, database and server as the real pages, and
nothing else (no validation, no events, no search index)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from bench.web.bareapp.models import BareRow


@csrf_exempt  # like the JSON API, which takes no cookie and so needs no CSRF token
@require_POST
def insert(request: HttpRequest) -> JsonResponse:
    data = json.loads(request.body)
    row = BareRow.objects.create(title=data["title"], body=data["description"])
    return JsonResponse({"id": row.pk}, status=201)


@require_GET
def newest(request: HttpRequest) -> HttpResponse:
    rows = BareRow.objects.order_by("-pk")[:20]
    return render(request, "bareapp/newest.html", {"rows": rows})
