"""Pairwise judging in the style of Gavel: a judge sees two items and says which is better.

Every raw decision is stored as its own ballot, ``{"winner": id, "loser": id}`` or, when the
judge skips, ``{"skip": [a, b]}``; ``voter_key`` is the judge. The tally replays all decisions
in the order given through CrowdBT (see ``crowd_bt``), so it is reproducible from the raw
decisions alone. Skips are kept and counted but teach the model nothing.

Voter weights: a judge with weight 0 is left out; any positive weight counts the same, because
CrowdBT learns how far to trust each judge from their answers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hackkit.voting.methods import crowd_bt
from hackkit.voting.methods.base import (
    BallotError,
    Counted,
    WeightedBallot,
    count_valid,
    envelope,
    option_id,
    params_dict,
    rank,
    require_fields,
)

DEFAULT_EPSILON = 0.1


@dataclass(frozen=True)
class PairwiseParams:
    """``epsilon``: the share of pairs picked at random instead of by information gain."""

    epsilon: float = DEFAULT_EPSILON

    @classmethod
    def from_dict(cls, data: Any) -> PairwiseParams:
        """Validate stored parameters; epsilon must be between 0 and 1."""
        epsilon = params_dict(data).get("epsilon", cls.epsilon)
        if (
            isinstance(epsilon, bool)
            or not isinstance(epsilon, int | float)
            or not math.isfinite(epsilon)
            or not 0 <= epsilon <= 1
        ):
            raise BallotError("invalid_params", "Parameter 'epsilon' must be between 0 and 1.")
        return cls(epsilon=float(epsilon))


def choose_pair(
    state: dict,
    judge: str,
    items: Sequence[str],
    busy: set[str],
    seen_pairs: set[frozenset],
    rng: random.Random,
    epsilon: float = DEFAULT_EPSILON,
) -> tuple[str, str] | None:
    """The next pair to show ``judge``, or None when they have judged every pair.

    Pairs the judge has already seen (judged or skipped: the caller decides what goes in
    ``seen_pairs``) are never offered again. Pairs with no item in ``busy`` (being looked at by
    other judges now) come first, then pairs with one busy item, then two. Within that group a
    share ``epsilon`` of picks is uniformly random, so the model keeps exploring; the rest
    maximise expected information gain, ties going to the earlier pair in ``items``. The two
    items come back in a random order so neither side of the screen is always the favourite.
    """
    unique = list(dict.fromkeys(items))
    # Seen pairs as ordered tuples both ways: a tuple lookup is far cheaper than building a
    # frozenset for each of the (up to) n²/2 candidates.
    seen = set()
    for pair in seen_pairs:
        if len(pair) == 2:
            x, y = pair
            seen.add((x, y))
            seen.add((y, x))
    groups: dict[int, list[tuple[str, str]]] = {}
    for i, a in enumerate(unique):
        a_busy = a in busy
        for b in unique[i + 1 :]:
            if (a, b) in seen:
                continue
            groups.setdefault(a_busy + (b in busy), []).append((a, b))
    if not groups:
        return None
    candidates = groups[min(groups)]
    if rng.random() < epsilon:
        a, b = rng.choice(candidates)
    else:
        best_gain = -math.inf
        a, b = candidates[0]
        for (x, y), gain in zip(
            candidates, crowd_bt.information_gains(state, judge, candidates), strict=True
        ):
            if gain > best_gain:
                best_gain, a, b = gain, x, y
    return (b, a) if rng.random() < 0.5 else (a, b)


def replay_decisions(counted: Counted) -> dict:
    """The CrowdBT state after every counted decision, applied in the order stored."""
    state = crowd_bt.new_state()
    for content, weight, judge in counted.ballots:
        if weight > 0 and "winner" in content:
            crowd_bt.apply_decision(state, judge, content["winner"], content["loser"])
    return state


class Pairwise:
    """Pick the better of two: ``{"winner": id, "loser": id}`` or ``{"skip": [a, b]}``."""

    name = "pairwise"
    label = "Pairwise judging (CrowdBT)"

    def params_from(self, data: Any) -> PairwiseParams:
        """Parameters from their stored form."""
        return PairwiseParams.from_dict(data)

    def validate(self, options: Sequence[str], content: Any, params: PairwiseParams) -> dict:
        """A decision between, or a skip of, two different known items."""
        known = set(options)
        if isinstance(content, dict) and "skip" in content:
            pair = require_fields(content, ("skip",))["skip"]
            if not isinstance(pair, list) or len(pair) != 2:
                raise BallotError("wrong_type", "'skip' must list the two items shown.")
            a, b = (option_id(item, known) for item in pair)
            if a == b:
                raise BallotError("same_option", "A pair needs two different items.")
            return {"skip": [a, b]}
        body = require_fields(content, ("winner", "loser"))
        winner, loser = option_id(body["winner"], known), option_id(body["loser"], known)
        if winner == loser:
            raise BallotError("same_option", "An item cannot beat itself.")
        return {"winner": winner, "loser": loser}

    def model_state(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: PairwiseParams
    ) -> dict:
        """The CrowdBT state rebuilt from stored decisions, for ``choose_pair``."""
        return replay_decisions(count_valid(options, ballots, self.validate, params))

    def tally(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: PairwiseParams
    ) -> dict:
        """Items ranked by estimated quality (``mu``), with coverage and per-judge figures.

        ``judges`` maps each judge key to their reliability and counts. It is for the
        facilitator only: callers must strip it from any public view.
        """
        counted = count_valid(options, ballots, self.validate, params)
        state = replay_decisions(counted)
        coverage = dict.fromkeys(options, 0)
        judges: dict[str, dict[str, float]] = {}
        for content, weight, judge in counted.ballots:
            figures = judges.setdefault(judge, {"decisions": 0, "skips": 0})
            if "skip" in content:
                figures["skips"] += 1
            elif weight > 0:
                figures["decisions"] += 1
                coverage[content["winner"]] += 1
                coverage[content["loser"]] += 1
        for judge, figures in judges.items():
            belief = crowd_bt.judge_belief(state, judge)
            figures.update(belief, reliability=crowd_bt.reliability(belief))
        quality = {option: dict(crowd_bt.item_belief(state, option)) for option in options}
        return envelope(
            self.name,
            counted,
            rank(options, {option: belief["mu"] for option, belief in quality.items()}),
            coverage=coverage,
            quality=quality,
            skips=sum(1 for content, _weight, _judge in counted.ballots if "skip" in content),
            judges=judges,
        )


METHOD = Pairwise()
