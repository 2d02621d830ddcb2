"""A trained linear text classifier kept as plain data (JSON), and its use without scikit-learn.

Training (`training.py`) uses scikit-learn; the result is saved as its vocabulary, the idf of
each term and the weights per class. Using a model is then a few dictionary lookups per word:
well under a millisecond per report, no pickle (nothing in a stored model can run code), and a
model file that any later version of the libraries reads.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aduan.routing.text import features


@dataclass(frozen=True)
class Scored:
    """One class with its probability and the terms of the text that weighed most for it."""

    label: str
    probability: float
    terms: tuple[str, ...] = ()


@dataclass
class LinearModel:
    """TF-IDF (sublinear tf, l2 norm) followed by a multinomial logistic regression."""

    classes: list[str]
    vocabulary: dict[str, int]
    idf: list[float]
    weights: list[list[float]]  # per term: one weight per class
    intercept: list[float]
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def feature_kind(self) -> str:
        """How the text becomes terms (`text.FEATURES`); a model saved before stems read words."""
        return str(self.info.get("features", "words"))

    def _vector(self, text: str) -> dict[int, float]:
        counts = Counter(t for t in features(text, self.feature_kind) if t in self.vocabulary)
        vector = {
            self.vocabulary[t]: (1 + math.log(n)) * self.idf[self.vocabulary[t]]
            for t, n in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {i: v / norm for i, v in vector.items()}

    def _terms(self) -> list[str]:
        """Each term by its index (built once)."""
        cached: list[str] | None = self.__dict__.get("_by_index")
        if cached is None:
            cached = [""] * len(self.vocabulary)
            for term, i in self.vocabulary.items():
                cached[i] = term
            self.__dict__["_by_index"] = cached
        return cached

    def score(self, text: str, *, reasons: int = 3) -> list[Scored]:
        """Every class with its probability, most likely first."""
        vector = self._vector(text)
        logits = list(self.intercept)
        for i, value in vector.items():
            row = self.weights[i]
            for k in range(len(logits)):
                logits[k] += row[k] * value
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        terms = self._terms()
        result = []
        for k, label in enumerate(self.classes):
            weighed = (
                sorted(
                    ((self.weights[i][k] * value, terms[i]) for i, value in vector.items()),
                    reverse=True,
                )
                if reasons
                else []
            )
            result.append(
                Scored(
                    label,
                    exps[k] / total,
                    tuple(term for weight, term in weighed[:reasons] if weight > 0),
                )
            )
        return sorted(result, key=lambda s: s.probability, reverse=True)

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "vocabulary": self.vocabulary,
            "idf": [round(v, 5) for v in self.idf],
            "weights": [[round(w, 5) for w in row] for row in self.weights],
            "intercept": [round(v, 5) for v in self.intercept],
            "info": self.info,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls(
            classes=list(data["classes"]),
            vocabulary={str(k): int(v) for k, v in data["vocabulary"].items()},
            idf=[float(v) for v in data["idf"]],
            weights=[[float(w) for w in row] for row in data["weights"]],
            intercept=[float(v) for v in data["intercept"]],
            info=dict(data.get("info", {})),
        )

    def save(self, path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8") as out:
            json.dump(self.to_json(), out, separators=(",", ":"), sort_keys=True)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with gzip.open(path, "rt", encoding="utf-8") as source:
            return cls.from_json(json.load(source))
