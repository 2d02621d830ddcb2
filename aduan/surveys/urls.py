from django.urls import path

from aduan.surveys import views

app_name = "surveys"

# The public survey of a unit (the instansi: ?instansi=<code>, else the default one), and the
# results: public, and in the console for those who oversee.
urlpatterns = [
    path("hasil-survei/", views.survey_public, name="public"),
    path("konsol/survei/", views.survey_console, name="console"),
    path("survei/<slug:unit_code>/", views.survey_form, name="form"),
    path("survei/<slug:unit_code>/terima-kasih/", views.survey_thanks, name="thanks"),
    path("survei/<slug:unit_code>/cetak/", views.survey_poster, name="poster"),
]
