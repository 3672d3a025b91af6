"""Whether a position falls in any of a list of spans, by binary search.

Readers test every line of a document against the spans of its tables
(``any(s <= pos < e for s, e in spans)`` costs a pass over the spans per
line); the union of the spans, sorted, answers the same question in
logarithmic time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


class SpanSet:
    """``pos in SpanSet(spans)`` ⇔ ``any(s <= pos < e for s, e in spans)``."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in sorted(span for span in spans if span[0] < span[1]):
            if self._ends and s <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], e)  # overlapping or adjacent: one interval
            else:
                self._starts.append(s)
                self._ends.append(e)

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos) - 1  # the only interval that can hold pos
        return k >= 0 and pos < self._ends[k]
