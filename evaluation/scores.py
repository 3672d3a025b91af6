"""Precision, recall and F1 over sets of items."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def compare(
    predicted: Iterable[Hashable], gold: Iterable[Hashable], neutral: Iterable[Hashable] = ()
) -> Score:
    """Score a predicted set against a gold set; items in ``neutral`` count neither way."""
    p, g, n = set(predicted), set(gold), set(neutral)
    return Score(tp=len(p & g), fp=len(p - g - n), fn=len(g - p))
