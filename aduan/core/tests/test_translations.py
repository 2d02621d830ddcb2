"""The Indonesian catalogue is complete, compiled, and used by default.

The .mo is committed (a fresh machine may have no gettext tools), so these tests read the .po
with a small parser and compare it with the compiled catalogue that Django loads.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from aduan.complaints.choices import Status

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO = LOCALE_DIR / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Django's gettext functions and the index of their msgid argument (pgettext: context first).
GETTEXT_FUNCTIONS = {
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file, obsolete (#~) ones left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None

    def string(literal: str) -> str:
        value = ast.literal_eval(literal)
        assert isinstance(value, str)
        return value

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and current is not None:
                entries.append(current)
                current, target = None, None
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            current.msgctxt, target = string(line[8:]), ("msgctxt", 0)
        elif line.startswith("msgid_plural "):
            current.msgid_plural, target = string(line[13:]), ("msgid_plural", 0)
        elif line.startswith("msgid "):
            current.msgid, target = string(line[6:]), ("msgid", 0)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            current.msgstr[index] = string(line[line.index("]") + 2 :])
            target = ("msgstr", index)
        elif line.startswith("msgstr "):
            current.msgstr[0], target = string(line[7:]), ("msgstr", 0)
        elif line.startswith('"') and target is not None:
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += string(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + string(line))
        else:
            raise AssertionError(f"django.po:{number}: cannot read {raw!r}")
    if current is not None:
        entries.append(current)
    return entries


def _entries() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


def _messages() -> list[Entry]:
    return [e for e in _entries() if e.msgid]


def test_the_catalogue_exists_and_has_messages():
    assert len(_messages()) > 100
    header = next(e for e in _entries() if not e.msgid).msgstr[0]
    assert "Language: id\n" in header
    assert "charset=UTF-8" in header


def test_every_message_is_translated_and_not_fuzzy():
    bad = [
        f"django.po:{e.line}: {e.msgid!r}"
        for e in _entries()
        if "fuzzy" in e.flags or (e.msgid and not all(s.strip() for s in e.msgstr.values()))
    ]
    assert bad == [], "translate these (and remove #, fuzzy):\n" + "\n".join(bad)


def test_translations_keep_the_placeholders():
    bad = [
        f"django.po:{e.line}: {e.msgid!r}"
        for e in _messages()
        if "python-format" in e.flags
        and any(
            sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(s))
            for s in e.msgstr.values()
        )
    ]
    assert bad == []


def test_the_compiled_catalogue_matches_the_po():
    """The committed .mo holds exactly what the .po says: run `make messages` if not."""
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    catalog: dict[object, str] = compiled._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for e in _messages():
        if e.msgid_plural is None:
            expected[e.key] = e.msgstr[0]
        else:
            expected.update({(e.key, n): text for n, text in e.msgstr.items()})
    actual = {k: v for k, v in catalog.items() if k != ""}
    stale = sorted(str(k) for k in expected.keys() ^ actual.keys())
    assert stale == [], "django.mo is out of date: run make messages"
    changed = sorted(str(k) for k in expected if expected[k] != actual[k])
    assert changed == [], "django.mo is out of date: run make messages"


def source_strings(source: str) -> set[str]:
    """Literal msgids passed to Django's gettext functions, under any imported name."""
    tree = ast.parse(source)
    aliases: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in GETTEXT_FUNCTIONS:
                    aliases[alias.asname or alias.name] = GETTEXT_FUNCTIONS[alias.name]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            index = aliases.get(node.func.id)
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_every_source_string_is_in_the_catalogue():
    """A string added to the code without `make messages` would show in English."""
    known = {e.msgid for e in _messages()}
    missing = sorted(
        f"{path.relative_to(PACKAGE_ROOT.parent)}: {text!r}"
        for path in PACKAGE_ROOT.rglob("*.py")
        for text in source_strings(path.read_text(encoding="utf-8"))
        if text not in known
    )
    assert missing == [], "run make messages and translate:\n" + "\n".join(missing)


def test_the_source_string_finder_follows_aliases():
    source = (
        "from django.utils.translation import gettext as _, pgettext_lazy\n"
        "A = _('one ' 'string')\n"
        "B = pgettext_lazy('month', 'May')\n"
        "C = other('not this')\n"
    )
    assert source_strings(source) == {"one string", "May"}


def test_the_parser_reads_multiline_plural_and_fuzzy_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: id\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "a %(n)s "\n"b"\nmsgstr "x"\n\n'
        'msgctxt "ctx"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "satu \\"q\\""\n\n'
        '#~ msgid "old"\n#~ msgstr "lama"\n'
    )
    header, multi, plural = parse_po(text)
    assert header.msgstr[0] == "Language: id\n"
    assert (multi.msgid, multi.flags) == ("a %(n)s b", {"fuzzy", "python-format"})
    assert (plural.key, plural.msgid_plural, plural.msgstr) == (
        "ctx\x04one",
        "many",
        {0: 'satu "q"'},
    )


def test_status_labels_are_indonesian_by_default():
    translation.deactivate()  # no request: the site's LANGUAGE_CODE
    assert settings.LANGUAGE_CODE == "id"
    assert str(Status.SUBMITTED.label) == "Menunggu verifikasi"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Menunggu verifikasi"), ("en", "Awaiting verification")],
)
def test_status_label_follows_the_active_language(language, expected):
    with translation.override(language):
        assert str(Status.SUBMITTED.label) == expected


@pytest.mark.django_db
def test_pages_answer_in_indonesian_unless_the_person_chose_english(client):
    assert client.get("/admin/login/").headers["Content-Language"] == "id"
    # A browser set to English still gets Indonesian: only the language switch decides.
    browser_english = client.get("/lapor/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert browser_english.headers["Content-Language"] == "id"
    assert 'lang="id"' in browser_english.content.decode()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/lapor/"})
    assert switched.status_code == 302
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.headers["Content-Language"] == "en"
    assert 'lang="en"' in client.get("/lapor/").content.decode()


@pytest.mark.django_db
def test_the_api_follows_accept_language_for_programs(client):
    response = client.get("/api/v1/reports/LWU-0000-0000", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get("/api/v1/reports/LWU-0000-0000").headers["Content-Language"] == "id"
