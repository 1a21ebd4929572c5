"""Verification error rates with exact confidence intervals, and the rule that picks a threshold on
one split and checks it against the FAR target on another. Pure functions over distance lists (no
images, no face library), so the rules are testable on synthetic numbers.

A distance of `math.inf` means "no encoding": for a genuine pair the kiosk cannot decide itself and
sends the citizen to staff; for an impostor pair nothing was compared, so the pair is not counted
(counting it as a correct rejection would shrink the FAR bound without any comparison made)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

FAR_TARGET = 0.001        # issue #15: impostor PASS <= 0.1 %, judged on the 95 % upper bound
CONFIDENCE = 0.95
ZERO_FA_MARGIN = 0.02     # below the closest tuning impostor when the target cannot be shown
MIN_BAND = 0.04
MATCH_SLACK = 0.05      # over the genuine-MATCH target, for people not in the tuning split
GRID_STEP = 0.005


def _binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (n up to ~10^6 is fine)."""
    if k < 0:
        return 0.0
    if k >= n or p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)
    lgn = math.lgamma(n + 1)
    return min(1.0, sum(math.exp(lgn - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
                        for i in range(k + 1)))


def _solve_decreasing(target: float, cdf_k: int, n: int) -> float:
    """The p in (0, 1) where P(X <= cdf_k; n, p) == target (the CDF falls as p grows): bisection."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if _binom_cdf(cdf_k, n, mid) > target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    return (lo + hi) / 2


def clopper_pearson(k: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided interval for a proportion of k in n. Conservative: it
    covers the true rate at least `confidence` of the time. k == 0 gives the upper bound
    1 - (alpha/2)^(1/n), about 3.7/n at 95 % (the "rule of three" is the one-sided 3/n)."""
    if n <= 0:
        return 0.0, 1.0
    if not 0 <= k <= n:
        raise ValueError(f"count {k} out of 0..{n}")
    alpha = 1.0 - confidence
    low = 0.0 if k == 0 else _solve_decreasing(1.0 - alpha / 2, k - 1, n)
    high = 1.0 if k == n else _solve_decreasing(alpha / 2, k, n)
    return low, high


@dataclass(frozen=True)
class Proportion:
    """k of n, with its exact 95 % interval."""

    count: int
    total: int
    low: float
    high: float

    @classmethod
    def of(cls, count: int, total: int) -> "Proportion":
        low, high = clopper_pearson(count, total)
        return cls(count, total, low, high)

    @property
    def rate(self) -> float:
        return self.count / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.rate:.2%} ({self.count}/{self.total}; 95 % CI {self.low:.2%}–{self.high:.2%})"


@dataclass(frozen=True)
class OperatingPoint:
    """What citizens see at one threshold and band: MATCH at or below `threshold`, to staff within
    the band above it (or when the reference had no usable face), NO_MATCH beyond."""

    threshold: float
    band: float
    impostor_pass: Proportion      # FAR: an impostor gets MATCH
    impostor_staff: Proportion     # an impostor is sent to staff (costs staff time, not security)
    genuine_match: Proportion      # self-service works
    genuine_staff: Proportion      # uncertain or unusable reference: staff checks
    genuine_reject: Proportion     # NO_MATCH: the citizen is told it did not match

    @property
    def frr(self) -> Proportion:
        """Genuine citizens not matched (staff + no match)."""
        g = self.genuine_match
        return Proportion.of(g.total - g.count, g.total)

    def far_target_met(self, target: float = FAR_TARGET) -> bool:
        """Only the interval's upper bound counts: a point estimate of 0 on a few hundred pairs
        shows nothing."""
        return self.impostor_pass.total > 0 and self.impostor_pass.high <= target


def operating_point(genuine: Sequence[float], impostor: Sequence[float], threshold: float,
                    band: float) -> OperatingPoint:
    imp = [d for d in impostor if math.isfinite(d)]
    n_g = len(genuine)
    match = sum(d <= threshold for d in genuine)
    staff = sum(threshold < d <= threshold + band or not math.isfinite(d) for d in genuine)
    return OperatingPoint(
        threshold, band,
        Proportion.of(sum(d <= threshold for d in imp), len(imp)),
        Proportion.of(sum(threshold < d <= threshold + band for d in imp), len(imp)),
        Proportion.of(match, n_g),
        Proportion.of(staff, n_g),
        Proportion.of(n_g - match - staff, n_g),
    )


def eer_threshold(genuine: Sequence[float], impostor: Sequence[float]) -> float:
    """Threshold on the grid where FAR and FRR are closest (finite distances only)."""
    g = [d for d in genuine if math.isfinite(d)]
    i = [d for d in impostor if math.isfinite(d)]
    if not g or not i:
        return 0.6
    grid = _grid()

    def gap(t: float) -> float:
        return abs(sum(d <= t for d in i) / len(i) - sum(d > t for d in g) / len(g))

    return min(grid, key=gap)


@dataclass(frozen=True)
class Choice:
    threshold: float
    band: float
    rule: str            # how it was chosen, for the report and the calibration file's "source"


def _grid() -> list[float]:
    return [round(0.2 + GRID_STEP * s, 3) for s in range(int(0.7 / GRID_STEP) + 1)]


def choose(genuine: Sequence[float], impostor: Sequence[float], match_target: float,
           target: float = FAR_TARGET) -> Choice:
    """Pick threshold and band on the TUNING split.

    If these pairs can show the FAR target: the largest grid threshold whose FAR upper bound is
    <= target. With fewer than ~3 700 impostor pairs nothing can show it (0 false accepts still
    bounds FAR at 3.7/n), and the closest impostor of a few people says little about everyone
    else; then: the strictest threshold that still gives `match_target` + MATCH_SLACK of the
    genuine pairs a MATCH, and never above the closest impostor minus ZERO_FA_MARGIN.
    Band (to staff): up to the furthest of the EER threshold, the closest impostor minus the
    margin, and threshold + MIN_BAND: pairs the data cannot separate are checked by a person."""
    imp = sorted(d for d in impostor if math.isfinite(d))
    if not imp:
        raise ValueError("no impostor pairs to choose a threshold on")
    n = len(imp)
    grid = _grid()
    below_closest = [t for t in grid if t <= imp[0] - ZERO_FA_MARGIN]
    cap = max(below_closest) if below_closest else grid[0]
    # the upper bound grows with the count: find the most false accepts the target tolerates once
    most = -1
    while most + 1 <= n and clopper_pearson(most + 1, n)[1] <= target:
        most += 1
    shown = [t for t in grid if sum(d <= t for d in imp) <= most]
    if shown:
        threshold = max(shown)
        rule = f"largest threshold with FAR 95 % upper bound <= {target:.2%} on {n} tuning impostor pairs"
    else:
        gen = sorted(genuine)
        want = min(match_target + MATCH_SLACK, 1.0)
        quantile = gen[max(math.ceil(want * len(gen)) - 1, 0)] if gen else math.inf
        enough = [t for t in grid if t >= quantile]
        threshold = min(min(enough) if enough else cap, cap)
        rule = (f"FAR target not demonstrable on {n} tuning impostor pairs (0 false accepts bounds FAR at "
                f"{clopper_pearson(0, n)[1]:.2%}): the strictest threshold giving {want:.0%} genuine MATCH "
                f"({quantile:.3f}), capped at the closest impostor {imp[0]:.3f} minus {ZERO_FA_MARGIN}")
    upper = max(eer_threshold(genuine, impostor), cap, threshold + MIN_BAND)
    return Choice(threshold, round(upper - threshold, 3), rule)


def refusals(held_out: Mapping[str, OperatingPoint], target: float = FAR_TARGET) -> list[str]:
    """One message per reference kind whose HELD-OUT FAR upper bound is above the target: such a
    threshold must not be written without the operator's explicit override."""
    return [f"the {kind} threshold {op.threshold:.3f} has a held-out FAR upper bound of {op.impostor_pass.high:.2%} "
            f"({op.impostor_pass.count} of {op.impostor_pass.total} impostor pairs accepted), above the {target:.1%} target"
            for kind, op in held_out.items() if not op.far_target_met(target)]
