from django.urls import path

from aduan.complaints.views import feed, files, intake, operator, transparency

app_name = "complaints"

# Filing a report; the paths are Indonesian, the view names English.
intake_urls = [
    path("lapor/", intake.report, name="report"),
    path("lapor/terkirim/", intake.report_done, name="report_done"),
    path("lapor/terkirim/email/", intake.report_done_email, name="report_done_email"),
]

# The public feed and the public page of each report (never a rahasia one).
feed_urls = [
    path("laporan/", feed.feed, name="feed"),
    path("laporan/<str:tracking_number>/", feed.public_report, name="public_report"),
    path(
        "laporan/<str:tracking_number>/lampiran/<int:pk>/",
        files.public_attachment,
        name="public_attachment",
    ),
]

# Operator entry (staff console): a report from a letter, a call, a walk-in, a box or a visit.
operator_urls = [
    path("konsol/entri/", operator.operator_entry, name="operator_entry"),
    path("konsol/entri/<str:number>/", operator.operator_done, name="operator_done"),
]

# The event log's signed checkpoints and public key (docs/event-log.md).
transparency_urls = [
    path("transparansi/", transparency.transparency, name="transparency"),
    path(
        "transparansi/checkpoints.json",
        transparency.transparency_json,
        name="transparency_json",
    ),
]

urlpatterns = [*intake_urls, *feed_urls, *operator_urls, *transparency_urls]
