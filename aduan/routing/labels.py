"""Labels for public training data: the sector and scope of the agency a report went to.

LAPOR! names the agency a report was disposed to ("Dinas Pekerjaan Umum Kota Semarang",
"BPJS Kesehatan KC Sampit", "Kementerian Sosial"). These rules turn such a name into one of the
generic sectors (choices.Sector) and a scope (choices.Scope). They are written from the names,
never from the report's text, so a model trained on them learns the text, not the rules.
Ordered: the first rule that matches wins.

Where LAPOR!'s "Yth. <agency>," prefix had no comma, the name runs on into the report ("Kepala
DPUPR Kab. Bandung kami atas nama warga Desa ... Kecamatan ..."): only the part before the
first word of the report's own sentence is read, or the report's words would pick the label.
"""

from __future__ import annotations

import re

from aduan.routing.choices import Scope, Sector

# Where a run-on name stops being a name: the first word of the writer's own sentence.
_RUN_ON = re.compile(r"\s(saya|kami|mau|pukul|bahwa|kenapa|pada tanggal)\b", re.IGNORECASE)

_SCOPE_RULES: list[tuple[str, Scope]] = [
    (
        r"\bbpjs\b|jaminan sosial (kesehatan|ketenagakerjaan)|badan penyelenggara jaminan",
        Scope.BPJS,
    ),
    (
        r"^(pt|perum|pd|pdam|pam)\b|\bpt\b.*\(persero\)|\bbank (rakyat|negara|mandiri|tabungan)|"
        r"\bpdam\b|\bpam jaya\b|\bperum\b|\bbulog\b|\bdamri\b|\bpertamina\b|\bpln\b",
        Scope.BUMN_BUMD,
    ),
    # A ministry's directorate general is central even when its name says "daerah" (Direktorat
    # Jenderal Bina Pembangunan Daerah); Bawaslu is a national body with provincial offices.
    (r"^(direktorat|kementerian)\b|\bbawaslu\b", Scope.CENTRAL),
    (
        r"\b(dinas|kecamatan|kelurahan|camat|satpol|satuan polisi pamong|rsud|rumah sakit umum "
        r"daerah|pemerintah (kabupaten|kota|provinsi)|pemerintahan kabupaten|bupati|wali ?kota|"
        r"kantor walikota|sekretariat daerah|setda|inspektorat|bagian|disdukcapil|dpupr|"
        r"suku dinas|daerah|kab\.|kabupaten|kota|provinsi|diskominfo|mas hendi|"
        r"panitia seleksi perangkat desa|kesatuan bangsa|puskesmas|dprd)\b",
        Scope.REGIONAL,
    ),
]

_SECTOR_RULES: list[tuple[str, Sector]] = [
    (r"\bpdam\b|\bpam jaya\b|\btirta\b|air minum", Sector.WATER_UTILITY),
    (r"kecamatan|kelurahan|\bcamat\b", Sector.DISTRICT_OFFICE),
    (r"kependudukan|pencatatan sipil|catatan sipil|dukcapil", Sector.CIVIL_REGISTRY),
    (
        r"pekerjaan umum|\bpu\b|\bpupr\b|\bdpupr\b|bina marga|tata air|sumber daya air|\bpsda\b",
        Sector.PUBLIC_WORKS,
    ),
    (
        r"perumahan|permukiman|pemukiman|penataan ruang|tata ruang|\bbangunan\b|\bgedung\b",
        Sector.HOUSING,
    ),
    (r"lingkungan hidup|kebersihan|pertamanan|pemakaman|kehutanan", Sector.ENVIRONMENT),
    (r"perhubungan|\bdamri\b|kereta api", Sector.TRANSPORT),
    (
        r"pendidikan|pembelajaran|kemahasiswaan|beasiswa|universitas|perguruan tinggi|"
        r"ijazah|ilmu pengetahuan|\briset\b",
        Sector.EDUCATION,
    ),
    (r"kesehatan|rumah sakit|\brsud\b|\brs\b|puskesmas|\brskgm\b", Sector.HEALTH),
    # Workers' social security (BPJS Ketenagakerjaan) is labour, as the labour ministry and a
    # regency's Dinas Tenaga Kerja are, not social affairs: both forms of its name, one label.
    (r"ketenagakerjaan|tenaga kerja", Sector.OTHER),
    (
        r"\bsosial\b|jaminan sosial keluarga|\bbpnt\b|rastra|penanggulangan kemiskinan|"
        r"pemberdayaan masyarakat",
        Sector.SOCIAL,
    ),
    (r"polisi pamong|satpol|pemadam kebakaran|penertiban", Sector.PUBLIC_ORDER),
]


def _agency_part(name: str) -> str:
    return _RUN_ON.split(name, maxsplit=1)[0].lower()


def scope_of_agency(name: str) -> Scope:
    """The scope of an agency by its name: everything not regional, BPJS or a company is a
    ministry or national agency (central)."""
    text = _agency_part(name)
    for pattern, scope in _SCOPE_RULES:
        if re.search(pattern, text):
            return scope
    return Scope.CENTRAL


def sector_of_agency(name: str) -> Sector:
    text = _agency_part(name)
    for pattern, sector in _SECTOR_RULES:
        if re.search(pattern, text):
            return sector
    return Sector.OTHER
