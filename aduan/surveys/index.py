"""The arithmetic of PermenPANRB 14/2017, pure and exact (no database, no floats).

- NRR of an element: the mean of its non-blank answers (1 to 4).
- IKM: the weighted mean of the nine NRRs, each weight exactly 1/9, times 25 (25 to 100).
  Fractions all the way, so nine times 1/9 is exactly 1 and a value such as 88.305 is not
  stored as 88.30499999…; rounded half up to 2 decimals only at the end.
- Grade: on the value rounded to 2 decimals: A 88.31-100.00, B 76.61-88.30, C 65.00-76.60,
  D 25.00-64.99.
- Minimum sample: Krejcie and Morgan, s = X²·N·P(1-P) / (d²(N-1) + X²·P(1-P)) with
  X² = 3.841, P = 0.5, d = 0.05, rounded to the nearest whole respondent as Krejcie and
  Morgan's published table does (N = 20 → 19, N = 50 → 44, N = 100 → 80, N = 1,000 → 278).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from aduan.surveys.choices import ELEMENTS, Grade

WEIGHT = Fraction(1, 9)
SCALE = 25
CENTS = Decimal("0.01")

# The lowest rounded IKM of each grade, best first.
GRADE_FLOORS: tuple[tuple[Decimal, Grade], ...] = (
    (Decimal("88.31"), Grade.A),
    (Decimal("76.61"), Grade.B),
    (Decimal("65.00"), Grade.C),
    (Decimal("25.00"), Grade.D),
)

CHI_SQUARE = Fraction(3841, 1000)
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)


def nrr(total: int, count: int) -> Fraction | None:
    """The mean of `count` non-blank answers summing to `total`; None when there are none."""
    if count <= 0:
        return None
    return Fraction(total, count)


def nrr_of(answers: Sequence[int | None]) -> Fraction | None:
    """The NRR of one element's answers, blanks (None) left out."""
    given = [a for a in answers if a is not None]
    return nrr(sum(given), len(given))


def ikm(nrrs: Mapping[str, Fraction | None]) -> Fraction | None:
    """The IKM (25 to 100) of the nine NRRs; None unless every element has an NRR."""
    values = [nrrs.get(element) for element in ELEMENTS]
    if any(v is None for v in values):
        return None
    return sum((v * WEIGHT for v in values if v is not None), Fraction(0)) * SCALE


def rounded(value: Fraction) -> Decimal:
    """A non-negative fraction to 2 decimals, half up (as the regulation's tables round),
    decided on the exact fraction: 88.305 becomes 88.31."""
    hundredths = value * 100
    cents = math.floor(hundredths)
    if hundredths - cents >= Fraction(1, 2):
        cents += 1
    return (Decimal(cents) / 100).quantize(CENTS)


def grade(value: Decimal) -> Grade | None:
    """The grade of an IKM already rounded to 2 decimals; None below 25 (no valid IKM)."""
    for floor, letter in GRADE_FLOORS:
        if value >= floor:
            return letter
    return None


def minimum_sample(population: int) -> int:
    """The Krejcie-Morgan minimum number of respondents for a population of `population`."""
    if population <= 0:
        return 0
    variance = PROPORTION * (1 - PROPORTION)
    size = (CHI_SQUARE * population * variance) / (
        MARGIN * MARGIN * (population - 1) + CHI_SQUARE * variance
    )
    return math.floor(size + Fraction(1, 2))
