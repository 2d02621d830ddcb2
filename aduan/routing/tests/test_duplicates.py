"""The duplicate finder measured on labelled pairs of reports (duplicate_pairs.json beside
this file; the figures are in docs/routing.md, from `python -m bench.routing`)."""

from __future__ import annotations

import json
from pathlib import Path

from aduan.workflow.selectors import duplicate_reason
from bench.routing import duplicate_figures

PAIRS = Path(__file__).with_name("duplicate_pairs.json")


def test_the_pairs_are_many_and_both_kinds():
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 120
    assert sum(p["duplicate"] for p in pairs) >= 60
    kinds = {(p["place"], p["duplicate"]) for p in pairs}
    assert ("other_kecamatan", False) in kinds
    assert ("same_desa", False) in kinds
    assert ("neighbour_desa", True) in kinds


def test_the_finder_stays_above_its_measured_floor():
    figures = duplicate_figures()  # measured: precision 1.000, recall 0.960 on 147 pairs
    precision, recall = figures["precision"], figures["recall"]
    assert isinstance(precision, float)
    assert isinstance(recall, float)
    assert precision >= 0.97, figures["examples_false"]
    assert recall >= 0.93, figures["examples_missed"]


def test_the_reason_is_the_words_in_common():
    shared = duplicate_reason(
        "Lampu jalan di Jalan Andi Djemma Belopa padam semua",
        "Penerangan jalan Andi Djemma mati, lampu padam",
    )
    assert {"lampu", "djemma", "padam"} <= set(shared)
    assert duplicate_reason("Sampah menumpuk di pasar", "Puskesmas tutup siang hari") == []
