"""Compare groups (speakers, outlets, events): aggregates with bootstrap uncertainty, keyness.

Functions return tidy tables; :mod:`stanceviz.plot` draws them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["bootstrap_ci", "rng"]


def rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    """Resolve a seed into a Generator (the one place stanceviz turns seeds into randomness).

    ``None`` is refused: every random step in stanceviz takes an explicit seed.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise ValueError("stanceviz needs an explicit integer seed; got None.")
    return np.random.default_rng(int(seed))


def bootstrap_ci(
    values, *, n_boot: int = 2000, seed: int | np.random.Generator = 0, ci: float = 0.95
) -> tuple[float, float, float]:
    """Mean of ``values`` with a percentile bootstrap confidence interval.

    Returns ``(mean, low, high)``; NaNs for an empty input and ``(x, x, x)`` for one value.

    >>> bootstrap_ci([1.0, 1.0, 1.0])
    (1.0, 1.0, 1.0)
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return (float("nan"), float("nan"), float("nan"))
    mean = float(x.mean())
    if x.size == 1 or n_boot <= 0:
        return (mean, mean, mean)
    gen = rng(seed)
    idx = gen.integers(0, x.size, size=(n_boot, x.size))
    means = x[idx].mean(axis=1)
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return (mean, float(low), float(high))
