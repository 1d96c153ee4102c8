"""Ranked: voters rank their top k options; tallied by Borda count and by Schulze, both shown.

Partial rankings are read the way voters mean them:

- Borda: with n options, the option at position i (0-based) of a ballot gets n - 1 - i points and
  unranked options get 0. So a top-3 ballot over 10 options gives 9, 8 and 7 points; leaving an
  option out is the same as ranking it below everything listed.
- Schulze: a ranked option is preferred to every unranked one, and unranked options are tied
  with each other (the ballot says nothing about them).

The headline ``ranking`` is Schulze's, because it never lets a majority-preferred option lose to
one the majority ranks below it; ``borda`` is kept beside it for the facilitator to compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hackkit.voting.methods.base import (
    SCORE_DIGITS,
    BallotError,
    WeightedBallot,
    count_valid,
    envelope,
    int_param,
    option_id,
    params_dict,
    rank,
    require_fields,
)


@dataclass(frozen=True)
class RankedParams:
    """``max_rank``: the most options a voter may rank (k)."""

    max_rank: int = 3

    @classmethod
    def from_dict(cls, data: Any) -> RankedParams:
        """Validate stored parameters; k must be at least 1."""
        return cls(max_rank=int_param(params_dict(data), "max_rank", cls.max_rank, 1))


def borda_points(options: Sequence[str], ballots: Sequence[tuple[list[str], float]]) -> dict:
    """Weighted Borda points per option for partial rankings (see the module docstring)."""
    n = len(options)
    points = dict.fromkeys(options, 0.0)
    for ranking, weight in ballots:
        for position, option in enumerate(ranking):
            points[option] += weight * (n - 1 - position)
    return points


def pairwise_preferences(
    options: Sequence[str], ballots: Sequence[tuple[list[str], float]]
) -> dict[str, dict[str, float]]:
    """``d[a][b]``: the total weight of voters who prefer a to b."""
    d = {a: dict.fromkeys(options, 0.0) for a in options}
    for ranking, weight in ballots:
        listed = set(ranking)
        unranked = [option for option in options if option not in listed]
        for position, a in enumerate(ranking):
            row = d[a]
            for b in ranking[position + 1 :]:
                row[b] += weight
            for b in unranked:
                row[b] += weight
    return {a: {b: round(v, SCORE_DIGITS) for b, v in row.items()} for a, row in d.items()}


def schulze_strengths(
    options: Sequence[str], d: dict[str, dict[str, float]]
) -> dict[str, dict[str, float]]:
    """Strongest path strengths ``p[a][b]`` (winning votes), by Floyd–Warshall."""
    n = len(options)
    pref = [[d[a][b] for b in options] for a in options]
    p = [
        [pref[i][j] if i != j and pref[i][j] > pref[j][i] else 0.0 for j in range(n)]
        for i in range(n)
    ]
    for i in range(n):
        p_i = p[i]
        for j in range(n):
            if j == i:
                continue
            p_j = p[j]
            p_ji = p_j[i]
            if p_ji == 0.0:
                continue
            for k in range(n):
                if k != i and k != j:
                    through = p_ji if p_ji < p_i[k] else p_i[k]
                    if through > p_j[k]:
                        p_j[k] = through
    return {a: {b: p[i][j] for j, b in enumerate(options)} for i, a in enumerate(options)}


def schulze_wins(options: Sequence[str], p: dict[str, dict[str, float]]) -> dict[str, int]:
    """How many options each option beats on strongest paths.

    Schulze's relation (a beats b when p[a][b] > p[b][a]) is transitive, so whoever a beats, a
    also beats everything that option beats: counting wins therefore orders options in a way
    that never contradicts the relation, and a Condorcet winner beats all n - 1 others.
    """
    return {a: sum(1 for b in options if b != a and p[a][b] > p[b][a]) for a in options}


class Ranked:
    """Rank your top k: ``{"ranking": [id, ...]}``, best first."""

    name = "ranked"
    label = "Ranked (Borda and Schulze)"

    def params_from(self, data: Any) -> RankedParams:
        """Parameters from their stored form."""
        return RankedParams.from_dict(data)

    def validate(self, options: Sequence[str], content: Any, params: RankedParams) -> dict:
        """Between 1 and k distinct known ids, best first."""
        body = require_fields(content, ("ranking",))
        ranking = body["ranking"]
        if not isinstance(ranking, list):
            raise BallotError("wrong_type", "'ranking' must be a list of option ids.")
        known = set(options)
        ids = [option_id(option, known) for option in ranking]
        if not ids:
            raise BallotError("empty_ballot", "Rank at least one option.")
        if len(set(ids)) != len(ids):
            raise BallotError("duplicate_option", "Each option can be ranked only once.")
        if len(ids) > params.max_rank:
            raise BallotError("ranking_too_long", f"Rank at most {params.max_rank} options.")
        return {"ranking": ids}

    def tally(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: RankedParams
    ) -> dict:
        """Schulze ranking as the headline, with ``borda`` and ``schulze`` rankings both given.

        ``pairwise`` holds ``d[a][b]``, the weight of voters preferring a to b, for display.
        """
        counted = count_valid(options, ballots, self.validate, params)
        rankings = [(content["ranking"], weight) for content, weight, _voter in counted.ballots]
        borda = rank(options, borda_points(options, rankings))
        d = pairwise_preferences(options, rankings)
        schulze = rank(options, schulze_wins(options, schulze_strengths(options, d)))
        return envelope(self.name, counted, schulze, borda=borda, schulze=schulze, pairwise=d)


METHOD = Ranked()
