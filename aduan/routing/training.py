"""Training a routing model with scikit-learn, and its figures on data it never saw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aduan.routing.linear import LinearModel
from aduan.routing.text import features

FEATURES = "stems"  # how new models read text (text.FEATURES)


def _terms(text: str) -> list[str]:
    return features(text, FEATURES)


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    c: float = 3.0,
    min_df: int = 2,
    seed: Mapping[Any, str] | None = None,
) -> LinearModel:
    """A TF-IDF + logistic regression model of `labels` from `texts` (at least two labels).

    `seed`: one more text per label (lexicon.SECTOR_WORDS), learnt as if it were a report."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = list(texts), [str(label) for label in labels]
    examples = len(texts)
    for label, text in (seed or {}).items():
        texts.append(text)
        labels.append(str(label))
    vectorizer = TfidfVectorizer(analyzer=_terms, sublinear_tf=True, min_df=min_df)
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    classifier.fit(matrix, labels)
    classes = [str(c) for c in classifier.classes_]
    coef = classifier.coef_
    intercept = classifier.intercept_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: make it two
        coef = [-coef[0] / 2, coef[0] / 2]
        intercept = [-intercept[0] / 2, intercept[0] / 2]
    vocabulary = {str(t): int(i) for t, i in vectorizer.vocabulary_.items()}
    weights = [[float(coef[k][i]) for k in range(len(classes))] for i in range(len(vocabulary))]
    return LinearModel(
        classes=classes,
        vocabulary=vocabulary,
        idf=[float(v) for v in vectorizer.idf_],
        weights=weights,
        intercept=[float(v) for v in intercept],
        info={"examples": examples, "features": FEATURES, "c": c},
    )


@dataclass(frozen=True)
class Figures:
    """How a model did on held-out examples."""

    examples: int
    top1: float
    top3: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]

    def as_dict(self) -> dict[str, object]:
        return {
            "examples": self.examples,
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_class": self.per_class,
        }


def evaluate(model: LinearModel, texts: Sequence[str], labels: Sequence[str]) -> Figures:
    """Top-1 and top-3 accuracy, macro-F1 and per-class precision, recall, F1 and support."""
    if not texts:
        return Figures(0, 0.0, 0.0, 0.0, {})
    top1 = top3 = 0
    predicted: list[str] = []
    for text, label in zip(texts, labels, strict=True):
        ranked = [s.label for s in model.score(text, reasons=0)]
        predicted.append(ranked[0])
        top1 += ranked[0] == label
        top3 += label in ranked[:3]
    per_class: dict[str, dict[str, float]] = {}
    for label in sorted(set(labels)):
        tp = sum(1 for p, t in zip(predicted, labels, strict=True) if p == t == label)
        fp = sum(1 for p, t in zip(predicted, labels, strict=True) if p == label != t)
        fn = sum(1 for p, t in zip(predicted, labels, strict=True) if t == label != p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
    macro = sum(c["f1"] for c in per_class.values()) / len(per_class)
    n = len(texts)
    return Figures(n, top1 / n, top3 / n, macro, per_class)
