"""Budget: each voter spreads exactly the whole budget (100 points by default) over options."""

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
class BudgetParams:
    """``budget``: the points every voter must spend, in full."""

    budget: int = 100

    @classmethod
    def from_dict(cls, data: Any) -> BudgetParams:
        """Validate stored parameters; the budget must be at least 1."""
        return cls(budget=int_param(params_dict(data), "budget", cls.budget, 1))


class Budget:
    """Spread points: ``{"points": {id: n}}``."""

    name = "budget"
    label = "Budget (spread the points)"

    def params_from(self, data: Any) -> BudgetParams:
        """Parameters from their stored form."""
        return BudgetParams.from_dict(data)

    def validate(self, options: Sequence[str], content: Any, params: BudgetParams) -> dict:
        """Non-negative whole points on known options, adding up to exactly the budget."""
        body = require_fields(content, ("points",))
        points = option_amounts(body["points"], options, "points")
        total = sum(points.values())
        if total > params.budget:
            raise BallotError(
                "over_budget", f"{total} points were given; the budget is {params.budget}."
            )
        if total < params.budget:
            raise BallotError(
                "under_budget", f"Spend all {params.budget} points; {total} were given."
            )
        return {"points": points}

    def tally(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: BudgetParams
    ) -> dict:
        """Weighted points per option, and each option's share of all weighted points."""
        counted = count_valid(options, ballots, self.validate, params)
        totals = dict.fromkeys(options, 0.0)
        for content, weight, _voter in counted.ballots:
            for option, number in content["points"].items():
                totals[option] += weight * number
        grand = sum(totals.values())
        shares = {option: (total / grand if grand else 0.0) for option, total in totals.items()}
        return envelope(self.name, counted, rank(options, totals), shares=shares)


METHOD = Budget()
