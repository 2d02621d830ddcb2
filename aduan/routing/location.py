"""Where it happened: the kecamatan and desa/kelurahan named in a report's text.

Matched against the region gazetteer (organisation.Region) under the instansi's region, with
the spellings people use: "Kec. Bua", "Ds. Kanna", "desa Kanna Utara", "kel.Senga",
"BasseSangtempe" (missing space), any case and accent. The longest match wins (a desa named
like its kecamatan, "Bua", is read as the desa only when introduced as a desa).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Instansi, Region
from aduan.routing.text import fold

_VILLAGE_CUE = r"(?:desa|ds|kelurahan|kel|dusun|dsn)\.?\s*"
_DISTRICT_CUE = r"(?:kecamatan|kec|kac)\.?\s*"


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


@dataclass(frozen=True)
class Place:
    region_id: int
    code: str
    name: str
    level: str
    parent_id: int | None


@functools.lru_cache(maxsize=32)
def _gazetteer(region_id: int) -> tuple[Place, ...]:
    districts = list(Region.objects.filter(parent_id=region_id, level=RegionLevel.DISTRICT))
    villages = list(
        Region.objects.filter(parent__in=districts, level=RegionLevel.VILLAGE).select_related(
            "parent"
        )
    )
    return tuple(Place(r.pk, r.code, r.name, r.level, r.parent_id) for r in [*districts, *villages])


def place_in(instansi: Instansi, text: str) -> Place | None:
    """The most specific place of the instansi named in `text`, or None."""
    if instansi.region_id is None:
        return None
    places = _gazetteer(instansi.region_id)
    folded = fold(text)
    squashed = _squash(text)
    best: tuple[int, Place] | None = None
    for place in places:
        name = fold(place.name)
        key = _squash(place.name)
        if len(key) < 3:
            continue
        cue = _VILLAGE_CUE if place.level == RegionLevel.VILLAGE else _DISTRICT_CUE
        words = r"\s*".join(re.escape(w) for w in name.split())
        if re.search(rf"\b{cue}{words}\b", folded):
            score = 3 * len(key) + 2
        elif re.search(rf"\b{words}\b", folded):
            score = 3 * len(key) + (1 if place.level == RegionLevel.DISTRICT else 0)
        elif len(key) >= 6 and key in squashed:
            score = 2 * len(key)
        else:
            continue
        if best is None or score > best[0]:
            best = (score, place)
    return best[1] if best else None
