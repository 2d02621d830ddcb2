"""Loading an instansi's reference data (regions, units, categories) idempotently."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from aduan.organisation.choices import RegionLevel, UnitKind
from aduan.organisation.models import Category, Instansi, Region, ReplyTemplate, Unit
from aduan.organisation.reference import luwu
from aduan.organisation.regions import regions_load


@transaction.atomic
def luwu_load() -> Instansi:
    """Kabupaten Luwu: its regions, the instansi, OPDs, 22 kecamatan offices, categories and
    the units' reply templates.

    Loading again adds what is missing and leaves administrators' edits alone.
    """
    regions_load(prefix=luwu.REGENCY_CODE)
    regency = Region.objects.get(code=luwu.REGENCY_CODE)
    instansi, _ = Instansi.objects.get_or_create(
        code=luwu.INSTANSI["code"], defaults={**luwu.INSTANSI, "region": regency}
    )
    units: dict[str, Unit] = {u.code: u for u in Unit.objects.filter(instansi=instansi)}
    for code, name, short, kind, parent_code in luwu.UNITS:
        if code not in units:
            units[code] = Unit.objects.create(
                instansi=instansi,
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                parent=units[parent_code] if parent_code else None,
                region=regency,
            )
    for district in Region.objects.filter(parent=regency, level=RegionLevel.DISTRICT):
        code = f"kec-{slugify(district.name)}"
        if code not in units:
            units[code] = Unit.objects.create(
                instansi=instansi,
                code=code,
                name=f"Kecamatan {district.name}",
                short_name=f"Kec. {district.name}",
                kind=UnitKind.DISTRICT_OFFICE,
                region=district,
            )
    existing = set(Category.objects.filter(instansi=instansi).values_list("code", flat=True))
    for code, name, name_en, tier, unit_code, children in luwu.CATEGORIES:
        if code not in existing:
            Category.objects.create(
                instansi=instansi,
                code=code,
                name=name,
                name_en=name_en,
                sla_tier=tier,
                default_unit=units.get(unit_code) if unit_code else None,
            )
        parent = Category.objects.get(instansi=instansi, code=code)
        for c_code, c_name, c_name_en, c_tier, c_unit in children:
            if c_code not in existing:
                Category.objects.create(
                    instansi=instansi,
                    parent=parent,
                    code=c_code,
                    name=c_name,
                    name_en=c_name_en,
                    sla_tier=c_tier,
                    default_unit=units.get(c_unit) if c_unit else None,
                )
    titles = set(ReplyTemplate.objects.filter(instansi=instansi).values_list("title", flat=True))
    ReplyTemplate.objects.bulk_create(
        ReplyTemplate(instansi=instansi, title=title, text=text, ordering=position)
        for position, (title, text) in enumerate(luwu.REPLY_TEMPLATES, start=1)
        if title not in titles
    )
    return instansi
