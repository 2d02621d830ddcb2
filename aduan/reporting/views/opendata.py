"""Open data: the /data/ page, the data dictionary (/data/kamus/), the files themselves
(/data/<instansi>/<file>) and the DCAT catalogue (/data.json) that CKAN harvesters read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.complaints.choices import Channel, ReportType, Status
from aduan.organisation.models import Instansi
from aduan.reporting.opendata import (
    FIELDS,
    LICENSE_NAME,
    LICENSE_URL,
    dataset_files,
    file_name,
    file_path,
)

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _instansi_list() -> list[Instansi]:
    return list(Instansi.objects.select_related("region").order_by("name"))


@require_GET
def data_home(request: HttpRequest) -> HttpResponse:
    datasets = [{"instansi": i, "files": dataset_files(i)} for i in _instansi_list()]
    context = {
        "datasets": datasets,
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
    }
    return render(request, "reporting/data_home.html", context)


@require_GET
def data_dictionary(request: HttpRequest) -> HttpResponse:
    context = {
        "fields": FIELDS,
        "types": ReportType.choices,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
    }
    return render(request, "reporting/data_dictionary.html", context)


@require_GET
def data_file(request: HttpRequest, instansi_code: str, name: str) -> FileResponse:
    instansi = Instansi.objects.filter(code=instansi_code).first()
    path = file_path(instansi, name) if instansi is not None else None
    if path is None:
        raise Http404
    fmt = path.suffix.lstrip(".")
    response = FileResponse(
        path.open("rb"), content_type=CONTENT_TYPES[fmt], as_attachment=True, filename=name
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


def _dataset(request: HttpRequest, instansi: Instansi, files: dict[str, Any]) -> dict[str, Any]:
    """One DCAT-US 1.1 dataset (Project Open Data metadata schema v1.1)."""
    page = request.build_absolute_uri(reverse("reporting:data_home"))
    dictionary = request.build_absolute_uri(reverse("reporting:data_dictionary"))
    distributions = []
    for fmt, media in (("csv", "text/csv"), ("json", "application/json")):
        url = reverse(
            "reporting:data_file",
            kwargs={"instansi_code": instansi.code, "name": file_name(instansi, "latest", fmt)},
        )
        distributions.append(
            {
                "@type": "dcat:Distribution",
                "title": f"{fmt.upper()}",
                "downloadURL": request.build_absolute_uri(url),
                "mediaType": media,
                "format": fmt.upper(),
                "describedBy": dictionary,
                "describedByType": "text/html",
            }
        )
    modified = max((f["modified"] for f in files.values()), default=None)
    dataset: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "identifier": f"{page}#{instansi.code}",
        "title": _("Public service complaints: %(name)s") % {"name": instansi.name},
        "description": _(
            "Every published report (complaint, suggestion or information request) received "
            "by %(name)s, one row each: type, status, channel, category, units, kecamatan and "
            "desa, the days of each step, and the published text. No reporter identity and "
            "nothing of confidential reports. Updated daily."
        )
        % {"name": instansi.name},
        "keyword": ["pengaduan", "SP4N-LAPOR!", "pelayanan publik", "aduan", instansi.name],
        "modified": (modified.date().isoformat() if modified else "1970-01-01"),
        "publisher": {"@type": "org:Organization", "name": instansi.name},
        "contactPoint": {
            "@type": "vcard:Contact",
            "fn": instansi.name,
            "hasEmail": f"mailto:{settings.DEFAULT_FROM_EMAIL}",
        },
        "accessLevel": "public",
        "license": LICENSE_URL,
        "rights": LICENSE_NAME,
        "accrualPeriodicity": "R/P1D",
        "describedBy": dictionary,
        "describedByType": "text/html",
        "landingPage": page,
        "language": ["id"],
        "distribution": distributions,
    }
    if instansi.region is not None:
        dataset["spatial"] = f"{instansi.region.code} {instansi.region.name}"
    return dataset


@require_GET
def data_catalog(request: HttpRequest) -> JsonResponse:
    """The catalogue: one dataset per instansi that has its files written."""
    datasets = [
        _dataset(request, instansi, files)
        for instansi in _instansi_list()
        if (files := dataset_files(instansi))
    ]
    catalog = {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    }
    response = JsonResponse(catalog, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response
