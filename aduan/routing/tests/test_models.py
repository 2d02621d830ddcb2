"""The base models' parts: the labels read from agency names, the terms read from text, the
seed words, and models saved before stems still reading text the way they were trained."""

from __future__ import annotations

import pytest

from aduan.routing.choices import Scope, Sector
from aduan.routing.labels import scope_of_agency, sector_of_agency
from aduan.routing.lexicon import SCOPE_WORDS, SECTOR_WORDS
from aduan.routing.linear import LinearModel
from aduan.routing.text import features
from aduan.routing.training import train


def test_a_run_on_agency_name_is_labelled_by_the_name_not_the_report():
    name = (
        "Kepala DPUPR Kab. Bandung kami atas nama warga Desa. Sugihmukti Kecamatan. Pasirjambu "
        "mau menanyakan kaitan dengan proposal"
    )
    assert sector_of_agency(name) == Sector.PUBLIC_WORKS
    assert scope_of_agency(name) == Scope.REGIONAL


@pytest.mark.parametrize(
    "name",
    [
        "Badan Penyelenggara Jaminan Sosial Ketenagakerjaan",
        "BPJS Ketenagakerjaan Kacab Purwakarta",
        "Dinas Tenaga Kerja dan Transmigrasi",
    ],
)
def test_workers_social_security_is_labour_under_every_name(name):
    assert sector_of_agency(name) == Sector.OTHER


@pytest.mark.parametrize(
    ("name", "scope"),
    [
        ("Direktorat Jenderal Bina Pembangunan Daerah - Program BPNT Rastra", Scope.CENTRAL),
        ("Badan Kesatuan Bangsa dan Politik", Scope.REGIONAL),
        ("Puskesmas Belopa", Scope.REGIONAL),
        ("BPJS Kesehatan KC Palu", Scope.BPJS),
    ],
)
def test_scope_of_agency(name, scope):
    assert scope_of_agency(name) == scope


def test_words_that_share_a_stem_become_one_term():
    assert features("penertiban pedagang", "stems") == ["tertib", "dagang", "tertib dagang"]
    assert features("ditertibkan para pedagang", "stems")[:2] == ["tertib", "dagang"]
    assert features("penertiban pedagang", "words")[:2] == ["penertiban", "pedagang"]


def test_a_model_saved_before_stems_reads_words():
    old = LinearModel(
        classes=["a", "b"],
        vocabulary={"penertiban": 0},
        idf=[1.0],
        weights=[[-2.0, 2.0]],
        intercept=[0.0, 0.0],
    )
    assert old.feature_kind == "words"
    assert old.score("penertiban liar")[0].label == "b"
    stems = LinearModel.from_json(old.to_json() | {"info": {"features": "stems"}})
    assert stems.score("penertiban liar")[0].probability == pytest.approx(0.5)


def test_seed_words_teach_a_label_the_reports_barely_show():
    texts = ["jalan rusak berlubang", "jembatan putus", "aspal jalan mengelupas"] * 3 + [
        "pedagang berjualan di trotoar"
    ]
    labels = [Sector.PUBLIC_WORKS] * 9 + [Sector.PUBLIC_ORDER]
    seed = {Sector.PUBLIC_ORDER: SECTOR_WORDS[Sector.PUBLIC_ORDER]}
    text = "satpol pp tolong tertibkan karaoke yang buka sampai pagi"
    without = train(texts, labels, min_df=1)
    seeded = train(texts, labels, min_df=1, seed=seed)
    assert without.score(text)[0].label == Sector.PUBLIC_WORKS
    assert seeded.score(text)[0].label == Sector.PUBLIC_ORDER
    assert seeded.info["examples"] == len(texts)
    assert seeded.info["features"] == "stems"


def test_every_label_has_seed_words():
    assert set(SECTOR_WORDS) == set(Sector) - {Sector.OTHER}
    assert set(SCOPE_WORDS) == set(Scope)
