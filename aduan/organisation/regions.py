"""Loading the Kemendagri region list shipped in `data/wilayah/`, with the centroids of
`data/coordinates/` where they are known (see each SOURCE.md)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data" / "wilayah"
COORDINATES = Path(__file__).resolve().parent / "data" / "coordinates" / "centroids.csv"

# (file, level, column holding the parent's code)
_FILES = (
    ("provinces", RegionLevel.PROVINCE, None),
    ("regencies", RegionLevel.REGENCY, "province_code"),
    ("districts", RegionLevel.DISTRICT, "regency_code"),
    ("villages", RegionLevel.VILLAGE, "district_code"),
)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with gzip.open(DATA_DIR / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@lru_cache(maxsize=8)
def _rows_under(name: str, prefix: str | None) -> tuple[dict[str, str], ...]:
    # Parsed once per process: the village file alone has 83,000 rows.
    return tuple(row for row in _rows(name) if _wanted(row["code"], prefix))


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[Decimal, Decimal]]:
    """Code → (latitude, longitude) of the regions whose centroid is shipped."""
    with COORDINATES.open(encoding="utf-8", newline="") as fh:
        return {
            row["code"]: (Decimal(row["latitude"]), Decimal(row["longitude"]))
            for row in csv.DictReader(fh)
        }


def _wanted(code: str, prefix: str | None) -> bool:
    # A regency's own rows, and its ancestors (the province) so the tree is whole.
    return prefix is None or code.startswith(prefix) or prefix.startswith(code + ".")


@transaction.atomic
def regions_load(*, prefix: str | None = None) -> int:
    """Insert or update the regions under `prefix` (e.g. "73.17"), or all with None.

    Idempotent: names and coordinates are updated, new codes added, nothing is deleted.
    Returns how many regions the prefix covers.
    """
    points = centroids()
    by_code: dict[str, Region] = {
        r.code: r for r in Region.objects.all() if prefix is None or _wanted(r.code, prefix)
    }
    total = 0
    for name, level, parent_column in _FILES:
        new: list[Region] = []
        changed: list[Region] = []
        for row in _rows_under(name, prefix):
            code = row["code"]
            total += 1
            parent = by_code[row[parent_column]] if parent_column else None
            latitude, longitude = points.get(code, (None, None))
            region = by_code.get(code)
            if region is None:
                region = Region(
                    code=code,
                    name=row["name"],
                    level=level,
                    parent=parent,
                    latitude=latitude,
                    longitude=longitude,
                )
                new.append(region)
            elif (
                region.name != row["name"]
                or region.parent_id != (parent.pk if parent else None)
                or (region.latitude, region.longitude) != (latitude, longitude)
            ):
                region.name, region.parent = row["name"], parent
                region.latitude, region.longitude = latitude, longitude
                changed.append(region)
        Region.objects.bulk_create(new, batch_size=2000)
        Region.objects.bulk_update(
            changed, ["name", "parent", "latitude", "longitude"], batch_size=2000
        )
        if new:
            # bulk_create does not return ids on every database: read them back.
            by_code.update(
                {r.code: r for r in Region.objects.filter(level=level) if _wanted(r.code, prefix)}
            )
    return total
