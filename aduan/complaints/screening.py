"""Personal-data screening of text meant for the public (DOMAIN.md section 4; UU 27/2022).

Pure functions, no database: `find` lists what looks like personal data in a text (NIK or KK
numbers, phone numbers, e-mail addresses, names introduced the way people write them), `mask`
writes the text with each match replaced by a marker such as "[nomor telepon disamarkan]".

Screening runs at intake (the report's public title and description are stored masked) and
again before publication (the coordinator sees the matches highlighted, masks more by hand or
keeps a match readable; `Complaint.masks`), and on every public note as it is shown. Its
recall and precision on a labelled set of sentences are measured by `python -m
bench.screening` (docs/privacy.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    NIK = "nik"
    PHONE = "phone"
    EMAIL = "email"
    NAME = "name"
    MANUAL = "manual"


# What a match is replaced with in every public output. Indonesian: it is part of the report's
# public text (stored), not of the interface.
MARKERS = {
    Kind.NIK: "[NIK disamarkan]",
    Kind.PHONE: "[nomor telepon disamarkan]",
    Kind.EMAIL: "[e-mail disamarkan]",
    Kind.NAME: "[nama disamarkan]",
    Kind.MANUAL: "[disamarkan]",
}


@dataclass(frozen=True)
class Match:
    """One stretch of `text[start:end]` that looks like personal data."""

    kind: Kind
    start: int
    end: int
    text: str


# ---------------------------------------------------------------- NIK and KK

# 16 digits, written together or in groups (6-6-4 as on the card, 4-4-4-4, with spaces, dots
# or dashes).
_NIK = re.compile(
    r"(?<![\w.\-/])(?<!\d[ .\-])"
    r"(?:\d{16}|\d{6}[ .\-]\d{6}[ .\-]\d{4}|\d{4}[ .\-]\d{4}[ .\-]\d{4}[ .\-]\d{4}|"
    r"\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{6}[ .]\d{4})(?![\w\-/]|[ .\-]\d)"
)
# Words that make a long number something else: a bank account, a card, a meter, a bill (for a
# NIK and for a mobile number alike: "rekening BNI 0812345678").
_NOT_PERSONAL_BEFORE = re.compile(
    r"(?:rekening|rek\.?|norek|no\.?\s*rek|kartu kredit|kartu debit|atm|virtual account|va|"
    r"id pelanggan|idpel|nomor pelanggan|no\.?\s*pelanggan|meter|token|resi|invoice|"
    r"transaksi|referensi|ref\.?|billing|kode bayar|imei|seri)\W{0,3}(?:\w+\W{1,3}){0,2}$",
    re.IGNORECASE,
)
# Province codes of Kemendagri (11 Aceh … 96 Papua Barat Daya).
_PROVINCES = {
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35",
    "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
    "81", "82", "91", "92", "93", "94", "95", "96",
}  # fmt: skip


def _is_nik(digits: str) -> bool:
    """The shape of a NIK (and of a KK number): province code, then at positions 7-12 a date
    of birth (a woman's day + 40) or of issue (KK), then a serial that is not 0000."""
    if len(digits) != 16 or digits[:2] not in _PROVINCES:
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12 and digits[12:] != "0000"


def _niks(text: str) -> Iterable[Match]:
    for m in _NIK.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if not _is_nik(digits):
            continue
        if _NOT_PERSONAL_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        yield Match(Kind.NIK, m.start(), m.end(), m.group())


# ---------------------------------------------------------------- phone numbers

_SEP = r"[ .\-]?"
# Mobile: +62 / 62 / (+62) / 0, then 8, then 8 to 12 more digits in groups.
_MOBILE = re.compile(
    r"(?<![\w+])(?:\(\+?62\)|\+62|62|0)" + _SEP + r"8\d(?:" + _SEP + r"\d){7,11}(?![\d])"
)
# Fixed lines: an area code (0411, 0471, 021, with or without brackets, or +62 411; never 08,
# which is mobile) and 5 to 8 digits. A bare area-code shape is everywhere in dates and
# prices, so it must be written as one: brackets, or a separator after the code.
_LANDLINE = re.compile(
    r"(?<![\w+.\-/])(?:\(0[2-79]\d{1,2}\)\s?|0[2-79]\d{1,2}[ \-]|\+62\s?[2-79]\d{1,2}[ \-]?)"
    r"\d{3,4}[ \-]?\d{2,4}(?![\d/]|[.\-]\d)"
)
_PHONE_WORDS = re.compile(
    r"(?:telp|telepon|tlp|hp|handphone|ponsel|wa|whatsapp|nomor|no\.?|kontak|hubungi|sms|call)"
    r"\W{0,4}$",
    re.IGNORECASE,
)


def _phones(text: str) -> Iterable[Match]:
    for m in _MOBILE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        national = digits[2:] if digits.startswith("62") else digits[1:]
        if not 9 <= len(national) <= 13:
            continue
        if _NOT_PERSONAL_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        yield Match(Kind.PHONE, m.start(), m.end(), m.group())
    for m in _LANDLINE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        bracketed = m.group().startswith(("(", "+"))
        named = bool(_PHONE_WORDS.search(text[max(0, m.start() - 20) : m.start()]))
        if _NOT_PERSONAL_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        if 9 <= len(digits) <= 12 or (len(digits) == 8 and (bracketed or named)):
            yield Match(Kind.PHONE, m.start(), m.end(), m.group())


# ---------------------------------------------------------------- e-mail addresses

# Also the forms people write to dodge harvesters: "andi [at] gmail [dot] com".
_AT = r"(?:@|\s?[\[(]at[\])]\s?)"
_DOT = r"(?:\.|\s?[\[(]dot[\])]\s?)"
_EMAIL = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][\w.+\-]*"
    + _AT
    + r"[A-Za-z0-9\-]+(?:"
    + _DOT
    + r"[A-Za-z0-9\-]+)*"
    + _DOT
    + r"[A-Za-z]{2,}(?![\w\-])",
    re.IGNORECASE,
)


def _emails(text: str) -> Iterable[Match]:
    for m in _EMAIL.finditer(text):
        yield Match(Kind.EMAIL, m.start(), m.end(), m.group().rstrip("."))


# ---------------------------------------------------------------- names

# Words that introduce a person's name: "nama saya Andi", "a.n. Budi Santoso", "Bapak Rahman".
_INTRO = (
    r"(?:nama\s+saya|namaku|nama\s+(?:ayah|ibu|suami|istri|anak|adik|kakak|pelapor|korban|"
    r"pasien|beliau|petugas|oknum|warga|bapak|ibu|tetangga)(?:\s+saya)?(?:\s+adalah)?|"
    r"saya\s+bernama|bernama|namanya|atas\s+nama|a\.\s?n\.?|an\.|"
    r"(?:anak|suami|istri|adik|kakak|ayah|cucu|keponakan)\s+saya|"
    r"bapak|ibu|pak|bu|bpk\.?|sdri\.?|sdr\.?|saudari|saudara|tn\.|ny\.|nn\.|"
    r"almarhumah|almarhum|almh\.|alm\.|hj\.|h\.|saya)"
)
_WORD = r"[^\W\d_][\w'\u2019]*\.?"
# The introduction in any case, then up to four words; `_names` decides how many are a name.
_NAME = re.compile(
    r"(?<![\w.])(?P<intro>(?i:" + _INTRO + r"))[\s:]+(?:(?i:adalah|ialah)\s+)?"
    r"(?P<name>" + _WORD + r"(?:[ \t]+" + _WORD + r"){0,3})"
)
# A form of address before these is a role or a place, not a name: "Bapak Bupati", "Ibu Kota",
# "Pak RT", "Ibu Hamil".
_NOT_NAMES = {
    "bupati", "wakil", "camat", "lurah", "kades", "kepala", "desa", "kota", "hamil", "menyusui",
    "rt", "rw", "guru", "dokter", "bidan", "perawat", "polisi", "presiden", "gubernur",
    "sekda", "sekretaris", "kapolsek", "kapolres", "dandim", "danramil", "babinsa", "ketua",
    "anggota", "pejabat", "petugas", "kadis", "direktur", "kapus", "mantri", "ustadz", "imam",
    "pendeta", "pastor", "dprd", "dewan", "pegawai", "staf", "staff", "operator", "sopir",
    "kepsek", "pengawas", "satpam", "tukang", "pemilik", "penjual", "pedagang", "warga",
    "pkk", "posyandu", "kader", "puskesmas", "dinas", "kantor", "pos", "saya", "kami", "kita",
    "mereka", "dia", "beliau", "yang", "tersebut", "itu", "ini", "dan", "atau", "sudah",
    "belum", "tidak", "juga", "di", "ke", "dari", "pada", "untuk", "dengan", "selaku",
    "rumah", "jalan", "jl", "lorong", "gang", "negara", "pertiwi", "kandung", "tiri",
    "mertua", "muda", "tua", "haji", "hajjah", "ibu-ibu", "bapak-bapak", "sekalian",
    "umur", "usia", "alamat", "nik", "hp", "no", "nomor", "telp", "tinggal", "asal", "adalah",
    "sebagai", "bekerja", "lahir", "pernah", "sedang", "akan", "mau", "ingin", "minta",
    "mohon", "melaporkan", "mengadu", "menyampaikan", "ada", "bahwa", "karena", "kelompok",
    "masyarakat", "pemerintah", "sekdes", "kadus", "kasi", "kabid", "kaur", "bendahara",
    "apapun", "apa", "siapa", "sangat", "sendiri", "pribadi", "kandidat", "seluruh",
    "semua", "para", "instansi", "perusahaan", "cv", "pt",
}  # fmt: skip
# Before these a form of address is part of a place's name: "Jalan Bapak Rahman", "SD Ibu …".
_PLACE_BEFORE = re.compile(
    r"(?:jalan|jl\.?|jln\.?|lorong|lr\.?|gang|gg\.?|masjid|musala|mushola|sd|smp|sma|smk|"
    r"sdn|smpn|sman|toko|warung|yayasan|panti|gedung|lapangan|taman|kompleks|perumahan|"
    r"rs|rsud|klinik|apotek|makan|kedai|rm\.?|bengkel|kios|pangkalan)\W{0,2}$",
    re.IGNORECASE,
)
# Intros that name a person only when followed by a capitalised word (a form of address).
_ADDRESS_FORMS = {
    "bapak", "ibu", "pak", "bu", "bpk", "bpk.", "sdr", "sdr.", "sdri", "sdri.", "saudara",
    "saudari", "tn.", "ny.", "nn.", "almarhum", "almarhumah", "alm.", "almh.", "h.", "hj.",
    "saya", "anak saya", "suami saya", "istri saya", "adik saya", "kakak saya", "ayah saya",
    "cucu saya", "keponakan saya",
}  # fmt: skip


def _is_capitalised(word: str) -> bool:
    return word[0].isupper()


def _names(text: str) -> Iterable[Match]:
    position = 0
    while (m := _NAME.search(text, position)) is not None:
        # A refused or shortened name frees what follows for the next introduction:
        # "Pak Camat dan Bapak Andi" finds Andi.
        position = m.end("intro")
        intro = re.sub(r"\s+", " ", m.group("intro").lower())
        addressed = intro in _ADDRESS_FORMS
        words = list(re.finditer(r"\S+", m.group("name")))
        first = words[0].group()
        # After "Bapak", "Pak", "Ibu": a capitalised name. After "nama saya", "a.n.": also a
        # name written in lower case, then at most two words.
        if addressed and not _is_capitalised(first):
            continue
        capitalised = _is_capitalised(first)
        end = None
        for i, word in enumerate(words):
            bare = word.group().lower().strip(".,;:")
            if bare in _NOT_NAMES or (capitalised and not _is_capitalised(word.group())):
                break
            if not capitalised and i >= 2:
                break
            end = m.start("name") + word.end()
        if end is None:
            continue
        start = m.start("name")
        if addressed and _PLACE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        found = text[start:end].rstrip(".,;:")
        position = start + len(found)
        yield Match(Kind.NAME, start, start + len(found), found)


# ---------------------------------------------------------------- the screening


def find(text: str) -> list[Match]:
    """Everything that looks like personal data, in order of position, without overlaps
    (a NIK is not also a phone number; the longer match wins)."""
    candidates = [*_niks(text), *_emails(text), *_phones(text), *_names(text)]
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    found: list[Match] = []
    for match in candidates:
        if found and match.start < found[-1].end:
            continue
        found.append(match)
    return found


def _manual(text: str, added: Iterable[str]) -> list[Match]:
    matches = []
    for phrase in added:
        if not phrase:
            continue
        for m in re.finditer(re.escape(phrase), text, re.IGNORECASE):
            matches.append(Match(Kind.MANUAL, m.start(), m.end(), m.group()))
    return matches


def matches(text: str, *, added: Iterable[str] = (), kept: Iterable[str] = ()) -> list[Match]:
    """`find`, less the matches the coordinator kept readable, plus the text masked by hand."""
    keep = {k.strip().lower() for k in kept if k.strip()}
    found = [m for m in find(text) if m.text.strip().lower() not in keep]
    combined = sorted([*found, *_manual(text, added)], key=lambda m: (m.start, -(m.end - m.start)))
    result: list[Match] = []
    for match in combined:
        if result and match.start < result[-1].end:
            continue
        result.append(match)
    return result


def mask(text: str, *, added: Iterable[str] = (), kept: Iterable[str] = ()) -> str:
    """The text with every match replaced by its marker."""
    parts = []
    position = 0
    for match in matches(text, added=added, kept=kept):
        parts.append(text[position : match.start])
        parts.append(MARKERS[match.kind])
        position = match.end
    parts.append(text[position:])
    return "".join(parts)


@dataclass(frozen=True)
class Segment:
    """A piece of text for the coordinator's highlighted view: plain, or a match."""

    text: str
    kind: Kind | None


def segments(text: str, *, added: Iterable[str] = (), kept: Iterable[str] = ()) -> list[Segment]:
    """The text cut into plain pieces and matches, for highlighting (no HTML built here)."""
    pieces = []
    position = 0
    for match in matches(text, added=added, kept=kept):
        if match.start > position:
            pieces.append(Segment(text[position : match.start], None))
        pieces.append(Segment(text[match.start : match.end], match.kind))
        position = match.end
    if position < len(text):
        pieces.append(Segment(text[position:], None))
    return pieces
