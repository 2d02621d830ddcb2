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


@dataclass(frozen=True)
class _Entry:
    """A place of the gazetteer with its patterns, compiled once."""

    place: Place
    key: str
    cued: re.Pattern[str]
    bare: re.Pattern[str]


def _entry(place: Place) -> _Entry:
    cue = _VILLAGE_CUE if place.level == RegionLevel.VILLAGE else _DISTRICT_CUE
    words = r"\s*".join(re.escape(w) for w in fold(place.name).split())
    return _Entry(
        place, _squash(place.name), re.compile(rf"\b{cue}{words}\b"), re.compile(rf"\b{words}\b")
    )


@functools.lru_cache(maxsize=32)
def _gazetteer(region_id: int) -> tuple[_Entry, ...]:
    districts = list(Region.objects.filter(parent_id=region_id, level=RegionLevel.DISTRICT))
    villages = list(
        Region.objects.filter(parent__in=districts, level=RegionLevel.VILLAGE).select_related(
            "parent"
        )
    )
    return tuple(
        _entry(Place(r.pk, r.code, r.name, r.level, r.parent_id))
        for r in [*districts, *villages]
        if len(_squash(r.name)) >= 3
    )


def _strength(entry: _Entry, folded: str, squashed: str) -> float:
    """How clearly the text names the place: 3 introduced by its cue word ("desa", "kec."),
    2 as whole words, 1 squashed into other letters (long names only), 0 not at all."""
    if entry.key not in squashed:  # every way of naming it leaves its letters in a row
        return 0
    if entry.cued.search(folded):
        return 3
    if entry.bare.search(folded):
        return 2
    if len(entry.key) >= 6 and entry.key in squashed:
        return 1
    return 0


def place_in(instansi: Instansi, text: str) -> Place | None:
    """The most specific place of the instansi named in `text`, or None.

    A desa wins over its kecamatan; a desa in a kecamatan the text also names wins over
    others of the same name; a bare name shared by a kecamatan and a desa ("Bua") is the
    kecamatan unless the text calls it a desa."""
    if instansi.region_id is None:
        return None
    folded, squashed = fold(text), _squash(text)
    villages: list[tuple[float, Place]] = []
    districts: list[tuple[float, Place]] = []
    for entry in _gazetteer(instansi.region_id):
        strength = _strength(entry, folded, squashed)
        place = entry.place
        if strength:
            (villages if place.level == RegionLevel.VILLAGE else districts).append(
                (strength, place)
            )
    named_districts = {p.region_id: s for s, p in districts}
    district_names = {_squash(p.name): s for s, p in districts}

    def rank(item: tuple[float, Place]) -> tuple[float, bool, int]:
        strength, place = item
        return (strength, place.parent_id in named_districts, len(place.name))

    for strength, place in sorted(villages, key=rank, reverse=True):
        shared = district_names.get(_squash(place.name))
        if shared is not None and shared >= strength and strength < 3:
            continue  # the kecamatan's name, not called a desa
        return place
    if districts:
        return max(districts, key=lambda item: (item[0], len(item[1].name)))[1]
    return None
