"""CrowdBT (Chen et al. 2013, "Pairwise ranking aggregation in a crowdsourced setting"), as used
by Gavel for hackathon judging: Bradley–Terry item qualities with a per-judge reliability.

Each item has a Gaussian belief over its quality (``mu``, ``sigma_sq``); each judge has a Beta
belief (``alpha``, ``beta``) over the probability that they pick the truly better item. Every
decision is one online moment-matching update. The state is plain dicts of floats, so it can be
stored as JSON and rebuilt exactly by replaying the raw decisions in order.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

# Gavel's constants: the weight of judge learning in the information gain, the floor that keeps
# variances positive, and the priors (an item is average and uncertain; a judge is trusted ~90%).
GAMMA = 0.1
KAPPA = 0.0001
MU_PRIOR = 0.0
SIGMA_SQ_PRIOR = 1.0
ALPHA_PRIOR = 10.0
BETA_PRIOR = 1.0

# Keeps the predicted win probability strictly inside (0, 1) so the Beta update never divides
# by zero, however lopsided the beliefs become.
_PROBABILITY_FLOOR = 1e-9


def new_state() -> dict:
    """An empty model: items and judges get their priors when first seen."""
    return {"items": {}, "judges": {}}


def item_belief(state: dict, item: str) -> dict:
    """The item's ``{"mu", "sigma_sq"}``, the prior if the model has not seen it."""
    return state["items"].get(item) or {"mu": MU_PRIOR, "sigma_sq": SIGMA_SQ_PRIOR}


def judge_belief(state: dict, judge: str) -> dict:
    """The judge's ``{"alpha", "beta"}``, the prior if the model has not seen them."""
    return state["judges"].get(judge) or {"alpha": ALPHA_PRIOR, "beta": BETA_PRIOR}


def reliability(belief: dict) -> float:
    """Expected probability that the judge picks the better item."""
    return belief["alpha"] / (belief["alpha"] + belief["beta"])


def update(state: dict, judge: str, winner: str, loser: str) -> dict:
    """The state after ``judge`` said ``winner`` beats ``loser``; the given state is unchanged."""
    new = copy.deepcopy(state)
    apply_decision(new, judge, winner, loser)
    return new


def apply_decision(state: dict, judge: str, winner: str, loser: str) -> None:
    """Update ``state`` in place (the fast path for replaying many decisions)."""
    j = judge_belief(state, judge)
    w = item_belief(state, winner)
    lo = item_belief(state, loser)
    alpha, beta, _ = _updated_judge(
        j["alpha"], j["beta"], w["mu"], w["sigma_sq"], lo["mu"], lo["sigma_sq"]
    )
    mu_w, mu_l = _updated_mus(
        j["alpha"], j["beta"], w["mu"], w["sigma_sq"], lo["mu"], lo["sigma_sq"]
    )
    sq_w, sq_l = _updated_sigma_sqs(
        j["alpha"], j["beta"], w["mu"], w["sigma_sq"], lo["mu"], lo["sigma_sq"]
    )
    state["judges"][judge] = {"alpha": alpha, "beta": beta}
    state["items"][winner] = {"mu": mu_w, "sigma_sq": sq_w}
    state["items"][loser] = {"mu": mu_l, "sigma_sq": sq_l}


def expected_information_gain(state: dict, judge: str, a: str, b: str) -> float:
    """Expected KL divergence between the beliefs before and after the judge compares a and b."""
    j = judge_belief(state, judge)
    alpha, beta = j["alpha"], j["beta"]
    ia, ib = item_belief(state, a), item_belief(state, b)
    mu_a, sq_a, mu_b, sq_b = ia["mu"], ia["sigma_sq"], ib["mu"], ib["sigma_sq"]

    alpha_1, beta_1, p_a_wins = _updated_judge(alpha, beta, mu_a, sq_a, mu_b, sq_b)
    mu_a_1, mu_b_1 = _updated_mus(alpha, beta, mu_a, sq_a, mu_b, sq_b)
    sq_a_1, sq_b_1 = _updated_sigma_sqs(alpha, beta, mu_a, sq_a, mu_b, sq_b)
    alpha_2, beta_2, _ = _updated_judge(alpha, beta, mu_b, sq_b, mu_a, sq_a)
    mu_b_2, mu_a_2 = _updated_mus(alpha, beta, mu_b, sq_b, mu_a, sq_a)
    sq_b_2, sq_a_2 = _updated_sigma_sqs(alpha, beta, mu_b, sq_b, mu_a, sq_a)

    gain_if_a = (
        _divergence_gaussian(mu_a_1, sq_a_1, mu_a, sq_a)
        + _divergence_gaussian(mu_b_1, sq_b_1, mu_b, sq_b)
        + GAMMA * _divergence_beta(alpha_1, beta_1, alpha, beta)
    )
    gain_if_b = (
        _divergence_gaussian(mu_a_2, sq_a_2, mu_a, sq_a)
        + _divergence_gaussian(mu_b_2, sq_b_2, mu_b, sq_b)
        + GAMMA * _divergence_beta(alpha_2, beta_2, alpha, beta)
    )
    return p_a_wins * gain_if_a + (1 - p_a_wins) * gain_if_b


def digamma(x: float) -> float:
    """The digamma function for x > 0 (recurrence up to 10, then the asymptotic series)."""
    result = 0.0
    while x < 10.0:
        result -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))
    return result + math.log(x) - 0.5 / x - series


def _sigmoid(x: float) -> float:
    # Written through exp of a non-positive number so large quality gaps cannot overflow.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _divergence_gaussian(mu_1: float, sq_1: float, mu_2: float, sq_2: float) -> float:
    ratio = sq_1 / sq_2
    return (mu_1 - mu_2) ** 2 / (2 * sq_2) + (ratio - 1 - math.log(ratio)) / 2


def _betaln(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _divergence_beta(alpha_1: float, beta_1: float, alpha_2: float, beta_2: float) -> float:
    return (
        _betaln(alpha_2, beta_2)
        - _betaln(alpha_1, beta_1)
        + (alpha_1 - alpha_2) * digamma(alpha_1)
        + (beta_1 - beta_2) * digamma(beta_1)
        + (alpha_2 - alpha_1 + beta_2 - beta_1) * digamma(alpha_1 + beta_1)
    )


def _updated_mus(
    alpha: float, beta: float, mu_w: float, sq_w: float, mu_l: float, sq_l: float
) -> tuple[float, float]:
    # alpha e^w / (alpha e^w + beta e^l) - e^w / (e^w + e^l), in overflow-safe logistic form.
    mult = _sigmoid(mu_w - mu_l + math.log(alpha / beta)) - _sigmoid(mu_w - mu_l)
    return mu_w + sq_w * mult, mu_l - sq_l * mult


def _updated_sigma_sqs(
    alpha: float, beta: float, mu_w: float, sq_w: float, mu_l: float, sq_l: float
) -> tuple[float, float]:
    q = _sigmoid(mu_w - mu_l + math.log(alpha / beta))
    s = _sigmoid(mu_w - mu_l)
    mult = q * (1 - q) - s * (1 - s)
    return sq_w * max(1 + sq_w * mult, KAPPA), sq_l * max(1 + sq_l * mult, KAPPA)


def _updated_judge(
    alpha: float, beta: float, mu_w: float, sq_w: float, mu_l: float, sq_l: float
) -> tuple[float, float, float]:
    """(alpha, beta) after the judge said w beats l, and the predicted chance of that answer."""
    s = _sigmoid(mu_w - mu_l)
    # Second-order (delta method) estimate of P(w truly better) under the Gaussian beliefs.
    c_1 = s + 0.5 * (sq_w + sq_l) * s * (1 - s) * (1 - 2 * s)
    c_1 = min(max(c_1, _PROBABILITY_FLOOR), 1 - _PROBABILITY_FLOOR)
    c_2 = 1 - c_1
    c = (c_1 * alpha + c_2 * beta) / (alpha + beta)
    total = alpha + beta
    expt = (c_1 * (alpha + 1) * alpha + c_2 * alpha * beta) / (c * (total + 1) * total)
    expt_sq = (c_1 * (alpha + 2) * (alpha + 1) * alpha + c_2 * (alpha + 1) * alpha * beta) / (
        c * (total + 2) * (total + 1) * total
    )
    variance = expt_sq - expt**2
    if variance <= 0:
        return alpha, beta, c  # the Beta is already so sharp that one answer cannot move it
    new_alpha = (expt - expt_sq) * expt / variance
    new_beta = (expt - expt_sq) * (1 - expt) / variance
    if new_alpha <= 0 or new_beta <= 0:
        return alpha, beta, c
    return new_alpha, new_beta, c


def information_gains(state: dict, judge: str, pairs: Sequence[tuple[str, str]]) -> list[float]:
    """``expected_information_gain`` of each pair, bit for bit, in one pass.

    The pair chooser scores hundreds of pairs per request, so this does the same arithmetic in
    the same order but reads each belief once, computes what depends on the judge alone (the
    log-odds of their reliability, the log-Beta of their belief) once, and scores a pair of
    beliefs seen already in this call from memory. Identical floats keep the chooser's ties
    falling exactly as before.
    """
    j = judge_belief(state, judge)
    alpha, beta = j["alpha"], j["beta"]
    log_odds = math.log(alpha / beta)
    betaln_prior = _betaln(alpha, beta)
    items = state["items"]
    prior = (MU_PRIOR, SIGMA_SQ_PRIOR)
    beliefs: dict[str, tuple[float, float]] = {}
    total = alpha + beta
    exp, log, lgamma = math.exp, math.log, math.lgamma
    floor, ceiling = _PROBABILITY_FLOOR, 1 - _PROBABILITY_FLOOR

    def dig(x: float) -> float:
        result = 0.0
        while x < 10.0:
            result -= 1.0 / x
            x += 1.0
        f = 1.0 / (x * x)
        series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))
        return result + log(x) - 0.5 / x - series

    def answer(mu_w: float, sq_w: float, mu_l: float, sq_l: float) -> tuple[float, float]:
        """The chance the judge says w beats l, and the divergence if they do: the inlined
        ``_updated_judge``, ``_updated_mus``, ``_updated_sigma_sqs`` and divergences."""
        d = mu_w - mu_l
        if d >= 0:
            s = 1.0 / (1.0 + exp(-d))
        else:
            e = exp(d)
            s = e / (1.0 + e)
        x = d + log_odds
        if x >= 0:
            q = 1.0 / (1.0 + exp(-x))
        else:
            e = exp(x)
            q = e / (1.0 + e)
        c_1 = s + 0.5 * (sq_w + sq_l) * s * (1 - s) * (1 - 2 * s)
        c_1 = min(max(c_1, floor), ceiling)
        c_2 = 1 - c_1
        c = (c_1 * alpha + c_2 * beta) / (alpha + beta)
        expt = (c_1 * (alpha + 1) * alpha + c_2 * alpha * beta) / (c * (total + 1) * total)
        expt_sq = (c_1 * (alpha + 2) * (alpha + 1) * alpha + c_2 * (alpha + 1) * alpha * beta) / (
            c * (total + 2) * (total + 1) * total
        )
        variance = expt_sq - expt**2
        a_1, b_1 = alpha, beta
        if variance > 0:
            new_alpha = (expt - expt_sq) * expt / variance
            new_beta = (expt - expt_sq) * (1 - expt) / variance
            if new_alpha > 0 and new_beta > 0:
                a_1, b_1 = new_alpha, new_beta
        mult = q - s
        mu_w_1, mu_l_1 = mu_w + sq_w * mult, mu_l - sq_l * mult
        mult = q * (1 - q) - s * (1 - s)
        sq_w_1 = sq_w * max(1 + sq_w * mult, KAPPA)
        sq_l_1 = sq_l * max(1 + sq_l * mult, KAPPA)
        ratio = sq_w_1 / sq_w
        gauss_w = (mu_w_1 - mu_w) ** 2 / (2 * sq_w) + (ratio - 1 - log(ratio)) / 2
        ratio = sq_l_1 / sq_l
        gauss_l = (mu_l_1 - mu_l) ** 2 / (2 * sq_l) + (ratio - 1 - log(ratio)) / 2
        # _divergence_beta(a_1, b_1, alpha, beta), with the log-Beta of the prior hoisted.
        beta_div = (
            betaln_prior
            - (lgamma(a_1) + lgamma(b_1) - lgamma(a_1 + b_1))
            + (a_1 - alpha) * dig(a_1)
            + (b_1 - beta) * dig(b_1)
            + (alpha - a_1 + beta - b_1) * dig(a_1 + b_1)
        )
        # The plain form adds a's divergence then b's; two terms add the same either way.
        return c, gauss_w + gauss_l + GAMMA * beta_div

    # Items with the same belief (all of them, before the first decision) give pairs with the
    # same gain: a pure function of the two beliefs, so it is computed once per distinct pair.
    memo: dict[tuple[tuple[float, float], tuple[float, float]], float] = {}
    gains = []
    for a, b in pairs:
        belief_a = beliefs.get(a)
        if belief_a is None:
            found = items.get(a)
            belief_a = beliefs[a] = (found["mu"], found["sigma_sq"]) if found else prior
        belief_b = beliefs.get(b)
        if belief_b is None:
            found = items.get(b)
            belief_b = beliefs[b] = (found["mu"], found["sigma_sq"]) if found else prior
        key = (belief_a, belief_b)
        known = memo.get(key)
        if known is None:
            mu_a, sq_a = belief_a
            mu_b, sq_b = belief_b
            p_a_wins, gain_if_a = answer(mu_a, sq_a, mu_b, sq_b)
            _, gain_if_b = answer(mu_b, sq_b, mu_a, sq_a)
            known = memo[key] = p_a_wins * gain_if_a + (1 - p_a_wins) * gain_if_b
        gains.append(known)
    return gains
