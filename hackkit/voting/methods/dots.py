"""Dot voting: each voter sticks up to k dots on ideas, at most m on any one idea.

Using fewer than k dots is allowed (at least one): a voter who likes only two ideas should not
be forced to spend the rest on ideas they do not support.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hackkit.voting.methods.base import (
    BallotError,
    WeightedBallot,
    count_valid,
    envelope,
    int_param,
    option_amounts,
    params_dict,
    rank,
    require_fields,
)


@dataclass(frozen=True)
class DotsParams:
    """``dots``: dots per voter (k); ``max_per_option``: most dots on one option (m)."""

    dots: int = 5
    max_per_option: int = 3

    @classmethod
    def from_dict(cls, data: Any) -> DotsParams:
        """Validate stored parameters; both must be at least 1."""
        data = params_dict(data)
        return cls(
            dots=int_param(data, "dots", cls.dots, 1),
            max_per_option=int_param(data, "max_per_option", cls.max_per_option, 1),
        )


class Dots:
    """Spread dots: ``{"dots": {id: n}}``."""

    name = "dots"
    label = "Dot voting"

    def params_from(self, data: Any) -> DotsParams:
        """Parameters from their stored form."""
        return DotsParams.from_dict(data)

    def validate(self, options: Sequence[str], content: Any, params: DotsParams) -> dict:
        """Between 1 and k dots in total, none of the counts above m."""
        body = require_fields(content, ("dots",))
        dots = option_amounts(body["dots"], options, "dots")
        for option, number in dots.items():
            if number > params.max_per_option:
                raise BallotError(
                    "too_many_on_one_option",
                    f"At most {params.max_per_option} dots can go on one option ({option!r}).",
                )
        total = sum(dots.values())
        if total == 0:
            raise BallotError("empty_ballot", "Place at least one dot.")
        if total > params.dots:
            raise BallotError("too_many_dots", f"You have {params.dots} dots; {total} were placed.")
        return {"dots": dots}

    def tally(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: DotsParams
    ) -> dict:
        """Weighted dots per option; ``counts`` gives the unweighted dots."""
        counted = count_valid(options, ballots, self.validate, params)
        totals = dict.fromkeys(options, 0.0)
        counts = dict.fromkeys(options, 0)
        for content, weight, _voter in counted.ballots:
            for option, number in content["dots"].items():
                totals[option] += weight * number
                counts[option] += number
        return envelope(self.name, counted, rank(options, totals), counts=counts)


METHOD = Dots()
