"""complaints.screening: what it finds, how it masks, and its recall and precision on the
labelled sentences (issue 14: recall >= 99% and precision >= 95% for NIK, phone and e-mail)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aduan.complaints import screening
from bench.screening import SENTENCES, evaluate, sentences

HELD_OUT = Path(SENTENCES).with_name("screening_heldout.txt")
GOAL_KINDS = ("nik", "phone", "email")


def test_the_labelled_set_is_large_and_mostly_tricky():
    labelled = sentences()
    without = [s for s in labelled if not s.spans]

    assert len(labelled) >= 300
    assert len(without) >= 100  # ordinary reports and near misses: prices, dates, accounts
    assert {kind for s in labelled for kind, _start, _end in s.spans} == {
        "nik",
        "phone",
        "email",
        "name",
    }


@pytest.mark.parametrize("path", [SENTENCES, HELD_OUT], ids=["labelled", "held-out"])
def test_recall_and_precision_meet_the_goals(path):
    scores = evaluate(path)

    for kind in GOAL_KINDS:
        assert scores[kind].recall >= 0.99, (kind, scores[kind])
        assert scores[kind].precision >= 0.95, (kind, scores[kind])
    # Names have no goal (docs/privacy.md reports them); this only guards against a regression.
    assert scores["name"].recall >= 0.85
    assert scores["name"].precision >= 0.90


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NIK 7317014501900003.", "NIK [NIK disamarkan]."),
        ("KK 7317-0101-0212-0004 hilang", "KK [NIK disamarkan] hilang"),
        ("WA +62 812-3456-7890 ya", "WA [nomor telepon disamarkan] ya"),
        ("telp (0471) 21234", "telp [nomor telepon disamarkan]"),
        ("ke andi.baso@gmail.com saja", "ke [e-mail disamarkan] saja"),
        ("nama saya Andi Baso, warga", "nama saya [nama disamarkan], warga"),
        ("a.n. Hj. Nurhayati dipotong", "a.n. [nama disamarkan] dipotong"),
    ],
)
def test_mask_replaces_each_kind_by_its_marker(text, masked):
    assert screening.mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Rp 1.500.000 untuk 16 keluarga di RT 03/RW 05, km 12, tahun 2024.",
        "Tanggal 08-12-2024 pukul 08.15, surat 400/0812/DPMD/2024.",
        "No rekening 1234567890123456 dan rekening BNI 0812345678.",
        "Pak Camat, Ibu Kota Kecamatan, ibu hamil, Jalan Bapak Haji Rahman.",
        "Token 1234 5678 9012 3456 7890 gagal.",
    ],
)
def test_near_misses_are_left_alone(text):
    assert screening.find(text) == []
    assert screening.mask(text) == text


def test_masks_by_hand_and_matches_kept_readable():
    text = "Warung Sinar Jaya milik Bapak Andi Mappanyukki, HP 0812 3456 7890."

    masked = screening.mask(text, added=["sinar jaya"], kept=["Andi Mappanyukki"])

    assert (
        masked == "Warung [disamarkan] milik Bapak Andi Mappanyukki, HP [nomor telepon disamarkan]."
    )
    pieces = screening.segments(text, added=["Sinar Jaya"])
    assert "".join(p.text for p in pieces) == text
    assert [(p.kind, p.text) for p in pieces if p.kind] == [
        (screening.Kind.MANUAL, "Sinar Jaya"),
        (screening.Kind.NAME, "Andi Mappanyukki"),
        (screening.Kind.PHONE, "0812 3456 7890"),
    ]
