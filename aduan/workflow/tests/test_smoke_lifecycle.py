from aduan.complaints.choices import Status
from aduan.workflow import services


def test_full_path_from_submission_to_confirmation(submit, admin, officer, pupr):
    complaint = submit().complaint
    assert complaint.status == Status.SUBMITTED
    services.complaint_verify(actor=admin, complaint=complaint, units=[pupr], instruction="Cek")
    services.dispatch_accept(actor=officer, complaint=complaint)
    services.followup_add(actor=officer, complaint=complaint, text="Tim sudah ke lokasi")
    services.complaint_resolve(actor=officer, complaint=complaint, summary="Sudah ditambal")
    c = services.complaint_confirm(complaint=complaint)
    assert c.status == Status.CLOSED
    assert [e.kind for e in c.events.order_by("seq")] == [
        "submitted",
        "verified",
        "dispatched",
        "dispatch_accepted",
        "followup",
        "resolved",
        "confirmed",
    ]
