from django.urls import path

from aduan.actionplan import views

app_name = "actionplan"

# The console: /konsol/rencana-aksi/<plan>/... (GET pages, POST edits).
plan_urls = [
    path("konsol/rencana-aksi/", views.plan_list, name="list"),
    path("konsol/rencana-aksi/<int:plan_id>/", views.plan_overview, name="overview"),
    path("konsol/rencana-aksi/<int:plan_id>/teks/", views.plan_texts, name="texts"),
    path("konsol/rencana-aksi/<int:plan_id>/publikasi/", views.plan_publish, name="publish"),
    path("konsol/rencana-aksi/<int:plan_id>/tim/", views.team_member_add, name="team_member_add"),
    path("konsol/rencana-aksi/<int:plan_id>/salin/", views.plan_copy, name="copy"),
    path("konsol/rencana-aksi/<int:plan_id>/asesmen/", views.assessment, name="assessment"),
    path(
        "konsol/rencana-aksi/<int:plan_id>/asesmen/isi/",
        views.assessment_entry,
        name="assessment_entry",
    ),
    path("konsol/rencana-aksi/<int:plan_id>/prioritas/", views.priorities, name="priorities"),
    path(
        "konsol/rencana-aksi/<int:plan_id>/prioritas/simpan/",
        views.priority_set,
        name="priority_set",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/berita-acara/simpan/",
        views.minutes_save,
        name="minutes_save",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/berita-acara/",
        views.minutes_print,
        name="minutes_print",
    ),
    path("konsol/rencana-aksi/<int:plan_id>/indikator/", views.indicators, name="indicators"),
    path(
        "konsol/rencana-aksi/<int:plan_id>/indikator/target/",
        views.target_set,
        name="target_set",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/indikator/baru/",
        views.indicator_add,
        name="indicator_add",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/indikator/capaian/",
        views.entry_add,
        name="entry_add",
    ),
    path("konsol/rencana-aksi/<int:plan_id>/program/", views.programmes, name="programmes"),
    path(
        "konsol/rencana-aksi/<int:plan_id>/program/baru/",
        views.programme_add,
        name="programme_add",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/program/kegiatan/",
        views.activity_add,
        name="activity_add",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/program/status/",
        views.activity_status_set,
        name="activity_status_set",
    ),
    path("konsol/rencana-aksi/<int:plan_id>/monev/", views.monev, name="monev"),
    path(
        "konsol/rencana-aksi/<int:plan_id>/monev/simpan/",
        views.monev_note_save,
        name="monev_note_save",
    ),
    path("konsol/rencana-aksi/<int:plan_id>/kapasitas/", views.capacity, name="capacity"),
    path(
        "konsol/rencana-aksi/<int:plan_id>/kapasitas/pelatihan/",
        views.training_add,
        name="training_add",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/kapasitas/anggaran/",
        views.budget_line_save,
        name="budget_line_save",
    ),
    path("konsol/rencana-aksi/<int:plan_id>/bukti/", views.evidence, name="evidence"),
    path(
        "konsol/rencana-aksi/<int:plan_id>/bukti/unggah/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "konsol/rencana-aksi/<int:plan_id>/bukti/<int:file_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("konsol/rencana-aksi/<int:plan_id>/dokumen.pdf", views.document_pdf, name="pdf"),
    path("konsol/rencana-aksi/<int:plan_id>/dokumen.docx", views.document_docx, name="docx"),
]

# The public summary, when the instansi publishes it.
public_urls = [
    path("rencana-aksi/<slug:code>/", views.public_summary, name="public"),
]

urlpatterns = [*plan_urls, *public_urls]
