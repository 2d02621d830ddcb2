from django.urls import path

from aduan.workflow.views import console, coordinator, improvements, tracking, unit

app_name = "workflow"

# The citizen's tracking page; the paths are Indonesian, the view names English.
track_urls = [
    path("lacak/", tracking.track_lookup, name="track_lookup"),
    path("lacak/<str:number>/", tracking.track, name="track"),
    path("lacak/<str:number>/akses/", tracking.track_access, name="track_access"),
    path("lacak/<str:number>/balas/", tracking.track_reply, name="track_reply"),
    path("lacak/<str:number>/konfirmasi/", tracking.track_confirm, name="track_confirm"),
    path("lacak/<str:number>/nilai/", tracking.track_rate, name="track_rate"),
    path("lacak/<str:number>/keluar/", tracking.track_forget, name="track_forget"),
    path(
        "lacak/<str:number>/lampiran/<int:pk>/", tracking.track_attachment, name="track_attachment"
    ),
]

# The staff console: the start page, the two inboxes and the page of one report.
console_urls = [
    path("konsol/", console.console_home, name="console_home"),
    path("konsol/verifikasi/", coordinator.coordinator_inbox, name="coordinator_inbox"),
    path("konsol/unit/", unit.unit_inbox, name="unit_inbox"),
    path("konsol/laporan/<str:number>/", console.console_report, name="console_report"),
    path("konsol/lampiran/<int:pk>/", console.console_attachment, name="console_attachment"),
]

# The coordinator's actions on one report (POST only; each calls one service).
coordinator_action_urls = [
    path("konsol/laporan/<str:number>/verifikasi/", coordinator.verify, name="console_verify"),
    path("konsol/laporan/<str:number>/disposisi/", coordinator.dispatch, name="console_dispatch"),
    path("konsol/laporan/<str:number>/kelola/", coordinator.handle, name="console_handle"),
    path("konsol/laporan/<str:number>/tunda/", coordinator.hold, name="console_hold"),
    path("konsol/laporan/<str:number>/lanjutkan/", coordinator.resume, name="console_resume"),
    path("konsol/laporan/<str:number>/teruskan/", coordinator.forward, name="console_forward"),
    path("konsol/laporan/<str:number>/arsipkan/", coordinator.archive, name="console_archive"),
    path("konsol/laporan/<str:number>/gabungkan/", coordinator.merge, name="console_merge"),
    path("konsol/laporan/<str:number>/ubah/", coordinator.edit, name="console_edit"),
    path("konsol/laporan/<str:number>/identitas/", coordinator.identity, name="console_identity"),
    path("konsol/laporan/<str:number>/publikasi/", coordinator.publish, name="console_publish"),
    path(
        "konsol/laporan/<str:number>/tarik-publikasi/",
        coordinator.unpublish,
        name="console_unpublish",
    ),
    path("konsol/laporan/<str:number>/samarkan/", coordinator.mask, name="console_mask"),
    path("konsol/laporan/<str:number>/buka-samaran/", coordinator.unmask, name="console_unmask"),
]

# The liaison's actions on one report (POST only; each calls one service).
unit_action_urls = [
    path("konsol/laporan/<str:number>/terima/", unit.accept, name="console_accept"),
    path("konsol/laporan/<str:number>/kembalikan/", unit.hand_back, name="console_return"),
    path("konsol/laporan/<str:number>/tindak-lanjut/", unit.followup, name="console_followup"),
    path("konsol/laporan/<str:number>/perpanjang/", unit.extend, name="console_extend"),
    path("konsol/laporan/<str:number>/selesai/", unit.resolve, name="console_resolve"),
    path("konsol/laporan/<str:number>/alihkan/", unit.reassign, name="console_reassign"),
]

# Service improvements proposed at resolution: the list, the leader's decision, done.
improvement_urls = [
    path("konsol/perbaikan/", improvements.improvements, name="improvements"),
    path(
        "konsol/perbaikan/<int:pk>/putuskan/",
        improvements.improvement_decide,
        name="improvement_decide",
    ),
    path(
        "konsol/perbaikan/<int:pk>/selesai/",
        improvements.improvement_complete,
        name="improvement_complete",
    ),
]

urlpatterns = [
    *track_urls,
    *console_urls,
    *coordinator_action_urls,
    *unit_action_urls,
    *improvement_urls,
]
