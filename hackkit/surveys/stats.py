"""The statistics of the impact report: means with confidence intervals, distributions, the
net promoter score, the change before/after, response rates and small-sample warnings.

Pure and dependency-free. The 95 % interval of a mean uses Student's t distribution with
n - 1 degrees of freedom: a satisfaction score from 12 answers is far less certain than the
normal distribution's 1.96 suggests (t = 2.20 at 11 degrees of freedom). The t quantile is
found by inverting the t distribution's CDF, computed from the regularised incomplete beta
function (a continued fraction, evaluated with the modified Lentz method), by bisection.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Below this many answers a figure comes with an "only N answers" warning; below this share of
# the people who could have answered, with a response-rate warning.
FEW_ANSWERS = 10
LOW_RESPONSE_RATE = 0.3


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(ln_front)
    # The fraction converges fast on this side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (e.g. p = 0.975: the 95 % two-sided critical value)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("p must be in (0, 1) and df positive")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:  # df = 1 at p = 0.975 needs 12.7: widen until it is inside
        high *= 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class MeanCI:
    """A mean with its two-sided confidence interval (``low``/``high`` None below 2 answers)."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


def mean_ci(
    values: Sequence[float], level: float = 0.95, bounds: tuple[float, float] | None = None
) -> MeanCI:
    """The mean of ``values`` and its ``level`` confidence interval (t distribution).

    ``bounds``: the scale the answers come from (1-5). A small sample's interval can reach past
    it ("2.9-5.8" on a 1-5 scale), which no mean can; it is cut to the scale, as reported."""
    n = len(values)
    if n == 0:
        return MeanCI(0, None, None, None, None)
    mean = math.fsum(values) / n
    if n < 2:
        return MeanCI(1, mean, None, None, None)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile(0.5 + level / 2.0, n - 1) * sd / math.sqrt(n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return MeanCI(n, mean, sd, low, high)


def distribution(values: Iterable[int], low: int, high: int) -> list[int]:
    """How many answers gave each value from ``low`` to ``high`` (index 0 is ``low``)."""
    counts = Counter(values)
    return [counts.get(v, 0) for v in range(low, high + 1)]


@dataclass(frozen=True)
class NetPromoter:
    """Promoters answer 9-10, passives 7-8, detractors 0-6; the score is %promoters -
    %detractors, from -100 to 100."""

    n: int
    promoters: int
    passives: int
    detractors: int
    score: float | None


def net_promoter(values: Sequence[int]) -> NetPromoter:
    """The net promoter score of 0-10 answers."""
    n = len(values)
    promoters = sum(1 for v in values if v >= 9)
    detractors = sum(1 for v in values if v <= 6)
    passives = n - promoters - detractors
    score = 100.0 * (promoters - detractors) / n if n else None
    return NetPromoter(n, promoters, passives, detractors, score)


@dataclass(frozen=True)
class Change:
    """A learning goal before and after: both means, their difference and, for the phones
    that answered both times, the share whose self-assessment rose."""

    before: MeanCI
    after: MeanCI
    change: float | None
    pairs: int
    improved: int
    improved_share: float | None


def pre_post(
    before: Sequence[int], after: Sequence[int], pairs: Sequence[tuple[int, int]]
) -> Change:
    """The change in a 1-5 self-assessment from ``before`` to ``after``."""
    b, a = mean_ci(before), mean_ci(after)
    change = a.mean - b.mean if a.mean is not None and b.mean is not None else None
    improved = sum(1 for first, last in pairs if last > first)
    share = improved / len(pairs) if pairs else None
    return Change(b, a, change, len(pairs), improved, share)


def response_rate(answers: int, eligible: int) -> float | None:
    """Answers as a share of the people who could answer (None when nobody could)."""
    return answers / eligible if eligible > 0 else None


def sample_warnings(answers: int, eligible: int) -> list[str]:
    """What a reader must know before reading a figure from this many answers."""
    notes = []
    if answers == 0:
        return ["No answers yet."]
    if answers < FEW_ANSWERS:
        notes.append(f"Only {answers} answer{'s' if answers != 1 else ''}: too few to generalise.")
    rate = response_rate(answers, eligible)
    if rate is not None and rate < LOW_RESPONSE_RATE:
        notes.append(
            f"Only {rate:.0%} of {eligible} participants answered: those who did may not "
            "speak for the rest."
        )
    return notes


def word_counts(words: Iterable[str], limit: int = 40) -> list[tuple[str, int]]:
    """The most frequent words, most frequent first (ties alphabetically)."""
    counts = Counter(w for w in words if w)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def shares(values: Iterable[str]) -> list[tuple[str, int]]:
    """Each distinct value with its count, most frequent first (ties alphabetically)."""
    return word_counts(values, limit=1000)
