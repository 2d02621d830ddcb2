"""`python -m bench.routing`: the routing assistant's honest figures, and its base models.

    python -m bench.routing                 # figures on reports the models never saw
    python -m bench.routing --build-base    # then train on all of them and write the models
                                            # shipped in aduan/routing/data/
    python -m bench.routing --cv            # first choose C and the seed words by
                                            # cross-validation on the learning part only

Data: the 1,469 LAPOR! reports of December 2017 in the shared data directory beside the
checkout (`../shared/data/lapor-2017/`, MIT; docs/routing.md), each labelled with the sector and
scope of the agency it was disposed to (aduan.routing.labels). The split is chronological: the
models learn from the first 75% by LAPOR! id and are measured on the last 25%, never on random
rows of the same stream. Figures go to var/bench/routing.json and docs/routing.md quotes them.

The settings (C, whether the seed words of aduan.routing.lexicon are learnt) are in SETTINGS;
`--cv` shows how they were chosen: forward-chaining cross-validation inside the first 75%
(train on the older reports, measure on the next 169, four times), never on the last 25%.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aduan.routing.linear import LinearModel

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "lapor-2017" / "lapor_2017_reports.csv"
OUT = ROOT / "aduan" / "routing" / "data"


def load() -> list[dict[str, str]]:
    from aduan.routing.labels import scope_of_agency, sector_of_agency

    with DATA.open(encoding="utf-8") as source:
        rows = [r for r in csv.DictReader(source) if r["instansi_tujuan"].strip()]
    rows.sort(key=lambda r: int(r["lapor_id"]))
    for row in rows:
        row["text"] = f"{row['judul']}\n{row['isi']}"
        row["sector"] = sector_of_agency(row["instansi_tujuan"])
        row["scope"] = scope_of_agency(row["instansi_tujuan"])
    return rows


# Chosen with --cv (docs/routing.md): by top-3 + macro-F1 for the sector, accuracy for the scope.
@dataclass(frozen=True)
class Setting:
    c: float  # inverse regularisation strength of the logistic regression
    seed: bool  # whether the seed words of aduan.routing.lexicon are learnt


SETTINGS = {"sector": Setting(c=10.0, seed=True), "scope": Setting(c=3.0, seed=True)}
CV_GRID = [Setting(c, seed) for c in (1.0, 3.0, 10.0, 30.0) for seed in (False, True)]


def fit(rows: list[dict[str, str]], target: str, setting: Setting) -> LinearModel:
    from aduan.routing.lexicon import SCOPE_WORDS, SECTOR_WORDS
    from aduan.routing.training import train

    seed = (SECTOR_WORDS if target == "sector" else SCOPE_WORDS) if setting.seed else None
    return train([r["text"] for r in rows], [r[target] for r in rows], c=setting.c, seed=seed)


def cross_validate(learn: list[dict[str, str]]) -> dict[str, list[dict[str, object]]]:
    """Each setting of CV_GRID, by forward chaining inside the learning part."""
    from aduan.routing.training import evaluate

    folds, size = 4, len(learn) // 6
    found: dict[str, list[dict[str, object]]] = {}
    for target in ("sector", "scope"):
        found[target] = []
        for setting in CV_GRID:
            results = []
            for k in range(folds):
                end = len(learn) - (folds - k) * size
                model = fit(learn[:end], target, setting)
                held = learn[end : end + size]
                results.append(
                    evaluate(model, [r["text"] for r in held], [r[target] for r in held])
                )
            mean: dict[str, object] = {
                "top1": round(sum(r.top1 for r in results) / folds, 3),
                "top3": round(sum(r.top3 for r in results) / folds, 3),
                "macro_f1": round(sum(r.macro_f1 for r in results) / folds, 3),
            }
            found[target].append(asdict(setting) | mean)
            print(f"cv {target}: {setting} -> {mean}", flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.routing")
    parser.add_argument("--build-base", action="store_true", help="write the shipped models")
    parser.add_argument("--cv", action="store_true", help="cross-validate the settings first")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django

    django.setup()
    from aduan.routing.training import evaluate

    if not DATA.exists():
        print(f"The LAPOR! 2017 data is not beside the checkout ({DATA.relative_to(ROOT.parent)})")
        return 2
    rows = load()
    cut = int(len(rows) * 0.75)
    learn, test = rows[:cut], rows[cut:]
    figures: dict[str, object] = {"reports": len(rows), "learn": len(learn), "test": len(test)}
    if args.cv:
        figures["cross_validation"] = cross_validate(learn)
    figures["settings"] = {target: asdict(s) for target, s in SETTINGS.items()}
    models = {}
    for target in ("sector", "scope"):
        began = time.perf_counter()
        model = models[target] = fit(learn, target, SETTINGS[target])
        trained = time.perf_counter() - began
        result = evaluate(model, [r["text"] for r in test], [r[target] for r in test])
        figures[target] = result.as_dict() | {"train_seconds": round(trained, 2)}
        print(
            f"{target}: top-1 {result.top1:.3f}  top-3 {result.top3:.3f}  "
            f"macro-F1 {result.macro_f1:.3f}  ({result.examples} unseen reports)"
        )
        for label, c in sorted(result.per_class.items(), key=lambda kv: kv[1]["f1"]):
            print(
                f"    {label:16} P {c['precision']:.2f}  R {c['recall']:.2f}  "
                f"F1 {c['f1']:.2f}  n {c['support']}"
            )
    sector_model, scope_model = models["sector"], models["scope"]
    began = time.perf_counter()
    for row in test:
        sector_model.score(row["text"])
        scope_model.score(row["text"], reasons=0)
    per_text = (time.perf_counter() - began) / len(test) * 1000
    figures["score_ms_per_report"] = round(per_text, 2)
    print(f"scoring both models: {per_text:.2f} ms per report")
    figures["location"] = location_figures()
    figures["duplicates"] = duplicate_figures()
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "routing.json").write_text(json.dumps(figures, indent=2))
    if args.build_base:
        for target in ("sector", "scope"):
            model = fit(rows, target, SETTINGS[target])
            model.info.update(
                {
                    "source": "LAPOR! reports of December 2017 (MIT), docs/routing.md",
                    "target": target,
                }
            )
            model.save(OUT / f"base-{target}.json.gz")
            print(f"wrote aduan/routing/data/base-{target}.json.gz ({len(model.vocabulary)} terms)")
    return 0


WILAYAH = ROOT.parent / "shared" / "data" / "wilayah-luwu" / "luwu_wilayah.csv"
# How people name a desa (d) in kecamatan (k): the cue words, abbreviations, missing spaces.
PHRASES = [
    "Jalan rusak di Desa {d} Kecamatan {k}, mohon diperbaiki",
    "lampu jalan mati di ds. {d} kec. {k}",
    "Air PDAM tidak mengalir di {d}, {k} sudah seminggu",
    "Sampah menumpuk dekat pasar Kel.{d}",
    "warga dsn {d} mengeluh jembatan putus",
    "Puskesmas di {d_squashed} tutup pagi ini",
]
NEGATIVES = [
    "Pelayanan KTP lambat sekali di kantor dinas",
    "Guru sering tidak masuk mengajar, anak-anak terlantar",
    "Jalan poros kabupaten berlubang dan berbahaya bagi pengendara",
    "Mohon informasi jadwal vaksinasi bulan depan",
]


def location_figures() -> dict[str, object]:
    """The place matcher on sentences built from the gazetteer (reference data beside the
    checkout): every desa named in six ways people write it, and sentences naming none."""
    from aduan.organisation.models import Instansi
    from aduan.routing.location import place_in

    instansi = Instansi.objects.filter(code="luwu").first()
    if instansi is None or not WILAYAH.exists():
        print("location: load the reference data first (aduan load_reference)")
        return {}
    with WILAYAH.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    districts = {r["kode_kemendagri"]: r["nama"] for r in rows if r["level"] == "kecamatan"}
    found = right = asked = 0
    wrong: list[str] = []
    for row in (r for r in rows if r["level"] == "desa"):
        district = districts[row["kode_induk"]]
        for phrase in PHRASES:
            text = phrase.format(d=row["nama"], k=district, d_squashed=row["nama"].replace(" ", ""))
            asked += 1
            place = place_in(instansi, text)
            if place is None:
                continue
            found += 1
            if place.code == row["kode_kemendagri"]:
                right += 1
            elif len(wrong) < 10:
                wrong.append(f"{text} -> {place.name}")
    false_alarms = sum(place_in(instansi, text) is not None for text in NEGATIVES)
    figures = {
        "sentences": asked,
        "recall": round(right / asked, 4),
        "precision": round(right / found, 4) if found else 0.0,
        "false_alarms_on_sentences_without_a_place": f"{false_alarms} of {len(NEGATIVES)}",
        "examples_wrong": wrong,
    }
    print(
        f"location: recall {figures['recall']:.3f}, precision {figures['precision']:.3f} "
        f"on {asked} sentences; {false_alarms} of {len(NEGATIVES)} without a place matched"
    )
    return figures


DUPLICATE_PAIRS = ROOT / "aduan" / "routing" / "tests" / "duplicate_pairs.json"


def duplicate_figures() -> dict[str, object]:
    """The duplicate finder's rule (same kecamatan, same category, within the window, enough
    words in common: `workflow.selectors.duplicate_reason`) on labelled pairs of reports."""
    from aduan.workflow.selectors import DUPLICATE_WINDOW, duplicate_reason

    pairs = json.loads(DUPLICATE_PAIRS.read_text(encoding="utf-8"))["pairs"]
    tp = fp = fn = 0
    missed: list[str] = []
    false: list[str] = []
    for pair in pairs:
        found = (
            pair["place"] != "other_kecamatan"
            and pair["days"] <= DUPLICATE_WINDOW.days
            and pair["a_category"] == pair["b_category"]
            and bool(duplicate_reason(pair["a"], pair["b"]))
        )
        if found and pair["duplicate"]:
            tp += 1
        elif found:
            fp += 1
            false.append(f"{pair['a']} | {pair['b']}")
        elif pair["duplicate"]:
            fn += 1
            missed.append(f"{pair['a']} | {pair['b']}")
    figures = {
        "pairs": len(pairs),
        "duplicates": tp + fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "examples_missed": missed[:10],
        "examples_false": false[:10],
    }
    print(
        f"duplicates: precision {figures['precision']:.3f}, recall {figures['recall']:.3f} "
        f"on {len(pairs)} pairs ({tp + fn} duplicates)"
    )
    return figures


if __name__ == "__main__":
    sys.exit(main())
