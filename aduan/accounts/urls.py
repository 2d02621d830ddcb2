from django.urls import path

from aduan.accounts import views

app_name = "accounts"

# Signing in: password, then (staff) the authenticator code, a recovery code or enrolment.
sign_in_urls = [
    path("masuk/", views.sign_in, name="login"),
    path("masuk/verifikasi/", views.verify, name="verify"),
    path("masuk/kode-pemulihan/", views.recovery, name="recovery"),
    path("masuk/aktifkan-2fa/", views.enrol, name="enrol"),
    path("keluar/", views.sign_out, name="logout"),
]

urlpatterns = [*sign_in_urls]
