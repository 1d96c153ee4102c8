"""Approval: each voter approves any number of options (at least one); each approval counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hackkit.voting.methods.base import (
    BallotError,
    WeightedBallot,
    count_valid,
    envelope,
    option_id,
    optional_int_param,
    params_dict,
    rank,
    require_fields,
)


@dataclass(frozen=True)
class ApprovalParams:
    """``max_choices``: the most options one voter may approve; None means no limit."""

    max_choices: int | None = None

    @classmethod
    def from_dict(cls, data: Any) -> ApprovalParams:
        """Validate stored parameters."""
        return cls(max_choices=optional_int_param(params_dict(data), "max_choices", 1))


class Approval:
    """Pick any: ``{"choices": [id, ...]}``."""

    name = "approval"
    label = "Approval (pick any number)"

    def params_from(self, data: Any) -> ApprovalParams:
        """Parameters from their stored form."""
        return ApprovalParams.from_dict(data)

    def validate(self, options: Sequence[str], content: Any, params: ApprovalParams) -> dict:
        """One or more distinct known ids, no more than ``max_choices``; stored in option order."""
        body = require_fields(content, ("choices",))
        choices = body["choices"]
        if not isinstance(choices, list):
            raise BallotError("wrong_type", "'choices' must be a list of option ids.")
        position = {option: index for index, option in enumerate(options)}
        picked = [option_id(choice, position) for choice in choices]
        if not picked:
            raise BallotError("empty_ballot", "Approve at least one option.")
        if len(set(picked)) != len(picked):
            raise BallotError("duplicate_option", "Each option can be approved only once.")
        if params.max_choices is not None and len(picked) > params.max_choices:
            raise BallotError("too_many_choices", f"Approve at most {params.max_choices} options.")
        return {"choices": sorted(picked, key=position.__getitem__)}

    def tally(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: ApprovalParams
    ) -> dict:
        """Weighted approvals per option; ``counts`` gives the unweighted number of approvals."""
        counted = count_valid(options, ballots, self.validate, params)
        totals = dict.fromkeys(options, 0.0)
        counts = dict.fromkeys(options, 0)
        for content, weight, _voter in counted.ballots:
            for choice in content["choices"]:
                totals[choice] += weight
                counts[choice] += 1
        return envelope(self.name, counted, rank(options, totals), counts=counts)


METHOD = Approval()
