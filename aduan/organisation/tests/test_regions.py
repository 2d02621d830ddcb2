"""The shipped region list and Luwu's reference data.

The regions are checked against an independent list of Kabupaten Luwu (Kemendagri 2025 codes,
from other public datasets) kept beside the checkout in the shared data directory.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from aduan.organisation.choices import RegionLevel, SlaTier, UnitKind
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.organisation.reference import luwu_load
from aduan.organisation.regions import COORDINATES, DATA_DIR, regions_load
from aduan.organisation.selectors import km_between
from conftest import SHARED_DATA

REFERENCE_CSV = SHARED_DATA / "wilayah-luwu" / "luwu_wilayah.csv"
LUWU = "73.17"
LEVELS = {
    "kabupaten": RegionLevel.REGENCY,
    "kecamatan": RegionLevel.DISTRICT,
    "desa": RegionLevel.VILLAGE,
    "kelurahan": RegionLevel.VILLAGE,
}

ISSUE_OPDS = [
    "Diskominfo-SP",
    "Inspektorat",
    "BKPSDM",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dukcapil",
    "DPMPTSP",
    "Dinas PUPR",
    "Dinas Sosial",
    "BPBD",
    "Bagian Organisasi",
    "Bagian Hukum",
]
ISSUE_CATEGORIES = {
    "kesehatan": "Health",
    "pendidikan": "Education",
    "infrastruktur": "Roads, bridges and public works",
    "air": "Water and sanitation",
    "adminduk": "Population administration",
    "bansos": "Social assistance",
    "perizinan": "Licensing",
    "lingkungan": "Environment",
    "ketertiban": "Public order",
    "desa": "Village government and village funds",
    "gesi": "Women, children and vulnerable groups",
}


def _reference() -> list[dict[str, str]]:
    assert REFERENCE_CSV.exists(), f"the reference list is missing: {REFERENCE_CSV}"
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _is_kelurahan(code: str) -> bool:
    # Kemendagri numbering: village serials 1xxx are kelurahan, 2xxx desa.
    return code.split(".")[3].startswith("1")


def _shipped_luwu() -> dict[str, tuple[str, str, str | None]]:
    return {
        code: (name, level, parent)
        for code, name, level, parent in Region.objects.filter(code__startswith=LUWU).values_list(
            "code", "name", "level", "parent__code"
        )
    }


def test_the_region_source_is_cited_with_its_licence():
    source = (DATA_DIR / "SOURCE.md").read_text(encoding="utf-8")
    assert "idn-area-data" in source
    assert "ODbL" in source
    assert (DATA_DIR / "LICENSE-ODbL.md").exists()


def test_the_reference_list_has_the_expected_shape():
    rows = _reference()
    levels = [row["level"] for row in rows]
    assert (levels.count("kabupaten"), levels.count("kecamatan")) == (1, 22)
    assert (levels.count("desa"), levels.count("kelurahan")) == (207, 20)
    villages = [row for row in rows if row["level"] in ("desa", "kelurahan")]
    # The level is derivable from the code, so the shipped list (codes only) can be split too.
    assert all(_is_kelurahan(r["kode_kemendagri"]) == (r["level"] == "kelurahan") for r in villages)


@pytest.mark.django_db
def test_shipped_regions_of_luwu_match_the_reference_list():
    regions_load(prefix=LUWU)
    shipped = _shipped_luwu()
    expected = {
        row["kode_kemendagri"]: (
            row["nama"],
            LEVELS[row["level"]],
            row["kode_induk"],
        )
        for row in _reference()
    }
    assert shipped == expected
    assert Region.objects.get(code=LUWU).name == "Kabupaten Luwu"
    assert Region.objects.get(code="73").level == RegionLevel.PROVINCE


@pytest.mark.django_db
def test_luwu_has_22_kecamatan_and_227_villages_207_desa_and_20_kelurahan():
    regions_load(prefix=LUWU)
    luwu = Region.objects.get(code=LUWU)
    assert luwu.children.filter(level=RegionLevel.DISTRICT).count() == 22
    villages = Region.objects.filter(parent__parent=luwu, level=RegionLevel.VILLAGE)
    codes = list(villages.values_list("code", flat=True))
    assert len(codes) == 227
    kelurahan = [c for c in codes if _is_kelurahan(c)]
    assert (len(codes) - len(kelurahan), len(kelurahan)) == (207, 20)


@pytest.mark.django_db
def test_loading_regions_twice_changes_nothing():
    first = regions_load(prefix=LUWU)
    before = dict(Region.objects.values_list("code", "pk"))
    second = regions_load(prefix=LUWU)
    assert first == second == 1 + 1 + 22 + 227  # province, regency, kecamatan, villages
    assert dict(Region.objects.values_list("code", "pk")) == before


@pytest.mark.django_db
def test_loading_regions_again_repairs_a_changed_name():
    regions_load(prefix=LUWU)
    Region.objects.filter(code="73.17.01.2005").update(name="Kana")
    regions_load(prefix=LUWU)
    assert Region.objects.get(code="73.17.01.2005").name == "Kanna"


@pytest.mark.django_db
def test_loading_luwu_twice_is_idempotent_and_keeps_admin_edits():
    instansi = luwu_load()
    counts = (Region.objects.count(), instansi.units.count(), instansi.categories.count())
    Category.objects.filter(instansi=instansi, code="infrastruktur-jalan").update(
        sla_tier=SlaTier.NORMATIVE
    )
    again = luwu_load()
    assert again.pk == instansi.pk
    assert Instansi.objects.count() == 1
    assert (Region.objects.count(), again.units.count(), again.categories.count()) == counts
    road = Category.objects.get(instansi=instansi, code="infrastruktur-jalan")
    assert road.sla_tier == SlaTier.NORMATIVE


@pytest.mark.django_db
def test_luwu_load_creates_an_office_for_each_of_the_22_kecamatan(luwu):
    offices = Unit.objects.filter(instansi=luwu, kind=UnitKind.DISTRICT_OFFICE)
    assert offices.count() == 22
    districts = Region.objects.filter(parent__code=LUWU, level=RegionLevel.DISTRICT)
    assert {o.region_id for o in offices} == set(districts.values_list("pk", flat=True))
    for office in offices.select_related("region"):
        assert office.region is not None
        assert office.name == f"Kecamatan {office.region.name}"


@pytest.mark.django_db
def test_luwu_load_creates_the_opds_named_in_the_customers_plan(luwu):
    names = set()
    for name, short_name in Unit.objects.filter(instansi=luwu).values_list("name", "short_name"):
        names |= {name, short_name}
    assert [opd for opd in ISSUE_OPDS if opd not in names] == []
    assert Unit.objects.filter(instansi=luwu, kind=UnitKind.OPD).count() >= 25
    bagian = Unit.objects.filter(instansi=luwu, name__in=["Bagian Organisasi", "Bagian Hukum"])
    assert {u.parent.code for u in bagian if u.parent} == {"setda"}


@pytest.mark.django_db
def test_categories_form_a_two_level_tree_each_with_an_sla_tier(luwu):
    categories = list(Category.objects.filter(instansi=luwu).select_related("parent"))
    top = [c for c in categories if c.parent is None]
    children = [c for c in categories if c.parent is not None]
    assert {c.code: c.name_en for c in top if c.code in ISSUE_CATEGORIES} == ISSUE_CATEGORIES
    assert children, "the starting tree has second-level categories"
    assert all(c.parent is not None and c.parent.parent_id is None for c in children)
    assert all(c.sla_tier in SlaTier.values for c in categories)
    assert {c.sla_tier for c in categories} == set(SlaTier.values)
    for category in categories:
        if category.default_unit_id is not None:
            assert Unit.objects.filter(pk=category.default_unit_id, instansi=luwu).exists()
    with_unit = [c for c in children if c.default_unit_id is not None]
    assert len(with_unit) == len(children)


def test_the_coordinates_source_is_cited_with_its_licence():
    folder = COORDINATES.parent
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    assert "cahyadsn/wilayah_boundaries" in source
    assert "MIT" in source
    assert "Permission is hereby granted" in (folder / "LICENSE-MIT.txt").read_text()


@pytest.mark.django_db
def test_every_kecamatan_and_desa_of_luwu_gets_a_centroid_inside_the_regency():
    regions_load(prefix=LUWU)
    below = Region.objects.filter(code__startswith=LUWU + ".")
    assert below.count() == 22 + 227
    assert not below.filter(latitude__isnull=True).exists()
    kecamatan = {r.pk: r for r in below.filter(level=RegionLevel.DISTRICT)}
    for desa in below.filter(level=RegionLevel.VILLAGE):
        assert desa.latitude is not None
        assert desa.longitude is not None
        # Luwu lies between 2.6° and 3.8° south, 119.9° and 120.5° east.
        assert -3.8 < desa.latitude < -2.6
        assert 119.9 < desa.longitude < 120.5
        # A code mixed up with another regency's would land far from its own kecamatan.
        assert desa.parent_id is not None
        district = kecamatan[desa.parent_id]
        assert district.latitude is not None
        assert district.longitude is not None
        km = km_between(
            (float(desa.latitude), float(desa.longitude)),
            (float(district.latitude), float(district.longitude)),
        )
        assert km < 25, (desa.code, km)
    # The province and the regency have no centroid shipped.
    assert Region.objects.get(code=LUWU).latitude is None


@pytest.mark.django_db
def test_loading_regions_again_repairs_a_changed_coordinate():
    regions_load(prefix=LUWU)
    Region.objects.filter(code="73.17.01.2005").update(latitude=0, longitude=0)
    regions_load(prefix=LUWU)
    kanna = Region.objects.get(code="73.17.01.2005")
    assert (kanna.latitude, kanna.longitude) == (Decimal("-3.23919"), Decimal("120.05009"))
