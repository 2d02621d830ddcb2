"""Files of a public report: only those staff published (follow-up evidence), never the
reporter's own uploads, which stay between the reporter and the staff handling the report."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from aduan.complaints.selectors import attachment_get_public, complaint_get_public
from aduan.core.http import stored_file_response


@require_GET
def public_attachment(request: HttpRequest, tracking_number: str, pk: int) -> FileResponse:
    complaint = complaint_get_public(tracking_number=tracking_number)
    attachment = attachment_get_public(complaint=complaint, pk=pk)
    return stored_file_response(
        attachment.file, content_type=attachment.content_type, filename=attachment.original_name
    )
