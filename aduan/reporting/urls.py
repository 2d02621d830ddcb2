from django.urls import path

from aduan.reporting.views import accountability, gesi, opendata, oversight, periodic, statistics

app_name = "reporting"

# The public statistics page.
statistics_urls = [
    path("statistik/", statistics.statistics, name="statistics"),
    path("statistik/gesi/", gesi.gesi_public, name="gesi_public"),
]

# Oversight for leaders, auditors and coordinators (each list also as CSV and XLSX with
# ?format=csv or ?format=xlsx), and the auditor's pages. The escalation list is the
# notifications app's (notifications:escalations): the sweep's Escalation rows live there.
oversight_urls = [
    path("konsol/pengawasan/", oversight.oversight, name="oversight"),
    path("konsol/pengawasan/terlambat/", oversight.oversight_overdue, name="oversight_overdue"),
    path("konsol/pengawasan/unit/", oversight.oversight_units, name="oversight_units"),
    path("konsol/rekap/", periodic.recap, name="recap"),
    path("konsol/pengawasan/gesi/", gesi.oversight_gesi, name="oversight_gesi"),
    path("konsol/audit/peristiwa/", oversight.audit_events, name="audit_events"),
    path("konsol/audit/identitas/", oversight.audit_identity_views, name="audit_identity_views"),
]

# Open data: the page, its data dictionary, the daily files and the DCAT catalogue.
open_data_urls = [
    path("data/", opendata.data_home, name="data_home"),
    path("data/kamus/", opendata.data_dictionary, name="data_dictionary"),
    path("data/<slug:instansi_code>/<str:name>", opendata.data_file, name="data_file"),
    path("data.json", opendata.data_catalog, name="data_catalog"),
]

# Accountability: the maklumat pelayanan pengaduan and each unit's standing.
accountability_urls = [
    path("maklumat/", accountability.charter, name="charter"),
    path("kinerja/", accountability.units_standing, name="units_standing"),
    path("kinerja/<slug:unit_code>/", accountability.unit_page, name="unit_page"),
]

urlpatterns = [*statistics_urls, *oversight_urls, *open_data_urls, *accountability_urls]
