"""`python -m bench.screening`: recall and precision of the personal-data screening.

    python -m bench.screening             # the table per kind (docs/privacy.md)
    python -m bench.screening --misses    # and every missed or wrong match, to improve it

Reads the labelled sentences of aduan/complaints/tests/data/screening_sentences.txt, where each
piece of personal data is marked {kind:text}, runs `aduan.complaints.screening.find` on each
sentence without its marks, and compares: a match counts as right when it overlaps a marked
piece of the same kind. No database, no Django setup: the screening is pure functions.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "aduan" / "complaints" / "tests" / "data" / "screening_sentences.txt"
KINDS = ("nik", "phone", "email", "name")
DESCRIPTION = "Recall and precision of the personal-data screening per kind."
_MARK = re.compile(r"\{(nik|phone|email|name):([^{}]+)\}")


@dataclass(frozen=True)
class Labelled:
    text: str
    spans: list[tuple[str, int, int]]  # (kind, start, end) in `text`


@dataclass(frozen=True)
class Score:
    kind: str
    labelled: int
    found: int
    right_found: int  # found matches that overlap a labelled piece of their kind
    labelled_found: int  # labelled pieces that a match of their kind overlaps

    @property
    def recall(self) -> float:
        return self.labelled_found / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.right_found / self.found if self.found else 1.0


def parse(line: str) -> Labelled:
    """A line with {kind:text} marks → the plain sentence and the marked spans."""
    text, spans, position = [], [], 0
    length = 0
    for mark in _MARK.finditer(line):
        before = line[position : mark.start()]
        text.append(before)
        length += len(before)
        spans.append((mark.group(1), length, length + len(mark.group(2))))
        text.append(mark.group(2))
        length += len(mark.group(2))
        position = mark.end()
    text.append(line[position:])
    return Labelled("".join(text), spans)


def sentences(path: Path = SENTENCES) -> list[Labelled]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse(line) for line in lines if line.strip() and not line.startswith("#")]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: Path = SENTENCES, misses: list[str] | None = None) -> dict[str, Score]:
    """The score of each kind over every labelled sentence; `misses` collects the errors."""
    from aduan.complaints.screening import find

    counts: Counter[tuple[str, str]] = Counter()
    for sentence in sentences(path):
        found = [(str(m.kind), m.start, m.end) for m in find(sentence.text)]
        for kind, start, end in found:
            counts[kind, "found"] += 1
            if any(k == kind and _overlaps((start, end), (s, e)) for k, s, e in sentence.spans):
                counts[kind, "right_found"] += 1
            elif misses is not None:
                misses.append(f"wrong {kind}: {sentence.text[start:end]!r} in {sentence.text!r}")
        for kind, start, end in sentence.spans:
            counts[kind, "labelled"] += 1
            if any(k == kind and _overlaps((start, end), (s, e)) for k, s, e in found):
                counts[kind, "labelled_found"] += 1
            elif misses is not None:
                misses.append(f"missed {kind}: {sentence.text[start:end]!r} in {sentence.text!r}")
    return {
        kind: Score(
            kind=kind,
            labelled=counts[kind, "labelled"],
            found=counts[kind, "found"],
            right_found=counts[kind, "right_found"],
            labelled_found=counts[kind, "labelled_found"],
        )
        for kind in KINDS
    }


def table(scores: dict[str, Score], total: int) -> str:
    lines = [
        f"{total} sentences",
        "| kind | labelled | found | recall | precision |",
        "|---|---:|---:|---:|---:|",
    ]
    for score in scores.values():
        lines.append(
            f"| {score.kind} | {score.labelled} | {score.found} | "
            f"{score.recall:.1%} | {score.precision:.1%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--misses", action="store_true", help="print every error")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    errors: list[str] = []
    scores = evaluate(misses=errors)
    print(table(scores, len(sentences())))
    if args.misses:
        print("\n".join(errors) or "no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
