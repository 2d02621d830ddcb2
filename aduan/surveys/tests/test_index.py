"""The arithmetic of PermenPANRB 14/2017 against worked examples built from its text: NRR as
the mean of non-blank answers, IKM = Σ NRR * 1/9 * 25, the grade on the value rounded to
2 decimals, and Krejcie and Morgan's minimum sample."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest

from aduan.surveys import index
from aduan.surveys.choices import ELEMENTS, Grade


def _all(nrr: Fraction | None) -> dict[str, Fraction | None]:
    return dict.fromkeys(ELEMENTS, nrr)


def _ikm(nrrs: Mapping[str, Fraction | None]) -> Fraction:
    value = index.ikm(nrrs)
    assert value is not None
    return value


def test_nrr_is_the_mean_of_the_answers_given_blanks_left_out():
    assert index.nrr_of([4, 3, None, 2, None]) == Fraction(3)
    assert index.nrr_of([4, 4, 3]) == Fraction(11, 3)
    assert index.nrr_of([None, None]) is None
    assert index.nrr_of([]) is None


def test_ikm_of_every_answer_best_is_exactly_100_not_99_9():
    # With the regulation's rounded weight 0.111 nine fours give 3.996 * 25 = 99.9; the weight
    # is exactly 1/9, so the best possible service scores 100.00.
    value = _ikm(_all(Fraction(4)))
    assert value == 100
    assert index.rounded(value) == Decimal("100.00")
    assert index.grade(index.rounded(value)) == Grade.A


def test_ikm_of_every_answer_worst_is_25_grade_d():
    value = _ikm(_all(Fraction(1)))
    assert index.rounded(value) == Decimal("25.00")
    assert index.grade(Decimal("25.00")) == Grade.D


def test_a_worked_example_with_unequal_elements():
    # NRRs 3.2, 3.0, 2.8, 4.0, 3.1, 3.3, 3.5, 2.9, 3.0: Σ = 28.8; * 1/9 = 3.2; * 25 = 80.00 (B).
    values = ["3.2", "3.0", "2.8", "4.0", "3.1", "3.3", "3.5", "2.9", "3.0"]
    nrrs = {e: Fraction(v) for e, v in zip(ELEMENTS, values, strict=True)}
    value = _ikm(nrrs)
    assert value == 80
    assert index.grade(index.rounded(value)) == Grade.B


def test_no_ikm_while_an_element_has_no_answer():
    nrrs = _all(Fraction(3))
    nrrs["u4"] = None  # nobody answered about costs
    assert index.ikm(nrrs) is None


@pytest.mark.parametrize(
    ("sum_of_nrrs", "rounded", "grade"),
    [
        # Σ NRR chosen so that IKM = Σ * 25/9 is exactly the value named.
        (Fraction("88.305") * 9 / 25, "88.31", Grade.A),  # half up: A
        (Fraction("88.3049") * 9 / 25, "88.30", Grade.B),
        (Fraction("88.30") * 9 / 25, "88.30", Grade.B),
        (Fraction("76.605") * 9 / 25, "76.61", Grade.B),
        (Fraction("76.6049") * 9 / 25, "76.60", Grade.C),
        (Fraction("64.995") * 9 / 25, "65.00", Grade.C),
        (Fraction("64.9949") * 9 / 25, "64.99", Grade.D),
        (Fraction("25.00") * 9 / 25, "25.00", Grade.D),
    ],
)
def test_the_grade_is_taken_on_the_value_rounded_half_up_to_two_decimals(
    sum_of_nrrs, rounded, grade
):
    value = _ikm(_all(sum_of_nrrs / 9))
    assert value == sum_of_nrrs * 25 / 9  # exact: no float drift at the boundary
    assert index.rounded(value) == Decimal(rounded)
    assert index.grade(index.rounded(value)) == grade


def test_88_305_from_whole_answers_rounds_to_a():
    # 5,000 respondents answering every element, 158,949 points per element in all:
    # NRR = 31.7898 / 9 each, IKM = 31.7898 * 25 / 9 = 88.305 exactly, graded A.
    nrr = index.nrr(158_949, 45_000)
    value = _ikm(_all(nrr))
    assert value == Fraction("88.305")
    assert index.grade(index.rounded(value)) == Grade.A


@pytest.mark.parametrize(
    ("population", "sample"),
    # Krejcie and Morgan's published table (1970).
    [(10, 10), (20, 19), (50, 44), (100, 80), (500, 217), (1_000, 278), (10_000, 370),
     (100_000, 383), (1_000_000, 384)],
)  # fmt: skip
def test_minimum_sample_matches_krejcie_and_morgans_table(population, sample):
    assert index.minimum_sample(population) == sample


def test_minimum_sample_of_no_population_is_zero():
    assert index.minimum_sample(0) == 0
