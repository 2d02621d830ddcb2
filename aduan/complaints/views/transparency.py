"""The event log's public anchors (/transparansi/): the latest signed checkpoints, the public
key that verifies them, and a JSON download of the whole series so outsiders can keep a copy.

Nothing here names a report: a checkpoint's list of chain tails stays in the database and in the
auditor's export (docs/event-log.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aduan.complaints import anchors

PAGE_CHECKPOINTS = 30


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "complaints/transparency.html",
        {
            "checkpoints": anchors.checkpoints_published(PAGE_CHECKPOINTS),
            "public_key": anchors.public_key_hex(),
            "public_key_pem": anchors.public_key_pem(),
            "statement_format": anchors.STATEMENT_FORMAT,
        },
    )


@require_GET
def transparency_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "statement_format": anchors.STATEMENT_FORMAT,
            "public_key": anchors.public_key_hex(),
            "public_key_pem": anchors.public_key_pem(),
            "checkpoints": anchors.checkpoints_published(),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = 'attachment; filename="aduan-checkpoints.json"'
    return response
