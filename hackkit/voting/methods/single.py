"""Single choice: each voter picks one option; an option scores the summed voter weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hackkit.voting.methods.base import (
    WeightedBallot,
    count_valid,
    envelope,
    option_id,
    params_dict,
    rank,
    require_fields,
)


@dataclass(frozen=True)
class SingleParams:
    """Single choice takes no parameters."""

    @classmethod
    def from_dict(cls, data: Any) -> SingleParams:
        """Check that the stored parameters are an object (or None)."""
        params_dict(data)
        return cls()


class SingleChoice:
    """Pick one: ``{"choice": id}``."""

    name = "single"
    label = "Single choice"

    def params_from(self, data: Any) -> SingleParams:
        """Parameters from their stored form."""
        return SingleParams.from_dict(data)

    def validate(self, options: Sequence[str], content: Any, params: SingleParams) -> dict:
        """The choice must be one known option id."""
        body = require_fields(content, ("choice",))
        return {"choice": option_id(body["choice"], set(options))}

    def tally(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: SingleParams
    ) -> dict:
        """Weighted totals per option; ``counts`` gives the unweighted number of votes."""
        counted = count_valid(options, ballots, self.validate, params)
        totals = dict.fromkeys(options, 0.0)
        counts = dict.fromkeys(options, 0)
        for content, weight, _voter in counted.ballots:
            totals[content["choice"]] += weight
            counts[content["choice"]] += 1
        return envelope(self.name, counted, rank(options, totals), counts=counts)


METHOD = SingleChoice()
