"""`python -m bench.region_coordinates SOURCE`: the centroids shipped in
aduan/organisation/data/coordinates/ (see its SOURCE.md), computed from the boundary polygons of
a checkout of github.com/cahyadsn/wilayah_boundaries (MIT).

    python -m bench.region_coordinates ../wilayah_boundaries            # Luwu and Luwu Utara
    python -m bench.region_coordinates ../wilayah_boundaries 73.17 73.22

Run by hand when the source or the regencies change, never at runtime. For each kecamatan and
desa/kelurahan of the regencies it reads the polygon (`path`, a JSON list of rings of
[latitude, longitude] points, or a list of such polygons) from the SQL dumps
`db/kec/wilayah_boundaries_kec_<province>.sql` and `db/kel/<province>/..._kel_<regency>.sql`,
and writes the area-weighted centroid of the polygon (holes subtracted). It prints how far each
centroid lies from the point the source gives beside the polygon, and the codes of the region
list (data/wilayah) the source has no polygon for.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "aduan" / "organisation" / "data" / "coordinates" / "centroids.csv"
WILAYAH = ROOT / "aduan" / "organisation" / "data" / "wilayah"
DEFAULT_REGENCIES = ("73.17", "73.22")  # Luwu, and Luwu Utara of the demo

_ROW = re.compile(
    r"^\s*\('(?P<code>[0-9.]+)','(?P<name>(?:[^']|'')*)',"
    r"(?P<lat>-?[0-9.]+),(?P<lng>-?[0-9.]+),'(?P<path>\[.*\])'\)[,;]?\s*$"
)

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Row:
    name: str
    given: tuple[float, float]  # the point the source gives beside the polygon
    path: list[Any]


def rows_of(sql: Path, prefix: str) -> dict[str, Row]:
    found: dict[str, Row] = {}
    with sql.open(encoding="utf-8") as source:
        for line in source:
            match = _ROW.match(line)
            if match is None or not match["code"].startswith(prefix + "."):
                continue
            found[match["code"]] = Row(
                name=match["name"].replace("''", "'"),
                given=(float(match["lat"]), float(match["lng"])),
                path=json.loads(match["path"]),
            )
    return found


def polygons_of(path: list[Any]) -> list[list[Ring]]:
    """A Polygon (rings of points) or a MultiPolygon (polygons), as a list of polygons."""

    def depth(value: Any) -> int:
        return 1 + depth(value[0]) if isinstance(value, list) and value else 0

    raw = [path] if depth(path) == 3 else path
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in polygon] for polygon in raw]


def _ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Shoelace: (area, Σ lat-moment, Σ lng-moment) of one ring, unsigned area."""
    area = cy = cx = 0.0
    for (y0, x0), (y1, x1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    sign = 1.0 if area >= 0 else -1.0
    return abs(area), sign * cy / 6, sign * cx / 6


def centroid(polygons: list[list[Ring]]) -> tuple[float, float]:
    total = my = mx = 0.0
    for polygon in polygons:
        for position, ring in enumerate(polygon):
            area, cy, cx = _ring_moments(ring)
            sign = 1.0 if position == 0 else -1.0  # the first ring is the outline, then holes
            total += sign * area
            my += sign * cy
            mx += sign * cx
    return my / total, mx / total


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def listed_codes(prefix: str) -> set[str]:
    codes = set()
    for name in ("districts", "villages"):
        with gzip.open(WILAYAH / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as fh:
            codes |= {r["code"] for r in csv.DictReader(fh) if r["code"].startswith(prefix + ".")}
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("source", type=Path, help="a checkout of wilayah_boundaries")
    parser.add_argument("regencies", nargs="*", default=list(DEFAULT_REGENCIES))
    args = parser.parse_args()
    out: list[tuple[str, str, float, float]] = []
    for regency in args.regencies:
        province = regency.split(".")[0]
        db = args.source / "db"
        rows = rows_of(db / "kec" / f"wilayah_boundaries_kec_{province}.sql", regency)
        rows |= rows_of(db / "kel" / province / f"wilayah_boundaries_kel_{regency}.sql", regency)
        far = 0.0
        for code, row in sorted(rows.items()):
            lat, lng = centroid(polygons_of(row.path))
            far = max(far, km_between((lat, lng), row.given))
            out.append((code, row.name, lat, lng))
        missing = sorted(listed_codes(regency) - set(rows))
        print(
            f"{regency}: {len(rows)} regions; farthest from the source's own point: {far:.2f} km; "
            f"in the region list without a polygon: {', '.join(missing) or 'none'}",
            file=sys.stderr,
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(["code", "name", "latitude", "longitude"])
        for code, name, lat, lng in out:
            writer.writerow([code, name, f"{lat:.5f}", f"{lng:.5f}"])
    print(f"wrote {len(out)} rows to {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
