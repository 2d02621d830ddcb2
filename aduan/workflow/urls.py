from django.urls import path

from aduan.workflow.views import tracking

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
]

urlpatterns = [*track_urls]
