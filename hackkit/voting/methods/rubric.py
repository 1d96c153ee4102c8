"""Jury rubric: jurors score items 1–5 on weighted criteria.

Jurors differ in how harshly they score, so the facilitator sees two results side by side:

- raw: per item, the voter-weighted mean over jurors of the weighted criterion sum;
- normalised: each juror's per-item weighted sums turned into z-scores over the items that
  juror scored, then the voter-weighted mean over the jurors who scored the item. A juror whose
  scores are all equal (or who scored one item) says nothing about order and contributes 0.

The headline ``ranking`` is the normalised one; ``raw_ranking`` follows the raw means.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hackkit.voting.methods.base import (
    BallotError,
    WeightedBallot,
    count_valid,
    envelope,
    option_id,
    params_dict,
    rank,
    require_fields,
    whole_number,
)

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
# Below this a juror's spread is float noise, not a preference.
FLAT_SPREAD = 1e-9


@dataclass(frozen=True)
class Criterion:
    """One rubric line; ``weight`` is already normalised so all weights sum to 1."""

    key: str
    label: str
    weight: float


@dataclass(frozen=True)
class RubricParams:
    """``criteria``: ``[{key, label, weight}]``; weights positive, normalised to sum to 1."""

    criteria: tuple[Criterion, ...]

    @classmethod
    def from_dict(cls, data: Any) -> RubricParams:
        """Validate stored criteria: at least one, distinct keys, positive weights."""
        raw = params_dict(data).get("criteria")
        if not isinstance(raw, list) or not raw:
            raise BallotError("invalid_params", "A rubric needs a list of at least one criterion.")
        parsed: list[tuple[str, str, float]] = []
        for entry in raw:
            if not isinstance(entry, dict):
                raise BallotError("invalid_params", "Each criterion must be an object.")
            key, label, weight = entry.get("key"), entry.get("label"), entry.get("weight", 1)
            if not isinstance(key, str) or not key:
                raise BallotError("invalid_params", "Each criterion needs a non-empty 'key'.")
            if label is None:
                label = key
            if not isinstance(label, str):
                raise BallotError(
                    "invalid_params", f"Criterion {key!r} has a label that is not text."
                )
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not math.isfinite(weight)
                or weight <= 0
            ):
                raise BallotError("invalid_params", f"Criterion {key!r} needs a weight above 0.")
            parsed.append((key, label, float(weight)))
        keys = [key for key, _label, _weight in parsed]
        if len(set(keys)) != len(keys):
            raise BallotError("invalid_params", "Criterion keys must be distinct.")
        total = sum(weight for _key, _label, weight in parsed)
        return cls(tuple(Criterion(key, label, weight / total) for key, label, weight in parsed))


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs, or None when there is no weight at all."""
    total = sum(weight for _value, weight in pairs)
    if total <= 0:
        return None
    return sum(value * weight for value, weight in pairs) / total


def juror_z_scores(sums: dict[str, float]) -> dict[str, float]:
    """One juror's per-item sums as z-scores (population spread); all 0 when flat or single."""
    if len(sums) < 2:
        return dict.fromkeys(sums, 0.0)
    mean = statistics.fmean(sums.values())
    spread = statistics.pstdev(sums.values(), mu=mean)
    if spread < FLAT_SPREAD:
        return dict.fromkeys(sums, 0.0)
    return {item: (value - mean) / spread for item, value in sums.items()}


class Rubric:
    """Score items on criteria: ``{"scores": {item_id: {criterion_key: 1..5}}}``."""

    name = "rubric"
    label = "Jury rubric"

    def params_from(self, data: Any) -> RubricParams:
        """Parameters from their stored form."""
        return RubricParams.from_dict(data)

    def validate(self, options: Sequence[str], content: Any, params: RubricParams) -> dict:
        """At least one known item, each with every criterion scored 1–5 and nothing else."""
        body = require_fields(content, ("scores",))
        scores = body["scores"]
        if not isinstance(scores, dict):
            raise BallotError("wrong_type", "'scores' must map item ids to criterion scores.")
        if not scores:
            raise BallotError("empty_ballot", "Score at least one item.")
        position = {option: index for index, option in enumerate(options)}
        keys = [criterion.key for criterion in params.criteria]
        cleaned: dict[str, dict[str, int]] = {}
        for item, marks in scores.items():
            item = option_id(item, position)
            if not isinstance(marks, dict):
                raise BallotError(
                    "wrong_type", f"Scores for {item!r} must map criteria to numbers."
                )
            for key in marks:
                if key not in keys:  # list membership: unhashable junk cannot raise here
                    raise BallotError("unknown_criterion", f"There is no criterion {key!r}.")
            missing = [key for key in keys if key not in marks]
            if missing:
                raise BallotError(
                    "missing_criterion", f"{item!r} needs a score for {missing[0]!r}."
                )
            row: dict[str, int] = {}
            for key in keys:
                score = whole_number(marks[key], f"The score for {key!r}")
                if not LOWEST_SCORE <= score <= HIGHEST_SCORE:
                    raise BallotError(
                        "score_out_of_range",
                        f"Scores go from {LOWEST_SCORE} to {HIGHEST_SCORE}; {key!r} got {score}.",
                    )
                row[key] = score
            cleaned[item] = row
        return {"scores": dict(sorted(cleaned.items(), key=lambda entry: position[entry[0]]))}

    def tally(
        self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: RubricParams
    ) -> dict:
        """Raw and normalised results per item, per-criterion means and coverage.

        Ballots are merged per ``voter_key`` in the order given: a later ballot replaces that
        juror's scores for the items it covers, and its weight becomes the juror's weight.
        Jurors with weight 0 are left out entirely.
        """
        counted = count_valid(options, ballots, self.validate, params)
        jurors: dict[str, tuple[float, dict[str, dict[str, int]]]] = {}
        for content, weight, voter in counted.ballots:
            _old_weight, scores = jurors.get(voter, (weight, {}))
            jurors[voter] = (weight, {**scores, **content["scores"]})

        sums_by_item: dict[str, list[tuple[float, float]]] = {o: [] for o in options}
        z_by_item: dict[str, list[tuple[float, float]]] = {o: [] for o in options}
        marks_by_item: dict[str, dict[str, list[tuple[float, float]]]] = {
            o: {criterion.key: [] for criterion in params.criteria} for o in options
        }
        counted_jurors = 0
        for weight, scores in jurors.values():
            if weight <= 0:
                continue
            counted_jurors += 1
            sums = {
                item: sum(c.weight * marks[c.key] for c in params.criteria)
                for item, marks in scores.items()
            }
            for item, z in juror_z_scores(sums).items():
                sums_by_item[item].append((sums[item], weight))
                z_by_item[item].append((z, weight))
                for key, score in scores[item].items():
                    marks_by_item[item][key].append((float(score), weight))

        raw = {o: _weighted_mean(sums_by_item[o]) for o in options}
        normalised = {o: _weighted_mean(z_by_item[o]) for o in options}
        unscored = [o for o in options if raw[o] is None]
        criterion_means = {
            o: {key: _weighted_mean(pairs) for key, pairs in marks_by_item[o].items()}
            for o in options
        }
        return envelope(
            self.name,
            counted,
            rank(options, {o: v or 0.0 for o, v in normalised.items()}, last=unscored),
            raw_ranking=rank(options, {o: v or 0.0 for o, v in raw.items()}, last=unscored),
            raw=raw,
            normalised=normalised,
            criterion_means=criterion_means,
            coverage={o: len(sums_by_item[o]) for o in options},
            jurors=counted_jurors,
        )


METHOD = Rubric()
