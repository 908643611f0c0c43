"""Segregation indices over the districts, exactly (rationals from integer counts).

x: the group per district, t: all residents per district. Checked in the tests against the
PySAL ``segregation`` package (shared/data/segregation_reference_values.json).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np


def dissimilarity(x: Sequence[int], t: Sequence[int]) -> Fraction | None:
    """Duncan's D = ½ Σ |xᵢ/X − (tᵢ−xᵢ)/(T−X)|; None when the group or the rest is empty."""
    group, total = np.asarray(x, dtype=object), np.asarray(t, dtype=object)
    big_x, big_t = int(group.sum()), int(total.sum())
    if big_x == 0 or big_t == big_x:
        return None
    # Over the common denominator X·(T−X) the terms are integers.
    numerator = int(np.abs(group * (big_t - big_x) - (total - group) * big_x).sum())
    return Fraction(numerator, 2 * big_x * (big_t - big_x))


def isolation(x: Sequence[int], t: Sequence[int]) -> Fraction | None:
    """xPx* = Σ (xᵢ/X)(xᵢ/tᵢ) over the districts with residents; None when X = 0."""
    group, total = np.asarray(x, dtype=object), np.asarray(t, dtype=object)
    big_x = int(group.sum())
    if big_x == 0:
        return None
    inhabited = total > 0
    terms = [
        Fraction(int(xi) * int(xi), int(ti))
        for xi, ti in zip(group[inhabited], total[inhabited], strict=True)
    ]
    return sum(terms, Fraction(0)) / big_x


def interaction(x: Sequence[int], t: Sequence[int]) -> Fraction | None:
    """xPy* = Σ (xᵢ/X)((tᵢ−xᵢ)/tᵢ) = 1 − isolation."""
    value = isolation(x, t)
    return None if value is None else 1 - value
